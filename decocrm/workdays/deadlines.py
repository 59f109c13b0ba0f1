"""Deadlines on the company's working-day calendar (reads; usable from any app).

"N working days" from an event (issue 3), precisely:
- A working day is what the company override for that date says if there is one, else what the calendar's source
  says (chinese_calendar: weekdays minus statutory holidays and days off in lieu, plus make-up working days).
- Day 0 is the event's local date (Asia/Shanghai) if that is a working day, else the next working day after it.
  The time of day of the event does not matter.
- The deadline is the end of the Nth working day after day 0: 23:59:59.999999 local time, or the company's
  closing time on that day when settings.WORKDAY_CLOSING_TIME is set (e.g. "18:00"). N = 0 means the end of day 0.
  Examples: Monday 10:00 + 3 WD -> Thursday 23:59:59.999999; Saturday + 3 WD -> Monday is day 0 -> Thursday.
- Hours and days are elapsed time; months are calendar months: the same day and local time N months later,
  clamped to the end of a shorter month (31 January + 1 month -> 28/29 February).
- `provisional` is True when any date from the event's date to the deadline's date falls in a year whose calendar
  is provisional: the installed chinese_calendar does not know it and no admin has confirmed it.

Speed: each year's working days are cached in this process (a set for "is it a working day" and a sorted tuple
for "the Nth working day after"), so a lookup is O(1) per day and never a query per day. One small query per
`WorkingCalendar` (the years' revisions) tells whether a cached year is still current; for many deadlines in a
row, create one `working_calendar()` and call its methods. A year is filled from its source the first time it is
consulted.
"""

import calendar
import uuid
from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .choices import CalendarSource, DurationUnit
from .filling import calendar_year_fill
from .models import CalendarDay, CalendarOverride, CalendarYear
from .sources import MAX_YEAR, MIN_YEAR, check_year, expected_source

END_OF_DAY = time(23, 59, 59, 999999)


@dataclass(frozen=True)
class Deadline:
    at: datetime
    provisional: bool


@dataclass(frozen=True)
class _YearStatus:
    source: str
    source_version: str
    provisional: bool
    revision: uuid.UUID


@dataclass(frozen=True)
class _YearDays:
    revision: uuid.UUID
    working: frozenset[date]
    ordered: tuple[date, ...]  # the same working days, sorted


# year -> working days; an entry is used only while its revision matches the database's.
_cache: dict[int, _YearDays] = {}


def clear_cache() -> None:
    _cache.clear()


def closing_time() -> time:
    """The time of day a working-day deadline falls at (settings.WORKDAY_CLOSING_TIME, default end of day)."""
    value = getattr(settings, "WORKDAY_CLOSING_TIME", "") or ""
    if not value:
        return END_OF_DAY
    try:
        return time.fromisoformat(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"WORKDAY_CLOSING_TIME must look like 18:00, not {value!r}.") from exc


def _load_year(year: int, revision: uuid.UUID) -> _YearDays:
    span = (date(year, 1, 1), date(year, 12, 31))
    working = set(CalendarDay.objects.filter(date__range=span, is_working=True).values_list("date", flat=True))
    for day, is_working in CalendarOverride.objects.filter(date__range=span).values_list("date", "is_working"):
        if is_working:
            working.add(day)
        else:
            working.discard(day)
    return _YearDays(revision=revision, working=frozenset(working), ordered=tuple(sorted(working)))


class WorkingCalendar:
    """A view of the calendar as it is now: one query when created, then cached years (loaded once per change).

    It does not see calendar changes made after it was created: make one per unit of work (a request, a task, a
    bulk recompute), never a long-lived one.
    """

    def __init__(self):
        rows = CalendarYear.objects.values_list("year", "source", "source_version", "confirmed_at", "revision")
        self._status = {
            year: _YearStatus(source, version, source == CalendarSource.FALLBACK and confirmed is None, revision)
            for year, source, version, confirmed, revision in rows
        }

    def _year(self, year: int) -> _YearDays:
        status = self._status.get(year)
        if status is None or (status.source, status.source_version) != expected_source(check_year(year)):
            row = calendar_year_fill(year=year)
            status = self._status[year] = _YearStatus(row.source, row.source_version, row.is_provisional, row.revision)
        days = _cache.get(year)
        if days is None or days.revision != status.revision:
            days = _cache[year] = _load_year(year, status.revision)
        return days

    def is_working_day(self, day: date) -> bool:
        return day in self._year(day.year).working

    def is_provisional(self, year: int) -> bool:
        """The year's calendar is a fallback no admin has confirmed (fills the year if needed)."""
        self._year(year)
        return self._status[year].provisional

    def working_day_after(self, day: date, n: int) -> date:
        """The nth working day after day 0, where day 0 is `day` if it is a working day, else the next one."""
        if n < 0:
            raise ValueError("n must be 0 or more.")
        year = day.year
        days = self._year(year)
        index = bisect_left(days.ordered, day) + n
        while index >= len(days.ordered):
            index -= len(days.ordered)
            year += 1
            if year > MAX_YEAR:
                raise ValueError(f"No deadline before the end of {MAX_YEAR}.")
            days = self._year(year)
        return days.ordered[index]

    def working_day_before(self, day: date, n: int) -> date:
        """The nth working day strictly before `day` (n >= 1), whether or not `day` itself is a working day."""
        if n < 1:
            raise ValueError("n must be 1 or more.")
        year = day.year
        days = self._year(year)
        index = bisect_left(days.ordered, day) - n
        while index < 0:
            year -= 1
            if year < MIN_YEAR:
                raise ValueError(f"No deadline before {MIN_YEAR}.")
            days = self._year(year)
            index += len(days.ordered)
        return days.ordered[index]

    def deadline_before(self, anchor: datetime, amount: int, unit: DurationUnit | str) -> Deadline:
        """The latest moment that is still `amount` units before `anchor`: for working days, the end of the Nth
        working day before the anchor's local date (a delay effective Friday, 3 WD ahead -> by Tuesday's end)."""
        if timezone.is_naive(anchor):
            raise ValueError("anchor must be an aware datetime.")
        if amount < 1:
            raise ValueError("amount must be 1 or more.")
        unit = DurationUnit(unit)
        tz = timezone.get_default_timezone()
        local = anchor.astimezone(tz)
        if unit == DurationUnit.HOURS:
            return Deadline((anchor.astimezone(UTC) - timedelta(hours=amount)).astimezone(tz), provisional=False)
        if unit == DurationUnit.DAYS:
            return Deadline((anchor.astimezone(UTC) - timedelta(days=amount)).astimezone(tz), provisional=False)
        if unit == DurationUnit.MONTHS:
            return Deadline(_add_months(local, -amount), provisional=False)
        first = self.working_day_before(local.date(), amount)
        at = datetime.combine(first, closing_time(), tzinfo=tz)
        provisional = any(self.is_provisional(year) for year in range(first.year, local.year + 1))
        return Deadline(at, provisional)

    def deadline_after(self, start: datetime, amount: int, unit: DurationUnit | str) -> Deadline:
        """The deadline `amount` units after `start` (aware in, aware local time out); see the module docstring."""
        if timezone.is_naive(start):
            raise ValueError("start must be an aware datetime.")
        if amount < 0:
            raise ValueError("amount must be 0 or more.")
        unit = DurationUnit(unit)
        tz = timezone.get_default_timezone()
        local = start.astimezone(tz)
        if unit == DurationUnit.HOURS:
            return Deadline((start.astimezone(UTC) + timedelta(hours=amount)).astimezone(tz), provisional=False)
        if unit == DurationUnit.DAYS:
            return Deadline((start.astimezone(UTC) + timedelta(days=amount)).astimezone(tz), provisional=False)
        if unit == DurationUnit.MONTHS:
            return Deadline(_add_months(local, amount), provisional=False)
        last = self.working_day_after(local.date(), amount)
        at = datetime.combine(last, closing_time(), tzinfo=tz)
        provisional = any(self.is_provisional(year) for year in range(local.year, last.year + 1))
        return Deadline(at, provisional)


def _add_months(local: datetime, months: int) -> datetime:
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    return local.replace(year=year, month=month, day=min(local.day, calendar.monthrange(year, month)[1]))


def working_calendar() -> WorkingCalendar:
    """One consistent view for many lookups (bulk recomputes): one query, then none per deadline."""
    return WorkingCalendar()


def deadline_after(start: datetime, amount: int, unit: DurationUnit | str) -> Deadline:
    return WorkingCalendar().deadline_after(start, amount, unit)


def deadline_before(anchor: datetime, amount: int, unit: DurationUnit | str) -> Deadline:
    return WorkingCalendar().deadline_before(anchor, amount, unit)


def is_working_day(d: date) -> bool:
    return WorkingCalendar().is_working_day(d)
