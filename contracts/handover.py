"""What a leaving salesperson or designer holds in contracts (decocrm/accounts/handover.py):
- the open contracts they sold, each through contract_hand_over (receivables, archive handover and clocks follow);
- as designer, the won leads whose contract is still open: the contract's design changes are assessed by the
  lead's designer and the project's acceptances are attended by them, so the lead's designer changes, through
  leads' lead_hand_over_designer (recorded on the lead, told, its design clocks moved)."""

from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.handover import register_staff_handover
from leads.choices import LeadState
from leads.models import Lead
from leads.services import lead_hand_over_designer

from .choices import OPEN_STATES
from .models import Contract
from .services import contract_hand_over
from .services.ownership import SALESPERSON_ROLES


def open_contract_count(user) -> int:
    return Contract.objects.filter(owner=user, state__in=OPEN_STATES).count()


def hand_over_contracts(*, from_user, to_user, by, at) -> int:
    contracts = list(Contract.objects.filter(owner=from_user, state__in=OPEN_STATES).order_by("pk"))
    for contract in contracts:
        contract_hand_over(contract=contract, owner=to_user, by=by, at=at)
    return len(contracts)


def _signed_designs(user):
    open_contracts = Contract.objects.filter(state__in=OPEN_STATES).values("lead_id")
    return Lead.objects.filter(designer=user, state=LeadState.WON, pk__in=open_contracts)


def signed_design_count(user) -> int:
    return _signed_designs(user).count()


def hand_over_signed_designs(*, from_user, to_user, by, at) -> int:
    leads = list(_signed_designs(from_user).order_by("pk"))
    for lead in leads:
        lead_hand_over_designer(lead=lead, designer=to_user, by=by, at=at)
    return len(leads)


def register() -> None:
    register_staff_handover(
        "contracts", _("Open contracts (as salesperson)"), count=open_contract_count, hand_over=hand_over_contracts,
        roles=SALESPERSON_ROLES, order=25,
    )  # fmt: skip
    register_staff_handover(
        "signed_designs", _("Signed customers' designs (design changes, acceptances)"),
        count=signed_design_count, hand_over=hand_over_signed_designs, roles=(Role.DESIGNER,), order=26,
    )  # fmt: skip
