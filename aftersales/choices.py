from django.db import models
from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts
from decocrm.sla.choices import ClockKind


class RevisitKind(models.TextChoices):
    """Why the customer is called back [seed 002, revisits]: each kind is kept by a clock."""

    FIRST = "first", _("First revisit after completion")
    POST_REPAIR = "post_repair", _("Post-repair revisit")
    POST_COMPLAINT = "post_complaint", _("Post-complaint revisit")
    FOLLOW_UP = "follow_up", _("Follow-up revisit")


# The follow-up revisit's clock: a kind aftersales adds (a raised point or a low survey score asks for one).
REVISIT_FOLLOW_UP = "revisit_follow_up"

# The clock each revisit kind keeps. The first three are started by the stage that owns the case (projects at
# completion, the repair ticket at closing, the complaint at closing); a follow-up is scheduled here.
CLOCK_OF_KIND = {
    RevisitKind.FIRST: ClockKind.FIRST_REVISIT,
    RevisitKind.POST_REPAIR: ClockKind.REPAIR_REVISIT,
    RevisitKind.POST_COMPLAINT: ClockKind.COMPLAINT_REVISIT,
    RevisitKind.FOLLOW_UP: REVISIT_FOLLOW_UP,
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
