"""Every write to the working-day calendar goes through here.

After a change commits, the registered calendar listeners are called with the range of dates that changed
(`register_calendar_listener`): the SLA engine registers one that recomputes the deadlines of open clocks.
"""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from decocrm.accounts.selectors import can_change_company_settings
from decocrm.notifications.services import notification_create_many

from .filling import (  # noqa: F401 - part of this module's API: every calendar write is reached from here
    CalendarListener,
    _calendar_changed,
    calendar_year_fill,
    register_calendar_listener,
    unregister_calendar_listener,
)
from .models import CalendarOverride, CalendarYear
from .selectors import calendar_admins, provisional_years


def _require_perm(user, perm: str) -> None:
    # The calendar holds for the whole company: team managers read it, company managers change it.
    if user is None or not can_change_company_settings(user, perm):
        raise PermissionDenied(_("You may not change the working-day calendar."))


def _new_revision(year: int) -> None:
    CalendarYear.objects.filter(year=year).update(revision=uuid.uuid4())


def calendar_years_refresh(*, today: date) -> list[CalendarYear]:
    """Make sure this year and next year are filled from the newest source installed (the daily task runs it)."""
    return [calendar_year_fill(year=year) for year in (today.year, today.year + 1)]


@transaction.atomic
def calendar_override_set(*, day: date, is_working: bool, note: str, by) -> CalendarOverride:
    """Make one date a working day or a day off for the company, whatever the source says."""
    _require_perm(by, "workdays.change_calendaroverride")
    override = CalendarOverride.objects.select_for_update().filter(date=day).first() or CalendarOverride(date=day)
    override.is_working = is_working
    override.note = note.strip()
    override.updated_by = by
    override.full_clean()
    calendar_year_fill(year=day.year)  # the year's row carries the revision the caches compare
    override.save()
    _new_revision(day.year)
    _calendar_changed(day, day)
    return override


@transaction.atomic
def calendar_override_delete(*, override: CalendarOverride, by) -> None:
    """Remove an override: the date goes back to what the source says."""
    _require_perm(by, "workdays.delete_calendaroverride")
    day = override.date
    deleted, _count = CalendarOverride.objects.filter(pk=override.pk).delete()
    if deleted:
        _new_revision(day.year)
        _calendar_changed(day, day)


@transaction.atomic
def calendar_year_confirm(*, year: int, by) -> CalendarYear:
    """An admin has checked the year against the State Council's notice (and entered its make-up working days
    and extra days off as overrides): its deadlines stop being provisional."""
    _require_perm(by, "workdays.confirm_calendaryear")
    calendar_year_fill(year=year)
    row = CalendarYear.objects.select_for_update().get(year=year)
    if row.confirmed_at is not None:
        raise ValidationError(
            _("The %(year)s calendar was already confirmed by %(by)s on %(at)s.")
            % {"year": year, "by": row.confirmed_by or "-", "at": timezone.localdate(row.confirmed_at)}
        )
    row.confirmed_by = by
    row.confirmed_at = timezone.now()
    row.revision = uuid.uuid4()
    row.full_clean()
    row.save()
    _calendar_changed(date(year, 1, 1), date(year, 12, 31))
    return row


# --- Notices to admins about an unconfirmed calendar ---------------------------------------------------------

NOTICE_FROM_MONTH = 11  # from 1 November, admins are told that next year's calendar still needs confirming


def calendar_unconfirmed_notices(*, today: date) -> list[dict]:
    """The notices owed today: for this year if it is provisional, and from 1 November for next year if it is.

    One per admin (superusers and company-wide managers) and year; the dedupe key makes a notice sent once a year
    however often this runs.
    """
    years = provisional_years(today, include_next=today.month >= NOTICE_FROM_MONTH)
    if not years:
        return []
    admins = list(calendar_admins())
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for year in years:
            title = _("The %(year)s working-day calendar is not confirmed") % {"year": year}
            body = _(
                "DecoCRM does not know the %(year)s statutory holidays and make-up working days yet: deadlines in "
                "%(year)s count weekends and the statutory holiday dates only, and are marked provisional. When the "
                "State Council publishes the %(year)s holiday notice, enter its make-up working days and extra days "
                "off as calendar overrides, then confirm the year."
            ) % {"year": year}
            url = reverse("admin:workdays_calendaryear_preview", args=[year])
            notices.extend(
                {
                    "recipient": admin,
                    "kind": "calendar",
                    "title": title,
                    "body": body,
                    "url": url,
                    "dedupe_key": f"workdays:unconfirmed:{year}:{admin.pk}",
                }
                for admin in admins
            )
    return notices


def calendar_warn_admins(*, today: date | None = None) -> int:
    """Tell admins about a provisional calendar (see calendar_unconfirmed_notices). Returns how many were stored."""
    notices = calendar_unconfirmed_notices(today=today or timezone.localdate())
    return notification_create_many(notifications=notices) if notices else 0
