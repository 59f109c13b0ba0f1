"""Every read of contracts that a user sees, scoped: its salesperson, the team's manager, the company managers, and
the designer of its lead (who assesses its design changes)."""

from datetime import timedelta

from django.db.models import F, Q, Sum
from django.utils import timezone

from decocrm.core.scopes import Scope

from .choices import ContractState
from .models import Contract, PaymentMilestone

CONTRACT_SCOPE = Scope(owner="owner", team="team", assigned=("lead__designer",))
# Receivables are the salesperson's and their managers' business, not the designer's.
RECEIVABLE_SCOPE = Scope(owner="contract__owner", team="contract__team")
COLLECTING = (ContractState.SIGNED, ContractState.IN_CONSTRUCTION, ContractState.COMPLETED)
# What a receivables row shows (contracts/receivables.html): up to 300 rows a page, each with its contract, customer
# and salesperson, are read without the dozens of columns nobody shows.
RECEIVABLE_FIELDS = (
    "name", "amount", "received_amount", "received_on", "due_on", "contract__number", "contract__owner",
    "contract__customer__name", "contract__owner__username", "contract__owner__first_name",
    "contract__owner__last_name",
)  # fmt: skip


def visible_contracts(user):
    return CONTRACT_SCOPE.filter(Contract.objects.select_related("customer", "owner", "lead"), user)


def live_contract_of(lead):
    """The lead's contract that is not terminated, or None."""
    return Contract.objects.exclude(state="terminated").filter(lead=lead).first()


def schedule_total(contract):
    return contract.milestones.aggregate(total=Sum("amount"))["total"] or 0


def unpaid() -> Q:
    return Q(received_amount__lt=F("amount"))


def overdue_milestones(today):
    """Every milestone of a collecting contract due on a date before `today` and not fully received: overdue from
    the day after its due date."""
    return PaymentMilestone.objects.filter(unpaid(), contract__state__in=COLLECTING, due_on__lt=today)


def receivables(user, today=None) -> dict:
    """The receivables list: due this month (not yet overdue), overdue, and received this month; scoped like the
    contracts, without the designer. Three queries whatever the number of rows."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    base = RECEIVABLE_SCOPE.filter(
        PaymentMilestone.objects.filter(contract__state__in=COLLECTING)
        .select_related("contract__customer", "contract__owner")
        .only(*RECEIVABLE_FIELDS),
        user,
    )
    return {
        "overdue": base.filter(unpaid(), due_on__lt=today).order_by("due_on", "pk"),
        "due": base.filter(unpaid(), due_on__gte=today, due_on__lt=next_month).order_by("due_on", "pk"),
        "received": base.filter(received_on__gte=month_start, received_on__lt=next_month).order_by(
            "-received_on", "pk"
        ),
    }
