"""The leads' models: leads and their ownership (lead.py); appeals against a collision (appeal.py); appointments,
measurement and proposals (design.py); questions answered later (consultation.py)."""

from .appeal import Appeal, AppealStep
from .consultation import Consultation
from .design import (
    Appointment,
    AppointmentReschedule,
    DesignProposal,
    MeasurementPhoto,
    MeasurementRoom,
    MeasurementVisit,
    ProposalFile,
)
from .lead import (
    Collision,
    ContactLog,
    Lead,
    LeadAssignment,
    LeadTransition,
    SalesRotation,
)

__all__ = [
    "Lead",
    "LeadTransition",
    "LeadAssignment",
    "ContactLog",
    "Collision",
    "Appeal",
    "Consultation",
    "AppealStep",
    "SalesRotation",
    "Appointment",
    "AppointmentReschedule",
    "MeasurementVisit",
    "MeasurementRoom",
    "MeasurementPhoto",
    "DesignProposal",
    "ProposalFile",
]
