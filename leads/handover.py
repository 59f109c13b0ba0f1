"""A leaving salesperson's open leads (decocrm/accounts/handover.py), each through lead_assign: the manager's
reassignment, which checks who may, records the assignment, tells the new owner and the previous one, and hands the
lead's clocks (and its appointments' and consultations') to the new owner. They follow the customers' receiver.

A leaving designer's open leads (measurement, proposals) go to another designer through lead_hand_over_designer,
which moves the design clocks; their signed work (won leads: design changes, acceptances) is the contracts app's
kind (contracts/handover.py), as only it knows which contracts are still open."""

from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.handover import register_staff_handover

from .choices import OPEN_STATES
from .models import Lead
from .selectors import SELLING_ROLES
from .services.designers import lead_hand_over_designer
from .services.ownership import lead_assign


def open_lead_count(user) -> int:
    return Lead.objects.filter(owner=user, state__in=OPEN_STATES).count()


def hand_over_leads(*, from_user, to_user, by, at) -> int:
    leads = list(Lead.objects.filter(owner=from_user, state__in=OPEN_STATES).order_by("pk"))
    for lead in leads:
        lead_assign(lead=lead, owner=to_user, by=by, at=at, note="")
    return len(leads)


def open_design_count(user) -> int:
    return Lead.objects.filter(designer=user, state__in=OPEN_STATES).count()


def hand_over_designs(*, from_user, to_user, by, at) -> int:
    leads = list(Lead.objects.filter(designer=from_user, state__in=OPEN_STATES).order_by("pk"))
    for lead in leads:
        lead_hand_over_designer(lead=lead, designer=to_user, by=by, at=at)
    return len(leads)


HANDOVER_ROLES = SELLING_ROLES
DESIGNER_ROLES = (Role.DESIGNER,)


def register() -> None:
    register_staff_handover(
        "leads", _("Open leads"), count=open_lead_count, hand_over=hand_over_leads, roles=HANDOVER_ROLES,
        order=20, follows="customers",
    )  # fmt: skip
    register_staff_handover(
        "designs", _("Open leads (as designer)"), count=open_design_count, hand_over=hand_over_designs,
        roles=DESIGNER_ROLES, order=22,
    )  # fmt: skip
