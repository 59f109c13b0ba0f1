"""A leaving handler's complaints (decocrm/accounts/handover.py), each through complaint_reassign: it checks who may
coordinate it, refuses the staff member complained about, records the reassignment on the timeline and passes the
complaint's clocks to the new handler, deadlines unchanged (the customer's promise)."""

from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.handover import register_staff_handover

from .choices import REASSIGNABLE_STATES
from .models import Complaint
from .services.flow import complaint_reassign

HANDOVER_ROLES = (Role.CUSTOMER_RELATIONS, Role.AFTER_SALES, Role.MANAGER)


def handled_complaint_count(user) -> int:
    return Complaint.objects.filter(handler=user, state__in=REASSIGNABLE_STATES).count()


def hand_over_complaints(*, from_user, to_user, by, at) -> int:
    complaints = list(Complaint.objects.filter(handler=from_user, state__in=REASSIGNABLE_STATES).order_by("pk"))
    for complaint in complaints:
        complaint_reassign(complaint=complaint, handler=to_user, by=by, at=at)
    return len(complaints)


def register() -> None:
    register_staff_handover(
        "complaints", _("Open complaints (as handler)"), count=handled_complaint_count,
        hand_over=hand_over_complaints, roles=HANDOVER_ROLES, order=50,
    )  # fmt: skip
