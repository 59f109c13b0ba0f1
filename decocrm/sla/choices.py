from django.db import models
from django.utils.translation import gettext_lazy as _


class ClockKind(models.TextChoices):
    """Every service promise in PRODUCT.md's table of service clocks."""

    FIRST_CONTACT = "first_contact", _("First contact")
    DESIGN_PROPOSAL = "design_proposal", _("Design proposal")
    MEASUREMENT_RESULTS = "measurement_results", _("Measurement results")
    PROGRESS_UPDATE = "progress_update", _("Weekly progress update")
    DELAY_NOTICE = "delay_notice", _("Delay notice")
    QUALITY_RESPONSE = "quality_response", _("Quality issue response")
    QUALITY_RECTIFICATION = "quality_rectification", _("Quality issue rectification")
    ARCHIVE_HANDOVER = "archive_handover", _("Archive handover")
    REPAIR_CONTACT = "repair_contact", _("Repair contact")
    REPAIR_ON_SITE = "repair_on_site", _("Repair response (on site)")
    FIRST_REVISIT = "first_revisit", _("First revisit")
    REPAIR_REVISIT = "repair_revisit", _("Post-repair revisit")
    COMPLAINT_SOLUTION = "complaint_solution", _("Complaint solution")
    COMPLAINT_CLOSURE = "complaint_closure", _("Complaint closure")
    MAJOR_COMPLAINT_ESCALATION = "major_complaint_escalation", _("Major-complaint escalation")
    COMPLAINT_REVISIT = "complaint_revisit", _("Complaint revisit")
    KEY_ACCOUNT_CONTACT = "key_account_contact", _("Key-account contact")
    KEY_ACCOUNT_RESPONSE = "key_account_response", _("Key-account request response")
    KEY_ACCOUNT_SOLUTION = "key_account_solution", _("Key-account request solution")
    VISIT_RECORD = "visit_record", _("Visit record")


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")  # still running, past due
    MET_LATE = "met_late", _("Met late")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (ClockState.RUNNING, ClockState.PAUSED, ClockState.BREACHED)
CLOSED_STATES = (ClockState.MET, ClockState.MET_LATE, ClockState.CANCELLED)


class ClockAction(models.TextChoices):
    START = "start", _("Started")
    PAUSE = "pause", _("Paused")
    RESUME = "resume", _("Resumed")
    STOP = "stop", _("Stopped")
    CANCEL = "cancel", _("Cancelled")
    RECOMPUTE = "recompute", _("Deadline recomputed")
    HAND_OVER = "hand_over", _("Handed over")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    TEAM = 1, _("Owner and team manager told")
    COMPANY = 2, _("Company managers told")
