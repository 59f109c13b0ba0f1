from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from decocrm.accounts.choices import Role
from decocrm.workdays.choices import CalendarSource, DayKind, Holiday
from decocrm.workdays.models import CalendarDay, CalendarOverride, CalendarYear
from decocrm.workdays.services import (
    calendar_override_delete,
    calendar_override_set,
    calendar_year_confirm,
    calendar_year_fill,
    calendar_years_refresh,
    register_calendar_listener,
    unregister_calendar_listener,
)

pytestmark = pytest.mark.django_db


def kinds(*days):
    found = dict(CalendarDay.objects.filter(date__in=days).values_list("date", "kind"))
    return [found[d] for d in days]


def test_fill_a_year_the_package_knows():
    row = calendar_year_fill(year=2026)
    assert row.source == CalendarSource.PACKAGE
    assert row.source_version == "chinesecalendar 1.11.0"
    assert not row.is_provisional
    assert CalendarDay.objects.filter(date__year=2026).count() == 365
    assert CalendarDay.objects.filter(date__year=2026, is_working=True).count() == 248  # as the package says
    assert kinds(date(2026, 2, 13), date(2026, 2, 14), date(2026, 2, 16), date(2026, 2, 21), date(2026, 3, 7)) == [
        DayKind.WORKDAY,
        DayKind.MAKEUP,
        DayKind.HOLIDAY,
        DayKind.HOLIDAY,  # a Saturday inside the Spring Festival
        DayKind.WEEKEND,
    ]
    assert kinds(date(2026, 9, 20), date(2026, 10, 7), date(2026, 10, 10)) == [
        DayKind.MAKEUP,
        DayKind.HOLIDAY,
        DayKind.MAKEUP,
    ]
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).holiday == Holiday.NATIONAL_DAY
    assert CalendarDay.objects.get(date=date(2026, 2, 28)).holiday == Holiday.SPRING_FESTIVAL


def test_fill_a_year_the_package_does_not_know_uses_the_statutory_dates():
    row = calendar_year_fill(year=2027)
    assert row.source == CalendarSource.FALLBACK
    assert row.source_version.startswith("holidays ")
    assert row.is_provisional
    off = set(CalendarDay.objects.filter(date__year=2027, kind=DayKind.HOLIDAY).values_list("date", flat=True))
    # the `holidays` package with observed=False: the dates fixed by law, no guessed "observed" days
    assert off == {
        date(2027, 1, 1),
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
        date(2027, 4, 5),
        date(2027, 5, 1),
        date(2027, 5, 2),
        date(2027, 6, 9),
        date(2027, 9, 15),
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    }
    assert not CalendarDay.objects.filter(date__year=2027, kind=DayKind.MAKEUP).exists()
    assert kinds(date(2027, 10, 4), date(2027, 10, 9)) == [DayKind.WORKDAY, DayKind.WEEKEND]
    assert CalendarDay.objects.get(date=date(2027, 2, 6)).holiday == Holiday.SPRING_FESTIVAL
    assert CalendarDay.objects.get(date=date(2027, 4, 5)).holiday == Holiday.TOMB_SWEEPING_DAY


def test_fill_is_idempotent(calendar_changes, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    first = calendar_year_fill(year=2026)
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(4):
        again = calendar_year_fill(year=2026)
    assert again.revision == first.revision
    assert calendar_changes == []  # a first fill is no change: no clock could have used the year before
    refreshed = calendar_years_refresh(today=date(2026, 11, 22))
    assert [row.year for row in refreshed] == [2026, 2027]


def test_years_outside_the_supported_range_are_refused(manager):
    with pytest.raises(ValueError, match="2000-2100"):
        calendar_year_fill(year=1999)
    with pytest.raises(ValidationError) as exc:
        calendar_override_set(day=date(1999, 12, 31), is_working=True, note="x", by=manager)
    assert "date" in exc.value.message_dict
    assert not CalendarYear.objects.exists()


def test_set_change_and_delete_an_override(manager, calendar_changes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        override = calendar_override_set(day=date(2026, 3, 7), is_working=True, note=" Stock-taking ", by=manager)
    assert (override.is_working, override.note, override.updated_by) == (True, "Stock-taking", manager)
    assert calendar_changes == [(date(2026, 3, 7), date(2026, 3, 7))]
    revision = CalendarYear.objects.get(year=2026).revision

    with django_capture_on_commit_callbacks(execute=True):
        changed = calendar_override_set(day=date(2026, 3, 7), is_working=False, note="Cancelled", by=manager)
    assert changed.pk == override.pk and not changed.is_working
    assert CalendarOverride.objects.count() == 1
    assert CalendarYear.objects.get(year=2026).revision != revision

    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_delete(override=changed, by=manager)
    assert not CalendarOverride.objects.exists()
    assert len(calendar_changes) == 3


def test_an_override_needs_a_note(manager):
    with pytest.raises(ValidationError) as exc:
        calendar_override_set(day=date(2026, 3, 7), is_working=True, note="  ", by=manager)
    assert "note" in exc.value.message_dict
    assert not CalendarOverride.objects.exists()


def test_only_calendar_editors_may_change_it(salesperson, make_staff, company_manager, team_manager):
    clerk = make_staff(Role.ARCHIVE_CLERK)
    for user in (salesperson, clerk, team_manager, None):
        with pytest.raises(PermissionDenied):
            calendar_override_set(day=date(2026, 3, 7), is_working=True, note="x", by=user)
        with pytest.raises(PermissionDenied):
            calendar_year_confirm(year=2027, by=user)
    override = calendar_override_set(day=date(2026, 3, 7), is_working=True, note="x", by=company_manager)
    for user in (salesperson, team_manager):
        with pytest.raises(PermissionDenied):
            calendar_override_delete(override=override, by=user)
    assert CalendarOverride.objects.count() == 1
    assert not CalendarYear.objects.filter(confirmed_at__isnull=False).exists()


def test_listeners_hear_only_committed_changes(manager, calendar_changes, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        calendar_override_set(day=date(2026, 3, 9), is_working=False, note="x", by=manager)
        raise RuntimeError("rolled back")
    assert callbacks == [] and calendar_changes == []
    assert not CalendarOverride.objects.exists()


def test_a_failing_listener_neither_undoes_the_change_nor_silences_others(manager, django_capture_on_commit_callbacks):
    heard = []

    def broken(changed_from, changed_to):
        raise RuntimeError("recompute queue down")

    def recorder(changed_from, changed_to):
        heard.append((changed_from, changed_to))

    register_calendar_listener(broken)  # called first
    register_calendar_listener(recorder)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            calendar_override_set(day=date(2026, 3, 9), is_working=False, note="x", by=manager)
    finally:
        unregister_calendar_listener(broken)
        unregister_calendar_listener(recorder)
    assert CalendarOverride.objects.count() == 1
    assert heard == [(date(2026, 3, 9), date(2026, 3, 9))]


def test_confirm_a_year(company_manager, manager, calendar_changes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = calendar_year_confirm(year=2027, by=company_manager)
    assert row.confirmed_by == company_manager and row.confirmed_at is not None
    assert not row.is_provisional
    assert calendar_changes == [(date(2027, 1, 1), date(2027, 12, 31))]
    with translation.override("en"), pytest.raises(ValidationError, match="already confirmed"):
        calendar_year_confirm(year=2027, by=manager)
    assert CalendarYear.objects.get(year=2027).confirmed_by == company_manager
