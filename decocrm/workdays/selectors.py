"""Reads for the calendar's admin pages, warnings and notices (deadlines live in deadlines.py)."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User

from .choices import WORKING_KINDS, DayKind
from .deadlines import working_calendar
from .models import CalendarDay, CalendarOverride, CalendarYear
from .sources import package_knows


def year_is_provisional(year: int) -> bool:
    """Deadlines in this year are provisional: the package does not know it and no admin confirmed it.

    Reads without filling the year, so it is safe where writes are not (system checks).
    """
    if package_knows(year):
        return False
    return not CalendarYear.objects.filter(year=year, confirmed_at__isnull=False).exists()


def provisional_years(today: date, *, include_next: bool = True) -> list[int]:
    """Which of this year and next year (or only this year) are provisional."""
    years = [today.year, today.year + 1] if include_next else [today.year]
    return [year for year in years if year_is_provisional(year)]


def calendar_admins():
    """Who is told about an unconfirmed calendar: superusers and company-wide managers."""
    return User.objects.filter(Q(is_superuser=True) | Q(role=Role.MANAGER, company_wide=True), is_active=True)


@dataclass(frozen=True)
class PreviewDay:
    date: date
    kind: str  # a DayKind value, as the source says
    holiday: str  # its Holiday label, or ""
    is_working: bool  # after the override, if any
    override: CalendarOverride | None

    @property
    def css_class(self) -> str:
        if self.override is not None:
            return "wd-override-working" if self.is_working else "wd-override-off"
        return f"wd-{self.kind}"

    @property
    def label(self) -> str:
        """What the day is, in words (the cell's tooltip)."""
        parts = [str(DayKind(self.kind).label)]
        if self.holiday:
            parts.append(self.holiday)
        if self.override is not None:
            state = _("Override: working day") if self.override.is_working else _("Override: day off")
            parts.append(f"{state} ({self.override.note})")
        return " · ".join(parts)


@dataclass(frozen=True)
class PreviewMonth:
    month: date  # its first day
    weeks: list[list[PreviewDay | None]]  # Monday first; None pads the first and last week


@dataclass(frozen=True)
class YearPreview:
    year: CalendarYear
    months: list[PreviewMonth]
    working_days: int
    holidays: int
    makeup_days: int
    overrides: list[CalendarOverride]


def calendar_year_preview(year: int) -> YearPreview:
    """The whole year as a month grid: working days, holidays, make-up days and overrides (fills it if needed).

    A constant number of queries: the year's status, its days, its overrides.
    """
    working_calendar().is_provisional(year)  # fills the year if it is not filled yet
    row = CalendarYear.objects.select_related("confirmed_by").get(year=year)
    span = (date(year, 1, 1), date(year, 12, 31))
    overrides = {o.date: o for o in CalendarOverride.objects.filter(date__range=span).select_related("updated_by")}
    by_date = {}
    for day in CalendarDay.objects.filter(date__range=span):
        override = overrides.get(day.date)
        by_date[day.date] = PreviewDay(
            date=day.date,
            kind=day.kind,
            holiday=day.get_holiday_display() if day.holiday else "",
            is_working=override.is_working if override else day.kind in WORKING_KINDS,
            override=override,
        )
    months = []
    for month in range(1, 13):
        weeks = [
            [by_date.get(d) if d.month == month else None for d in week]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        ]
        months.append(PreviewMonth(month=date(year, month, 1), weeks=weeks))
    days = by_date.values()
    return YearPreview(
        year=row,
        months=months,
        working_days=sum(d.is_working for d in days),
        holidays=sum(d.kind == DayKind.HOLIDAY for d in days),
        makeup_days=sum(d.kind == DayKind.MAKEUP for d in days),
        overrides=sorted(overrides.values(), key=lambda o: o.date),
    )
