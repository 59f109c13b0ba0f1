"""Aggregates for the overdue dashboard: a fixed handful of GROUP BY queries, whatever the data size."""

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .choices import ClockState

DONE_OR_LATE = (ClockState.MET, ClockState.MET_LATE, ClockState.BREACHED)


def today_bounds(now=None):
    now = timezone.localtime(now or timezone.now())
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def _counts(qs, now):
    start, end = today_bounds(now)
    return {
        "breached": Count("id", filter=Q(state=ClockState.BREACHED)),
        "due_today": Count("id", filter=Q(state=ClockState.RUNNING, due_at__gte=start, due_at__lt=end)),
    }


def overdue_counts(qs, group_by, now=None):
    """Rows of {group_by..., breached, due_today}, only groups with something to show, most breached first."""
    now = now or timezone.now()
    start, end = today_bounds(now)
    active = qs.filter(Q(state=ClockState.BREACHED) | Q(state=ClockState.RUNNING, due_at__gte=start, due_at__lt=end))
    return list(active.values(*group_by).annotate(**_counts(qs, now)).order_by("-breached", "-due_today"))


def on_time_rates(qs, group_by, days=30, now=None):
    """On-time rate of the clocks due in the last `days` days: met on time / (met + met late + still breached)."""
    now = now or timezone.now()
    window = qs.filter(state__in=DONE_OR_LATE, due_at__gte=now - timedelta(days=days), due_at__lte=now)
    rows = (
        window.values(*group_by)
        .annotate(total=Count("id"), on_time=Count("id", filter=Q(state=ClockState.MET)))
        .order_by(*group_by)
    )
    for row in rows:
        row["rate"] = round(100 * row["on_time"] / row["total"], 1) if row["total"] else None
    return list(rows)


def on_time_trend(qs, days=30, now=None):
    """Per day (local date of the deadline): on-time rate, for the trend chart."""
    now = now or timezone.now()
    window = qs.filter(state__in=DONE_OR_LATE, due_at__gte=now - timedelta(days=days), due_at__lte=now)
    rows = (
        window.annotate(day=TruncDate("due_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(total=Count("id"), on_time=Count("id", filter=Q(state=ClockState.MET)))
        .order_by("day")
    )
    return [
        {"day": row["day"].isoformat(), "rate": round(100 * row["on_time"] / row["total"], 1), "total": row["total"]}
        for row in rows
    ]
