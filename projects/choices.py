from django.db import models
from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts


class ProjectState(models.TextChoices):
    """planning → schedule submitted → approved → in progress → completed; a returned schedule goes back to
    planning [seed 001 §6]. A project whose contract is terminated (by mutual agreement) is stopped, from any open
    state: nothing more is done on it."""

    PLANNING = "planning", _("Planning")
    SCHEDULE_SUBMITTED = "schedule_submitted", _("Schedule submitted")
    APPROVED = "approved", _("Schedule approved")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped: contract terminated")


ACTIVE_STATES = (ProjectState.APPROVED, ProjectState.IN_PROGRESS)
CLOSED_STATES = (ProjectState.COMPLETED, ProjectState.STOPPED)
OPEN_PROJECT_STATES = (
    ProjectState.PLANNING,
    ProjectState.SCHEDULE_SUBMITTED,
    ProjectState.APPROVED,
    ProjectState.IN_PROGRESS,
)


class ProjectEvent(models.TextChoices):
    STARTED = "started", _("started from the signed contract")
    SCHEDULE_RETURNED = "schedule_returned", _("schedule returned")
    FIRST_STAGE = "first_stage", _("first stage started")
    COMPLETED = "completed", _("completion acceptance passed")
    STOPPED = "stopped", _("stopped: contract terminated")


PROJECT_TEXTS = CodedTexts(
    {
        ProjectEvent.STARTED: _("Started when contract %(number)s was signed"),
        ProjectEvent.SCHEDULE_RETURNED: _("Schedule returned for changes"),
        ProjectEvent.FIRST_STAGE: _("Work started with %(stage)s"),
        ProjectEvent.COMPLETED: _("Completion acceptance passed"),
        ProjectEvent.STOPPED: _("Stopped: contract %(number)s was terminated"),
    }
)


class AcceptanceNode(models.TextChoices):
    """The named acceptances [seed 000 §8]; every other stage is accepted too, as a plain stage acceptance."""

    STAGE = "stage", _("Stage acceptance")
    HIDDEN_WORKS = "hidden_works", _("Hidden-works acceptance")
    MID_TERM = "mid_term", _("Mid-term acceptance")
    COMPLETION = "completion", _("Completion acceptance")


class AcceptanceResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class StageStatus(models.TextChoices):
    """Read from the stage's dates and its last acceptance (never written)."""

    PENDING = "pending", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Failed acceptance: rectify and re-inspect")
    ACCEPTED = "accepted", _("Accepted")


class DelayCause(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    COMPANY = "company", _("Company")
    WEATHER = "weather", _("Weather")
    SUPPLY = "supply", _("Supply")
    OTHER = "other", _("Other")


class QualityIssueState(models.TextChoices):
    RAISED = "raised", _("Raised")
    RESPONDED = "responded", _("Responded")
    RECTIFIED = "rectified", _("Rectified")
    CONFIRMED = "confirmed", _("Confirmed by the customer")
