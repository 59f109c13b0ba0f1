"""The leads' models: leads and their ownership (lead.py); appointments, measurement and proposals (design.py)."""

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
    Appeal,
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
    "SalesRotation",
    "Appointment",
    "AppointmentReschedule",
    "MeasurementVisit",
    "MeasurementRoom",
    "MeasurementPhoto",
    "DesignProposal",
    "ProposalFile",
]
