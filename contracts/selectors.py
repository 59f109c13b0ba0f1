"""Every read of contracts that a user sees, scoped: its salesperson, the team's manager, the company managers."""

from django.db.models import Sum

from decocrm.core.scopes import Scope

from .models import Contract

CONTRACT_SCOPE = Scope(owner="owner", team="team")


def visible_contracts(user):
    return CONTRACT_SCOPE.filter(Contract.objects.select_related("customer", "owner", "lead"), user)


def live_contract_of(lead):
    """The lead's contract that is not terminated, or None."""
    return Contract.objects.exclude(state="terminated").filter(lead=lead).first()


def schedule_total(contract):
    return contract.milestones.aggregate(total=Sum("amount"))["total"] or 0
