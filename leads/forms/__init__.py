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
    AppealDecideForm,
    AppealForm,
    AppealReasonForm,
    AssignForm,
    ContactForm,
    LeadCaptureForm,
    LeadEditForm,
    LostForm,
    NoteForm,
    RejectForm,
)

__all__ = [
    "DATE",
    "LeadCaptureForm",
    "LeadEditForm",
    "ContactForm",
    "NoteForm",
    "RejectForm",
    "LostForm",
    "AssignForm",
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
