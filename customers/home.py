"""The key accounts' card on the home page of the sales department head and management: how many there are, whose
contact is overdue, how many requests wait, and the way to the yearly review (highlighted in December)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from decocrm.sla.choices import ClockKind, ClockState

from .permissions import can_mark_key_accounts
from .selectors import visible_customers


def key_accounts_card(request):
    if not can_mark_key_accounts(request.user):
        return None
    from decocrm.sla.models import Clock

    key_accounts = visible_customers(request.user).filter(is_key_account=True)
    counts = key_accounts.aggregate(
        total=Count("pk", distinct=True),
        open_requests=Count("key_requests", filter=Q(key_requests__solved_at=None), distinct=True),
    )
    overdue = (
        Clock.objects.filter(
            kind=ClockKind.KEY_ACCOUNT_CONTACT, state=ClockState.BREACHED, customer_id__in=key_accounts.values("pk")
        )
        .values("customer_id")
        .distinct()
        .count()
    )
    return {
        "template": "customers/_key_accounts_card.html",
        "order": 8,
        **counts,
        "overdue": overdue,
        "review_url": reverse("customers:key_account_review"),
        "is_december": timezone.localtime().month == 12,
    }
