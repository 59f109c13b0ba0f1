"""The contract list's download (decocrm.core.list_exports): its columns. The amount follows the list page's rule
(permissions.sees_contract_money), the phone the exports' rule (customers.selectors.phone_in_export), and the
customer's background (occupation, income level) is a sensitive column, for managers only. ID numbers are never in
it."""

from django.utils.translation import gettext_lazy as _

from customers.resources import background_columns
from customers.selectors import phone_in_export
from decocrm.core.list_exports import Column

from .permissions import sees_contract_money


def _person(user):
    return user.display_name if user is not None else ""


CONTRACT_COLUMNS = (
    Column("number", _("Number"), lambda contract, user: contract.number or _("Draft")),
    Column("customer", _("Customer"), lambda contract, user: contract.customer.name),
    Column("phone", _("Phone"), lambda contract, user: phone_in_export(user, contract.customer)),
    Column("state", _("State"), lambda contract, user: contract.get_state_display()),
    Column(
        "amount",
        _("Amount (yuan)"),
        lambda contract, user: contract.amount if sees_contract_money(user, contract) else None,
    ),
    Column("owner", _("Salesperson"), lambda contract, user: _person(contract.owner)),
    Column("team", _("Team"), lambda contract, user: contract.team.name if contract.team_id else ""),
    Column("signed_on", _("Signed on"), lambda contract, user: contract.signed_on),
    Column("start_date", _("Start date"), lambda contract, user: contract.start_date),
    Column("end_date", _("End date"), lambda contract, user: contract.end_date),
    Column("created_at", _("Drafted at"), lambda contract, user: contract.created_at),
    *background_columns(lambda contract: contract.customer),
)
