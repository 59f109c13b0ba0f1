"""The follow-up revisit as a clock subject and its kind (registered in AftersalesConfig.ready()). The other revisit
clocks (first revisit, post-repair, post-complaint) are the product's own kinds, started by the stage that owns the
case; a revisit recorded against one stops it (services/revisits.py)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from decocrm.sla.kinds import register_clock_kind
from decocrm.sla.subjects import register_clock_subject

from .choices import REVISIT_FOLLOW_UP
from .models import Revisit

H, D = timedelta(hours=1), timedelta(days=1)

# A follow-up is made within 3 working days of being asked for (the company's default; the seeds name none).
FOLLOW_UP_POLICY = (3, "working_days", D, D, {}, "002")


def register() -> None:
    register_clock_kind(REVISIT_FOLLOW_UP, _("Follow-up revisit"), policy=FOLLOW_UP_POLICY)
    register_clock_subject(
        Revisit, owner="assignee", team="team", customer="customer_id", label=lambda r: r.subject_label,
        url="get_absolute_url",
    )  # fmt: skip
