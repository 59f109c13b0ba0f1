"""Where a year's days come from.

- The `chinese_calendar` package (PyPI: chinesecalendar) for the years it knows: statutory holidays, the days
  off in lieu and the make-up working days (调休) the State Council publishes each year.
- For a year it does not know (it raises NotImplementedError), a fallback: weekends plus the statutory holiday
  dates fixed by law from `holidays.country_holidays("CN", observed=False)` (its "observed" days are guesses, so
  they are left out), plus any weekend working days that package knows for the year. That year is provisional
  until an admin confirms it (see services.calendar_year_confirm).

Pure functions, no database access.
"""

import functools
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
import holidays as holidays_package

from .choices import CalendarSource, DayKind, Holiday

MIN_YEAR = 2000
MAX_YEAR = 2100

# Names used by the `holidays` package for CN (English), matched by their beginning.
_FALLBACK_NAMES = [
    ("New Year's Day", Holiday.NEW_YEARS_DAY),
    ("Chinese New Year", Holiday.SPRING_FESTIVAL),
    ("Spring Festival", Holiday.SPRING_FESTIVAL),
    ("Tomb-Sweeping", Holiday.TOMB_SWEEPING_DAY),
    ("Labor Day", Holiday.LABOUR_DAY),
    ("Labour Day", Holiday.LABOUR_DAY),
    ("Dragon Boat", Holiday.DRAGON_BOAT_FESTIVAL),
    ("Mid-Autumn", Holiday.MID_AUTUMN_FESTIVAL),
    ("National Day", Holiday.NATIONAL_DAY),
]


@dataclass(frozen=True)
class SourceDay:
    date: date
    kind: DayKind
    holiday: str  # a Holiday value, or ""

    @property
    def is_working(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP)


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"The working-day calendar covers {MIN_YEAR}-{MAX_YEAR}, not {year}.")
    return year


@functools.cache
def package_knows(year: int) -> bool:
    """Whether the installed chinese_calendar has data for this year (cached: the package cannot change at run time)."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def expected_source(year: int) -> tuple[CalendarSource, str]:
    """The source (and its version) a year should be filled from with the packages installed now."""
    if package_knows(year):
        return CalendarSource.PACKAGE, f"chinesecalendar {chinese_calendar.__version__}"
    return CalendarSource.FALLBACK, f"holidays {holidays_package.__version__}"


def _dates_of(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def _kind(day: date, *, working: bool, named: bool) -> DayKind:
    if day.weekday() >= 5:
        if working:
            return DayKind.MAKEUP
        return DayKind.HOLIDAY if named else DayKind.WEEKEND
    return DayKind.WORKDAY if working else DayKind.HOLIDAY


def _package_holiday(name: str | None) -> str:
    if not name:
        return ""
    try:
        key = chinese_calendar.Holiday(name).name
    except ValueError:
        return Holiday.OTHER
    return key if key in Holiday.values else Holiday.OTHER


def _fallback_holiday(name: str | None) -> str:
    if not name:
        return ""
    for prefix, holiday in _FALLBACK_NAMES:
        if name.startswith(prefix):
            return holiday
    return Holiday.OTHER


def package_days(year: int) -> list[SourceDay]:
    days = []
    for day in _dates_of(year):
        working = chinese_calendar.is_workday(day)
        _on_holiday, name = chinese_calendar.get_holiday_detail(day)
        holiday = _package_holiday(name)
        days.append(SourceDay(day, _kind(day, working=working, named=bool(holiday)), holiday))
    return days


def fallback_days(year: int) -> list[SourceDay]:
    statutory = holidays_package.country_holidays("CN", years=year, observed=False)
    # Weekend working days the package knows for this year (published make-up days; none for a future year).
    made_up = {d for d in getattr(statutory, "weekend_workdays", ()) if d.year == year}
    days = []
    for day in _dates_of(year):
        holiday = _fallback_holiday(statutory.get(day))
        working = day in made_up or (day.weekday() < 5 and day not in statutory)
        days.append(SourceDay(day, _kind(day, working=working, named=bool(holiday)), holiday))
    return days


def source_days(year: int) -> tuple[CalendarSource, str, list[SourceDay]]:
    """The days of a year from its expected source: (source, source version, days)."""
    check_year(year)
    source, version = expected_source(year)
    days = package_days(year) if source == CalendarSource.PACKAGE else fallback_days(year)
    return source, version, days
