"""The leads' forms: capture, contacts, transitions, pool and appeals (lead.py); appointments, measurement and
proposals (design.py)."""

from .design import (
    ROOM_LINE,
    AppointmentBookForm,
    AppointmentReconfirmForm,
    AppointmentRescheduleForm,
    DesignerForm,
    MeasurementConfirmForm,
    MeasurementRecordForm,
    ProposalAddForm,
    ProposalResponseForm,
    parse_rooms,
)
from .lead import (
    DATE,
    AnswerForm,
    AppealDecideForm,
    AppealForm,
    AppealReasonForm,
    AssignForm,
    ContactForm,
    LeadCaptureForm,
    LostForm,
    NoteForm,
    QuestionForm,
    RejectForm,
)

__all__ = [
    "DATE",
    "LeadCaptureForm",
    "ContactForm",
    "NoteForm",
    "RejectForm",
    "LostForm",
    "AssignForm",
    "QuestionForm",
    "AnswerForm",
    "AppealForm",
    "AppealDecideForm",
    "AppealReasonForm",
    "AppointmentBookForm",
    "AppointmentReconfirmForm",
    "AppointmentRescheduleForm",
    "DesignerForm",
    "ROOM_LINE",
    "parse_rooms",
    "MeasurementRecordForm",
    "MeasurementConfirmForm",
    "ProposalAddForm",
    "ProposalResponseForm",
]
