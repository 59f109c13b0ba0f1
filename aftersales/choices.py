from django.db import models
from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts
from decocrm.sla.choices import ClockKind


class TicketState(models.TextChoices):
    """recorded → assessed → dispatched → on site → repaired → accepted by the customer → closed; "not satisfied"
    sends a repaired ticket back on site to repair again; a ticket not yet repaired may be cancelled (the customer
    declined the quote, a duplicate) [seed 001 §7, 000 §9]."""

    RECORDED = "recorded", _("Recorded")
    ASSESSED = "assessed", _("Assessed")
    DISPATCHED = "dispatched", _("Dispatched")
    ON_SITE = "on_site", _("On site")
    REPAIRED = "repaired", _("Repaired")
    ACCEPTED = "accepted", _("Accepted by the customer")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATES = (TicketState.CLOSED, TicketState.CANCELLED)
OPEN_STATES = tuple(state for state in TicketState if state not in CLOSED_STATES)


class Channel(models.TextChoices):
    CALL = "call", _("Phone call")
    WECHAT = "wechat", _("WeChat")
    VISIT = "visit", _("Visit")
    REVISIT = "revisit", _("Revisit")


class WarrantyStatus(models.TextChoices):
    """Decided by services.warranty_decision from the contract's warranty item on the day of the request."""

    IN_WARRANTY = "in", _("In warranty")
    OUT_OF_WARRANTY = "out", _("Out of warranty (paid)")


class Nature(models.TextChoices):
    """What kind of fault the assessment found."""

    WATERPROOFING = "waterproofing", _("Leak or waterproofing")
    CRACK = "crack", _("Cracks")
    PLUMBING = "plumbing", _("Plumbing")
    ELECTRICAL = "electrical", _("Electrical")
    CARPENTRY = "carpentry", _("Carpentry, doors and cabinets")
    FINISH = "finish", _("Paint and finishes")
    TILING = "tiling", _("Tiles and stone")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    ORDINARY = "ordinary", _("Ordinary")
    SERIOUS = "serious", _("Serious")


class Location(models.TextChoices):
    """Where the customer lives, for the on-site deadline (24 h urban, 48 h suburban); no district counts as urban."""

    URBAN = "urban", _("Urban")
    SUBURBAN = "suburban", _("Suburban")


class AcceptanceMethod(models.TextChoices):
    SIGNATURE = "signature", _("Name and signature")
    CONFIRMATION = "confirmation", _("Recorded confirmation (phone or message)")


class TicketEvent(models.TextChoices):
    RECORDED = "recorded", _("recorded")
    NOT_SATISFIED = "not_satisfied", _("not satisfied")


TICKET_TEXTS = CodedTexts(
    {
        TicketEvent.RECORDED: _("Recorded (%(channel)s): %(warranty)s"),
        TicketEvent.NOT_SATISFIED: _("The customer is not satisfied: repair again"),
    },
    choices={"channel": Channel, "warranty": WarrantyStatus},
)


class RevisitKind(models.TextChoices):
    """Why the customer is called back [seed 002, revisits]: each kind is kept by a clock."""

    FIRST = "first", _("First revisit after completion")
    POST_REPAIR = "post_repair", _("Post-repair revisit")
    POST_COMPLAINT = "post_complaint", _("Post-complaint revisit")
    FOLLOW_UP = "follow_up", _("Follow-up revisit")
    PERIODIC = "periodic", _("Periodic revisit")


# The follow-up revisit's clock: a kind aftersales adds (a raised point or a low survey score asks for one).
REVISIT_FOLLOW_UP = "revisit_follow_up"
# The periodic revisit of a formal customer under warranty [000 §9, 002 §9: 定期回访成交客户]: a kind aftersales adds,
# started by the beat task (tasks.start_periodic_revisits) on the customer.
PERIODIC_REVISIT = "periodic_revisit"

# The clock each revisit kind keeps. The first three are started by the stage that owns the case (projects at
# completion, the repair ticket at closing, the complaint at closing); a follow-up is scheduled here.
CLOCK_OF_KIND = {
    RevisitKind.FIRST: ClockKind.FIRST_REVISIT,
    RevisitKind.POST_REPAIR: ClockKind.REPAIR_REVISIT,
    RevisitKind.POST_COMPLAINT: ClockKind.COMPLAINT_REVISIT,
    RevisitKind.FOLLOW_UP: REVISIT_FOLLOW_UP,
    RevisitKind.PERIODIC: PERIODIC_REVISIT,
}
KIND_OF_CLOCK = {str(clock): kind for kind, clock in CLOCK_OF_KIND.items()}
REVISIT_CLOCK_KINDS = tuple(KIND_OF_CLOCK)


class RevisitState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    SIGNED_OFF = "signed_off", _("Signed off")
    CANCELLED = "cancelled", _("Cancelled")


class RevisitMethod(models.TextChoices):
    """On site needs the customer's signature; a phone revisit is marked as such [seed 002]."""

    PHONE = "phone", _("Phone")
    ON_SITE = "on_site", _("On site")


class RevisitEvent(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    RECORDED = "recorded", _("recorded")


REVISIT_TEXTS = CodedTexts(
    {
        RevisitEvent.SCHEDULED: _("Follow-up scheduled: %(reason)s"),
        RevisitEvent.RECORDED: _("Revisit of %(subject)s recorded"),
    }
)


class SurveyKind(models.TextChoices):
    AFTER_COMPLETION = "after_completion", _("After completion")
    AFTER_REPAIR = "after_repair", _("After a repair")
    ANNUAL = "annual", _("Annual")


class SurveyChannel(models.TextChoices):
    CALL = "call", _("On a call")
    LINK = "link", _("Through the link")
