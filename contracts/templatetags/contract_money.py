"""A contract's amount for a given reader: in yuan, or a dash for one who sees the contract without its money
(contracts.permissions.sees_contract_money: the lead's designer)."""

from django import template

from decocrm.core.templatetags.money import yuan

from ..permissions import sees_contract_money

register = template.Library()


@register.filter
def amount_for(contract, user) -> str:
    return yuan(contract.amount) if sees_contract_money(user, contract) else "—"
