"""The clean-up report [seed 001 §2(三): 定期对客户信息进行清理和核对,删除无效信息]: customers whose data is invalid
or stale, for their owner to fix or close. Three reasons, each a condition in SQL (one query lists them, one counts
them per reason, whatever the number of customers):

- stale: no contact logged for settings.CUSTOMERS_STALE_AFTER_MONTHS months (counted from the customer's entry when
  none was ever logged);
- bad_phone: a phone that is not in the canonical form phones.py stores (left by an old import or a hand edit);
- missing: a field the company needs to serve the customer is empty (phone, address, district).

customers is the earliest stage and records no contact itself: the stages that log contacts register where, in their
AppConfig.ready():

    register_contact_source(fn)   # fn() -> an expression: the latest contact time of the customer OuterRef("pk")

A customer who is no longer one is closed from the report (services.customer_close): kept with its history, out of
the report. Work still open on a customer keeps it open; the stages that hold such work say so, the same way:

    register_close_blocker(fn)    # fn(customer) -> why it may not be closed now (a text), or "" / None
"""

from datetime import datetime

from django.conf import settings
from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .choices import CleanupReason

# phones.normalize_phone's output: +86 and a mobile, or +86-area-number with an optional extension.
CANONICAL_PHONE = r"^\+86(1[3-9][0-9]{9}|-(10|2[0-9]|[3-9][0-9]{2})-[1-9][0-9]{6,7}(-[0-9]{1,6})?)$"
MISSING = Q(phone="") | Q(address="") | Q(district__isnull=True)
BAD_PHONE = ~Q(phone="") & ~Q(phone__regex=CANONICAL_PHONE)

_sources = []
_close_blockers = []


def register_contact_source(source):
    if source not in _sources:
        _sources.append(source)
    return source


def register_close_blocker(blocker):
    if blocker not in _close_blockers:
        _close_blockers.append(blocker)
    return blocker


def close_blockers(customer) -> list[str]:
    """Why `customer` may not be closed now: the open work the later stages report (empty: it may be)."""
    return [reason for blocker in _close_blockers if (reason := blocker(customer))]


def months_before(moment: datetime, months: int) -> datetime:
    """The same local day `months` calendar months earlier (the month's last day when it has fewer days)."""
    local = timezone.localtime(moment)
    total = local.year * 12 + local.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for day in range(local.day, 27, -1):
        try:
            return local.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return local.replace(year=year, month=month, day=min(local.day, 28))


def stale_before(at=None) -> datetime:
    return months_before(at or timezone.now(), settings.CUSTOMERS_STALE_AFTER_MONTHS)


def last_contact_expression():
    """The latest contact logged for the customer in the row, or when it was entered if none was."""
    sources = [Coalesce(source(), "created_at") for source in _sources]
    return Greatest("created_at", *sources) if sources else F("created_at")


def _flag(condition):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def reason_conditions(cutoff) -> dict[str, Q]:
    return {
        CleanupReason.STALE: Q(last_contact_at__lt=cutoff),
        CleanupReason.BAD_PHONE: BAD_PHONE,
        CleanupReason.MISSING: MISSING,
    }


def with_cleanup_reasons(customers, *, at=None):
    """The customers (a queryset) that need cleaning up, each annotated with last_contact_at and one boolean per
    reason (is_stale, has_bad_phone, is_missing_fields)."""
    conditions = reason_conditions(stale_before(at))
    qs = customers.annotate(last_contact_at=last_contact_expression())
    qs = qs.annotate(
        is_stale=_flag(conditions[CleanupReason.STALE]),
        has_bad_phone=_flag(conditions[CleanupReason.BAD_PHONE]),
        is_missing_fields=_flag(conditions[CleanupReason.MISSING]),
    )
    qs = qs.filter(closed_at__isnull=True)
    return qs.filter(conditions[CleanupReason.STALE] | conditions[CleanupReason.BAD_PHONE] | MISSING)


def filter_reason(qs, reason: str, *, at=None):
    condition = reason_conditions(stale_before(at)).get(reason)
    return qs if condition is None else qs.filter(condition)


def counts_per_reason(qs, *, at=None) -> dict[str, int]:
    """{reason: how many of `qs` (with_cleanup_reasons rows) have it, "total": how many have any}, in one query."""
    conditions = reason_conditions(stale_before(at))
    return qs.aggregate(
        total=Count("pk"), **{reason: Count("pk", filter=condition) for reason, condition in conditions.items()}
    )
