"""Loud warnings about a provisional year: the system check, and notices to admins from 1 November."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from decocrm.accounts.choices import Role
from decocrm.workdays import services, tasks
from decocrm.workdays.checks import check_calendar_coverage, check_closing_time
from decocrm.workdays.services import calendar_unconfirmed_notices, calendar_year_confirm

from .conftest import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(make_staff, company_manager, django_user_model):
    """Who should hear (a superuser, a company-wide manager) and who should not."""
    boss = make_staff(Role.MANAGER)
    boss.is_superuser = True
    boss.save()
    retired = make_staff(Role.MANAGER, company_wide=True)
    retired.is_active = False
    retired.save()
    make_staff(Role.MANAGER)  # a team manager
    make_staff(Role.SALES)
    return {boss, company_manager}


def test_no_notice_before_november(admins):
    assert calendar_unconfirmed_notices(today=date(2026, 10, 31)) == []


def test_from_1_november_admins_are_told_about_next_year(admins):
    notices = calendar_unconfirmed_notices(today=date(2026, 11, 1))
    assert {n["recipient"] for n in notices} == admins
    assert {n["kind"] for n in notices} == {"calendar"}
    assert {n["dedupe_key"] for n in notices} == {f"workdays:unconfirmed:2027:{a.pk}" for a in admins}
    notice = notices[0]
    assert "2027" in notice["title"] and "2027" in notice["body"]
    assert notice["url"] == "/admin/workdays/calendaryear/2027/preview/"


def test_the_same_notice_every_day_is_deduplicated_by_its_key(admins):
    keys = [sorted(n["dedupe_key"] for n in calendar_unconfirmed_notices(today=date(2026, 11, d))) for d in (1, 2, 30)]
    assert keys[0] == keys[1] == keys[2]
    assert len(keys[0]) == len(admins)


def test_a_confirmed_year_needs_no_notice(admins, company_manager):
    calendar_year_confirm(year=2027, by=company_manager)
    assert calendar_unconfirmed_notices(today=date(2026, 12, 15)) == []


def test_a_provisional_current_year_is_told_any_month(admins):
    notices = calendar_unconfirmed_notices(today=date(2027, 3, 1))
    assert {n["dedupe_key"].split(":")[2] for n in notices} == {"2027"}  # 2028 only from November


def test_the_daily_task_sends_the_notices_and_refreshes_the_years(admins):
    from decocrm.notifications.models import Notification
    from decocrm.workdays.models import CalendarYear

    with time_machine.travel(local(2026, 10, 31, 7, 30), tick=False):
        assert tasks.calendar_daily_check() == 0
    assert not Notification.objects.exists()
    with time_machine.travel(local(2026, 11, 1, 7, 30), tick=False):
        assert tasks.calendar_daily_check() == len(admins)
    stored = set(Notification.objects.values_list("dedupe_key", flat=True))
    assert stored == {f"workdays:unconfirmed:2027:{a.pk}" for a in admins}
    assert set(CalendarYear.objects.values_list("year", flat=True)) == {2026, 2027}


def test_admins_get_one_stored_notice_per_year_through_the_notifications_app(admins):
    from decocrm.notifications.models import Notification

    assert services.calendar_warn_admins(today=date(2026, 11, 1)) == len(admins)
    assert services.calendar_warn_admins(today=date(2026, 11, 2)) == 0  # once per year and admin
    stored = Notification.objects.filter(kind="calendar")
    assert {n.recipient_id for n in stored} == {a.pk for a in admins}
    notice = stored.first()
    assert "2027" in notice.title
    assert notice.url == "/admin/workdays/calendaryear/2027/preview/"


def test_the_beat_schedule_runs_the_daily_check():
    from decocrm.celery import app

    entry = app.conf.beat_schedule["workdays-daily-check"]
    assert entry["task"] == "decocrm.workdays.tasks.calendar_daily_check"
    assert entry["task"] in app.tasks
    assert entry["options"]["expires"] > 0


def test_system_check_warns_about_a_provisional_next_year(company_manager):
    with time_machine.travel(local(2026, 11, 22, 9), tick=False):
        warnings = check_calendar_coverage(databases=["default"])
        assert [w.id for w in warnings] == ["workdays.W001"]
        assert "2027" in warnings[0].msg
        with pytest.raises(SystemCheckError, match="workdays.W001"):
            call_command("check", "--database", "default", "--fail-level", "WARNING")
        calendar_year_confirm(year=2027, by=company_manager)
        assert check_calendar_coverage(databases=["default"]) == []
    with time_machine.travel(local(2027, 6, 1, 9), tick=False):  # 2027 confirmed, 2028 unknown
        assert ["2028" in w.msg for w in check_calendar_coverage(databases=["default"])] == [True]
    with time_machine.travel(local(2025, 6, 1, 9), tick=False):  # 2025 and 2026 are in the package
        assert check_calendar_coverage(databases=["default"]) == []


def test_system_check_needs_the_database():
    assert check_calendar_coverage(databases=None) == []


def test_bad_closing_time_is_an_error(settings):
    settings.WORKDAY_CLOSING_TIME = "6pm"
    assert [e.id for e in check_closing_time()] == ["workdays.E001"]
    settings.WORKDAY_CLOSING_TIME = "18:00"
    assert check_closing_time() == []
