from django.db import models
from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts


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
