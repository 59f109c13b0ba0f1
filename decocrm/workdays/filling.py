"""Filling a year's days from its source, and the listeners told when working days change.

The lowest layer of the calendar's writes: the deadline reads (deadlines.py) fill a year the first time they
consult it, and the admin writes (services.py) tell the same listeners. Both import this module; it imports
neither, so the calendar's modules import in one direction (services -> selectors -> deadlines -> filling).
Callers use it through services.py, which re-exports it.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone

from .models import CalendarDay, CalendarYear
from .sources import check_year, expected_source, source_days

logger = logging.getLogger(__name__)

CalendarListener = Callable[[date, date], None]
_listeners: list[CalendarListener] = []


def register_calendar_listener(fn: CalendarListener) -> CalendarListener:
    """Call fn(changed_from, changed_to) after every committed calendar change. Usable as a decorator."""
    if fn not in _listeners:
        _listeners.append(fn)
    return fn


def unregister_calendar_listener(fn: CalendarListener) -> None:
    if fn in _listeners:
        _listeners.remove(fn)


def _calendar_changed(changed_from: date, changed_to: date) -> None:
    for fn in list(_listeners):
        # robust: one failing listener is logged and neither breaks the others nor the committed change.
        transaction.on_commit(lambda fn=fn: fn(changed_from, changed_to), robust=True)


@transaction.atomic
def calendar_year_fill(*, year: int) -> CalendarYear:
    """Fill a year's days from its source, or refill them when the installed source changed.

    Idempotent: a year already filled from the source and version installed now is left alone. A year filled
    by the fallback is refilled as soon as a newer chinese_calendar knows it (and after any package upgrade);
    if that changes which days are working, the listeners are told about the changed range.
    """
    source, version = expected_source(check_year(year))
    # Create the row first (a no-op if another process did), then lock it: concurrent fills run one at a time.
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=year, source=source, source_version="", filled_at=timezone.now())], ignore_conflicts=True
    )
    row = CalendarYear.objects.select_for_update().get(year=year)
    if row.source == source and row.source_version == version:
        return row
    first_fill = row.source_version == ""
    _source, _version, days = source_days(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    old = dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working"))
    CalendarDay.objects.filter(date__range=(start, end)).delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(date=d.date, kind=d.kind, is_working=d.is_working, holiday=d.holiday) for d in days
    )
    changed = sorted(d.date for d in days if old.get(d.date) != d.is_working)
    row.source, row.source_version, row.filled_at, row.revision = source, version, timezone.now(), uuid.uuid4()
    row.full_clean()
    row.save()
    if changed and not first_fill:
        logger.warning("Working-day calendar %s refilled from %s; working days changed.", year, version)
        _calendar_changed(changed[0], changed[-1])
    return row
