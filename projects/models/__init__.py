"""Construction projects [seed 000 §8; 001 §6]: started by a signed contract, its stages from the admin's template,
each accepted before the next; progress updates, delay notices and quality issues. Every write is in services/."""

from .project import Project, ProjectTransition, Stage, StageTemplate
from .records import (
    Acceptance,
    AcceptancePhoto,
    CareHandover,
    DelayNotice,
    ProgressPhoto,
    ProgressUpdate,
    QualityIssue,
)

__all__ = [
    "Acceptance",
    "AcceptancePhoto",
    "CareHandover",
    "DelayNotice",
    "ProgressPhoto",
    "ProgressUpdate",
    "Project",
    "ProjectTransition",
    "QualityIssue",
    "Stage",
    "StageTemplate",
]
