"""The key-account criteria [seed 004 §2, §8]: years of cooperation (≥ 2) and the annual amount (a company
setting), and the account's rank by amount among the key accounts (core accounts are the top 20 %).

customers is the earliest stage and knows no sale: the stages that record business register a provider in their
AppConfig.ready():

    register_key_account_figures(provider)   # provider(customer_ids, since) -> {customer_id: (first_won_at, amount)}

`first_won_at`: when the customer's first business was won (None if none); `amount`: the business accepted since
`since` (a datetime, 12 months back). One query per provider whatever the number of customers. Without any
provider's date, a customer whose class is existing or better counts from the day it was entered."""

import math
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from .choices import CustomerClass
from .models import Customer

CORE_SHARE = Decimal("0.2")  # core key accounts: the top 20 % by annual amount [004 §8]
YEAR = timedelta(days=365)

_providers = []


def register_key_account_figures(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


@dataclass(frozen=True)
class KeyAccountFigures:
    cooperating_since: object  # datetime or None
    years: float
    annual_amount: Decimal
    rank: int  # by annual amount among the key accounts (and this customer), 1 = largest
    ranked: int  # how many were ranked
    min_years: int
    min_amount: Decimal

    @property
    def meets_years(self) -> bool:
        return self.years >= self.min_years

    @property
    def meets_amount(self) -> bool:
        return self.annual_amount >= self.min_amount

    @property
    def top_percent(self) -> int:
        """The rank as "top N %" (rounded up): 1 of 10 is the top 10 %."""
        return math.ceil(100 * self.rank / self.ranked) if self.ranked else 100

    @property
    def in_core_share(self) -> bool:
        return self.rank <= max(1, math.ceil(self.ranked * CORE_SHARE))

    @property
    def amount_display(self) -> str:
        return f"¥{self.annual_amount:,.2f}"

    @property
    def min_amount_display(self) -> str:
        return f"¥{self.min_amount:,.2f}"


def key_account_figures(customers, *, at=None) -> dict[int, KeyAccountFigures]:
    """Figures for these customers, ranked among every key account. 1 query + 1 per provider."""
    at = at or timezone.now()
    customers = list(customers)
    key_ids = set(Customer.objects.filter(is_key_account=True).values_list("pk", flat=True))
    ids = key_ids | {customer.pk for customer in customers}
    first_won, amounts = {}, dict.fromkeys(ids, Decimal("0"))
    for provider in _providers:
        for customer_id, (won_at, amount) in provider(ids, at - YEAR).items():
            if won_at is not None and (first_won.get(customer_id) is None or won_at < first_won[customer_id]):
                first_won[customer_id] = won_at
            amounts[customer_id] += amount or Decimal("0")
    min_years, min_amount = settings.KEY_ACCOUNT_MIN_YEARS, Decimal(settings.KEY_ACCOUNT_MIN_ANNUAL_AMOUNT)
    figures = {}
    for customer in customers:
        ranked_ids = key_ids | {customer.pk}
        rank = 1 + sum(1 for pk in ranked_ids if amounts[pk] > amounts[customer.pk])
        since = first_won.get(customer.pk)
        if since is None and customer.customer_class != CustomerClass.POTENTIAL:
            since = customer.created_at
        years = max((at - since).days / 365.25, 0) if since else 0.0
        figures[customer.pk] = KeyAccountFigures(
            cooperating_since=since,
            years=round(years, 1),
            annual_amount=amounts[customer.pk],
            rank=rank,
            ranked=len(ranked_ids),
            min_years=min_years,
            min_amount=min_amount,
        )
    return figures
