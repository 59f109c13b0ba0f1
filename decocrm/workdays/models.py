"""The company's working-day calendar: one row per day (filled per year from its source), company overrides
that win over those rows, and one status row per year.

Every write goes through services.py; reads for deadlines go through deadlines.py (cached in-process).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import WORKING_KINDS, CalendarSource, DayKind, Holiday
from .sources import MAX_YEAR, MIN_YEAR


def validate_calendar_date(value):
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            _("The calendar covers %(min)s to %(max)s."), code="out_of_range", params={"min": MIN_YEAR, "max": MAX_YEAR}
        )


class CalendarYear(models.Model):
    """A year of the calendar: where its days came from, whether an admin confirmed it, and its revision.

    `revision` changes on every change to the year (refill, override, confirmation); the in-process cache of
    working days compares it to decide whether its copy is still current. A random token rather than a counter,
    so a change that was rolled back can never be mistaken for a later one.
    """

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(_("source"), max_length=20, choices=CalendarSource.choices)
    source_version = models.CharField(
        _("source version"), max_length=50, help_text=_("The package and version the days were filled from.")
    )
    filled_at = models.DateTimeField(_("filled at"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    revision = models.UUIDField(_("revision"), default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]
        permissions = [("confirm_calendaryear", _("Can confirm a year's working-day calendar"))]

    def __str__(self):
        return str(self.year)

    @property
    def is_provisional(self) -> bool:
        """The package does not know this year and no admin has confirmed it: its deadlines are provisional."""
        return self.source == CalendarSource.FALLBACK and self.confirmed_at is None


class CalendarDay(models.Model):
    """One day as its source says (statutory holidays, make-up working days, weekends). Overrides win."""

    date = models.DateField(_("date"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    is_working = models.BooleanField(_("working day"))
    holiday = models.CharField(_("holiday"), max_length=30, choices=Holiday.choices, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_working=True, kind__in=sorted(WORKING_KINDS))
                | (models.Q(is_working=False) & ~models.Q(kind__in=sorted(WORKING_KINDS))),
                name="workdays_day_kind_matches_is_working",
            )
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class CalendarOverride(models.Model):
    """The company's own decision for one date: a working day or a day off, whatever the source says."""

    date = models.DateField(_("date"), unique=True, validators=[validate_calendar_date])
    is_working = models.BooleanField(
        _("working day"), help_text=_("Ticked: a working day. Unticked: a day off (not counted).")
    )
    note = models.CharField(_("note"), max_length=200, help_text=_("Why, e.g. the State Council notice."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-date"]

    def __str__(self):
        what = _("working day") if self.is_working else _("day off")
        return f"{self.date} {what}"
