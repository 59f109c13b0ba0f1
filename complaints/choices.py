"""The complaint's states, channels, major reasons, classifications and the system's sentences [seed 001 §7, 002]."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts


class ComplaintState(models.TextChoices):
    """received → assigned (a handler who is not the staff member complained about) → investigating → solution
    proposed → approved (where the rules require) → resolved (the result fed back to the customer) → closed (the
    customer's satisfaction with the handling recorded). A declined solution goes back to investigating."""

    RECEIVED = "received", _("Awaiting a handler")
    ASSIGNED = "assigned", _("Assigned")
    INVESTIGATING = "investigating", _("Investigating")
    SOLUTION_PROPOSED = "solution_proposed", _("Solution proposed")
    APPROVED = "approved", _("Solution approved")
    RESOLVED = "resolved", _("Resolved (fed back)")
    CLOSED = "closed", _("Closed")


OPEN_STATES = tuple(s for s in ComplaintState if s != ComplaintState.CLOSED)
CLOSED_STATES = (ComplaintState.CLOSED,)
# Where the handler may still change hands (once a solution is approved, the handling is done).
REASSIGNABLE_STATES = (ComplaintState.ASSIGNED, ComplaintState.INVESTIGATING, ComplaintState.SOLUTION_PROPOSED)


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline call")
    VISIT = "visit", _("In person")
    WECHAT = "wechat", _("WeChat")
    LETTER = "letter", _("Letter or email")
    ONLINE = "online", _("Website or platform")
    REVISIT = "revisit", _("Raised in a revisit")
    STAFF = "staff", _("Passed on by staff")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    MAJOR = "major", _("Major")


class RevisitTier(models.TextChoices):
    """Who makes the post-complaint revisit [seed 002 客户管理制度 1.3] (services/revisit.py reads it from the case)."""

    ORDINARY = "ordinary", _("Ordinary: customer relations")
    IMPORTANT = "important", _("Important: the department's manager")
    MAJOR = "major", _("Major: a company manager")


class MajorReason(models.TextChoices):
    """Why a complaint is major [seed 002 §2.5]: a repeat is set by the intake service, the others are said."""

    REPEAT = "repeat", _("Repeat complaint (same customer within 90 days)")
    MEDIA = "media", _("Media")
    AUTHORITIES = "authorities", _("Complaint to the authorities")
    SITE_BLOCKING = "site_blocking", _("Blocking the site or the office")
    DISTURBANCE = "disturbance", _("Disturbance")
    REFUND = "refund", _("Refund or return demanded")
    MANAGER = "manager", _("Marked major by a manager")


# The reasons a person may give at intake (a repeat is found by the service, a manager marks one on the page).
STATED_MAJOR_REASONS = [(r.value, r.label) for r in MajorReason if r not in (MajorReason.REPEAT, MajorReason.MANAGER)]


class Category(models.TextChoices):
    """The root-cause category [seed 002: 投诉类别]."""

    CONSTRUCTION = "construction", _("Construction quality")
    MATERIALS = "materials", _("Materials and products")
    DESIGN = "design", _("Design")
    SCHEDULE = "schedule", _("Schedule and delays")
    SERVICE = "service", _("Service attitude")
    AFTER_SALES = "after_sales", _("After-sales and repairs")
    CONTRACT = "contract", _("Contract and price")
    OTHER = "other", _("Other")


class Approval(models.TextChoices):
    """Who approves the proposed solution: the general manager for a major complaint [seed 002], a manager for a
    compensation above settings.COMPLAINT_COMPENSATION_APPROVAL_LIMIT [seed 002 §2.9], nobody otherwise."""

    NONE = "", _("Not needed")
    MANAGER = "manager", _("A manager")
    GENERAL_MANAGER = "general_manager", _("The general manager")


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NEUTRAL = "neutral", _("Neutral")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    VERY_DISSATISFIED = "very_dissatisfied", _("Very dissatisfied")


class ComplaintEvent(models.TextChoices):
    RECORDED = "recorded", _("recorded")
    REPEAT = "repeat", _("repeat")
    MARKED_MAJOR = "marked_major", _("marked major")
    REASSIGNED = "reassigned", _("reassigned")
    REPORTED = "reported", _("reported to management")
    REVISITED = "revisited", _("revisited")


COMPLAINT_TEXTS = CodedTexts(
    {
        ComplaintEvent.RECORDED: _("Complaint recorded"),
        ComplaintEvent.REPEAT: _("Repeat complaint: this customer complained on %(date)s, so it is major"),
        ComplaintEvent.MARKED_MAJOR: _("Marked major"),
        ComplaintEvent.REASSIGNED: _("Handler changed to %(name)s"),
        ComplaintEvent.REPORTED: _("Reported to management"),
        ComplaintEvent.REVISITED: _("Post-complaint revisit made"),
    }
)
