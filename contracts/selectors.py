"""Every read of contracts that a user sees, scoped: its salesperson, the team's manager, the company managers, the
designer of its lead (who assesses its design changes, and sees no money: permissions.sees_contract_money) and the
readers later stages register (contracts.hooks.register_contract_reader: the project's manager)."""

from datetime import timedelta

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from decocrm.core.figures import cached_figures, scope_key
from decocrm.core.scopes import Scope

from .choices import ContractState
from .hooks import contract_reader_paths
from .models import Contract, PaymentMilestone

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


def contract_scope() -> Scope:
    return Scope(owner="owner", team="team", assigned=("lead__designer", *contract_reader_paths()))


def visible_contracts(user):
    return contract_scope().filter(Contract.objects.select_related("customer", "owner", "lead"), user)


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


def _sections(today):
    """Each section of the receivables: its condition, its order and the figure its total adds up."""
    month_start = today.replace(day=1)
    next_month = (month_start + timedelta(days=32)).replace(day=1)
    outstanding = F("amount") - F("received_amount")
    return {
        "overdue": (unpaid() & Q(due_on__lt=today), ("due_on", "pk"), outstanding),
        "due": (unpaid() & Q(due_on__gte=today, due_on__lt=next_month), ("due_on", "pk"), outstanding),
        "received": (Q(received_on__gte=month_start, received_on__lt=next_month), ("-received_on", "pk"),
                     F("received_amount")),
    }  # fmt: skip


def _receivable_base(user):
    return RECEIVABLE_SCOPE.filter(PaymentMilestone.objects.filter(contract__state__in=COLLECTING), user)


def receivables(user, today=None) -> dict:
    """The receivables list: due this month (not yet overdue), overdue, and received this month; scoped like the
    contracts, without the designer. Three queries whatever the number of rows."""
    today = today or timezone.localdate()
    base = _receivable_base(user).select_related("contract__customer", "contract__owner").only(*RECEIVABLE_FIELDS)
    return {key: base.filter(condition).order_by(*order) for key, (condition, order, _) in _sections(today).items()}


RECEIVABLE_FIGURES = "receivables"


def receivable_totals(user, today=None) -> dict:
    """{section: {"count": n, "total": yuan or None}} for the sections of `receivables`, in one pass over the rows
    of every section (one query: over 400,000 milestones, three separate totals read the table three times). The
    overdue section sums every unpaid milestone ever due, tens of thousands of rows in a company's second year: the
    figures are kept between writes (decocrm/core/figures.py; every write to a milestone or a contract drops them)."""
    today = today or timezone.localdate()
    return cached_figures(
        RECEIVABLE_FIGURES, scope_key(user), today.isoformat(), compute=lambda: _receivable_totals(user, today)
    )


def _receivable_totals(user, today):
    sections = _sections(today)
    anywhere = Q(pk__in=[])
    aggregates = {}
    for key, (condition, _, figure) in sections.items():
        anywhere |= condition
        aggregates[f"{key}_count"] = Count("pk", filter=condition)
        aggregates[f"{key}_total"] = Sum(figure, filter=condition)
    row = _receivable_base(user).filter(anywhere).aggregate(**aggregates)
    return {key: {"count": row[f"{key}_count"], "total": row[f"{key}_total"]} for key in sections}


def open_contracts_block_close(customer):
    """customers.cleanup.register_close_blocker: a customer with a contract not yet closed or terminated (its
    construction, payments or warranty still run) is not closed."""
    from django.utils.translation import gettext as _

    from .choices import OPEN_STATES

    if Contract.objects.filter(customer_id=customer.pk, state__in=OPEN_STATES).exists():
        return _("a contract is still open")
    return None
