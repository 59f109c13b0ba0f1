"""The leads' forms: capture, contacts, transitions, pool and appeals (lead.py); appointments, measurement and
proposals (design.py)."""

from .design import (
    AppointmentBookForm,
    AppointmentReconfirmForm,
    AppointmentRescheduleForm,
    DesignerForm,
    MeasurementConfirmForm,
    MeasurementRecordForm,
    ProposalAddForm,
    ProposalResponseForm,
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
    LeadEditForm,
    LostForm,
    NoteForm,
    QuestionForm,
    RejectForm,
)
from .rooms import ROOM_LINE, parse_rooms

__all__ = [
    "DATE",
    "LeadCaptureForm",
    "LeadEditForm",
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
