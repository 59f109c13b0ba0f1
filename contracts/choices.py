from django.db import models
from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts


class ContractState(models.TextChoices):
    """draft → signed → in construction → completed → closed, or terminated (by mutual agreement) [001 §5]."""

    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    IN_CONSTRUCTION = "in_construction", _("In construction")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")
    TERMINATED = "terminated", _("Terminated")


OPEN_STATES = (ContractState.DRAFT, ContractState.SIGNED, ContractState.IN_CONSTRUCTION, ContractState.COMPLETED)
CLOSED_STATES = (ContractState.CLOSED, ContractState.TERMINATED)


class ContractEvent(models.TextChoices):
    """What the system says about a contract's state change (rendered in the reader's language)."""

    DRAFTED = "drafted", _("drafted from a proposal")
    SIGNED = "signed", _("signed")
    TERMINATED = "terminated", _("terminated by agreement")


CONTRACT_TEXTS = CodedTexts(
    {
        ContractEvent.DRAFTED: _("Drafted from proposal v%(version)d"),
        ContractEvent.SIGNED: _("Signed as %(number)s"),
        ContractEvent.TERMINATED: _("Terminated by mutual agreement"),
    }
)


class MilestoneKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    STAGE = "stage", _("Stage payment")
    FINAL = "final", _("Final payment")


class ContractFileKind(models.TextChoices):
    SCAN = "scan", _("Signed contract scan")
    SURVEY = "survey", _("Customer survey form")
    OTHER = "other", _("Other document")


# Warranty items a new contract starts with [seed 000 §9]: basic decoration 2 years, waterproofing 5 years; the
# salesperson edits them per contract before signing.
DEFAULT_WARRANTY = ((_("Basic decoration"), 2), (_("Waterproofing"), 5))


class DesignChangeState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ASSESSED = "assessed", _("Assessed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SIGNED = "signed", _("Signed by the customer")


class DesignChangeEvent(models.TextChoices):
    """What the system says about a design change's step (rendered in the reader's language)."""

    REQUESTED = "requested", _("requested")
    DRAWING = "drawing", _("changed drawing kept")


DESIGN_CHANGE_TEXTS = CodedTexts(
    {
        DesignChangeEvent.REQUESTED: _("Requested: %(content)s"),
        DesignChangeEvent.DRAWING: _("Changed drawing kept as version %(version)d"),
    }
)
