from django.db import models
from django.utils.translation import gettext_lazy as _


class DurationUnit(models.TextChoices):
    """How a duration is counted: on the working-day calendar, or as elapsed time."""

    WORKING_DAYS = "working_days", _("working days")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class CalendarSource(models.TextChoices):
    """Where a year's days came from."""

    PACKAGE = "package", _("chinesecalendar package")
    FALLBACK = "fallback", _("fallback: weekends and statutory holiday dates")


class DayKind(models.TextChoices):
    WORKDAY = "workday", _("Working day")
    WEEKEND = "weekend", _("Weekend")
    HOLIDAY = "holiday", _("Holiday")
    MAKEUP = "makeup", _("Make-up working day")


WORKING_KINDS = frozenset({DayKind.WORKDAY, DayKind.MAKEUP})


class Holiday(models.TextChoices):
    """The statutory holidays a day off (or a make-up working day) belongs to."""

    NEW_YEARS_DAY = "new_years_day", _("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    TOMB_SWEEPING_DAY = "tomb_sweeping_day", _("Qingming Festival")
    LABOUR_DAY = "labour_day", _("Labour Day")
    DRAGON_BOAT_FESTIVAL = "dragon_boat_festival", _("Dragon Boat Festival")
    MID_AUTUMN_FESTIVAL = "mid_autumn_festival", _("Mid-Autumn Festival")
    NATIONAL_DAY = "national_day", _("National Day")
    OTHER = "other", _("Other statutory day off")
