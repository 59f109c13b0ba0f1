"""The calendar in the admin: preview month grid, confirm year, overrides, the provisional banner."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from decocrm.accounts.choices import Role
from decocrm.workdays.models import CalendarOverride, CalendarYear
from decocrm.workdays.services import calendar_override_set, calendar_year_fill

from .conftest import local

pytestmark = pytest.mark.django_db

BANNER = 'id="calendar-warnings"'


def preview_url(year):
    return reverse("admin:workdays_calendaryear_preview", args=[year])


def cell(body, day):
    """The <td> of one day in the month grid."""
    marker = f'data-date="{day:%Y-%m-%d}"'
    start = body.rindex("<td", 0, body.index(marker))
    return body[start : body.index("</td>", start)]


@pytest.fixture
def at_nov_2026():
    with time_machine.travel(local(2026, 11, 22, 10), tick=False):
        yield


def test_preview_shows_the_year_as_a_month_grid(client, manager, at_nov_2026):
    calendar_override_set(day=date(2026, 3, 3), is_working=False, note="Company outing", by=manager)
    calendar_override_set(day=date(2026, 3, 7), is_working=True, note="Stock-taking", by=manager)
    client.force_login(manager)
    body = client.get(preview_url(2026)).content.decode()
    assert 'class="wd-makeup"' in cell(body, date(2026, 2, 14))
    assert 'class="wd-holiday"' in cell(body, date(2026, 2, 16))
    assert 'class="wd-weekend"' in cell(body, date(2026, 3, 1))
    assert 'class="wd-workday"' in cell(body, date(2026, 3, 2))
    assert 'class="wd-override-off"' in cell(body, date(2026, 3, 3))
    assert 'class="wd-override-working"' in cell(body, date(2026, 3, 7))
    assert 'class="wd-makeup"' in cell(body, date(2026, 10, 10))
    assert "Company outing" in body and "Stock-taking" in body
    # a working day links to a new override making it a day off; a day off to one making it a working day
    add = reverse("admin:workdays_calendaroverride_add")
    assert f'href="{add}?date=2026-03-02"' in cell(body, date(2026, 3, 2))
    assert f'href="{add}?date=2026-03-01&amp;is_working=1"' in cell(body, date(2026, 3, 1))
    assert body.count("data-date=") == 365
    assert 'id="confirm-year"' in body  # not confirmed yet (confirming a package year is allowed, not required)
    assert BANNER in body  # 2027 is provisional


def test_preview_of_a_fallback_year_and_its_query_count(client, manager, at_nov_2026, django_assert_num_queries):
    calendar_year_fill(year=2027)
    calendar_override_set(day=date(2027, 2, 9), is_working=False, note="State Council notice", by=manager)
    client.force_login(manager)
    client.get(preview_url(2027))  # warm the session and the calendar cache
    # user, the user's permissions (2), the bell's unread count, the years' revisions, the year row, its
    # overrides, its days, the banner (is 2027 confirmed? 2026 is in the package: no query). The same for any number
    # of overrides. The session comes from the cache.
    with django_assert_num_queries(9):
        response = client.get(preview_url(2027))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="wd-holiday"' in cell(body, date(2027, 2, 5))
    assert 'class="wd-override-off"' in cell(body, date(2027, 2, 9))
    assert BANNER in body


def test_confirm_a_year_from_the_preview(client, manager, at_nov_2026):
    client.force_login(manager)
    url = reverse("admin:workdays_calendaryear_confirm", args=[2027])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == preview_url(2027)
    row = CalendarYear.objects.get(year=2027)
    assert row.confirmed_by == manager and not row.is_provisional
    body = client.get(preview_url(2027)).content.decode()
    assert BANNER not in body and 'id="confirm-year"' not in body
    # confirming twice says so and changes nothing
    client.post(url)
    assert CalendarYear.objects.get(year=2027).confirmed_at == row.confirmed_at


def test_confirm_years_action_on_the_list(client, manager, at_nov_2026):
    client.force_login(manager)
    changelist = reverse("admin:workdays_calendaryear_changelist")
    body = client.get(changelist).content.decode()
    assert BANNER in body
    assert preview_url(2026) in body and preview_url(2027) in body
    client.post(changelist, {"action": "confirm_years", "_selected_action": ["2027"]})
    assert not CalendarYear.objects.get(year=2027).is_provisional
    assert BANNER not in client.get(changelist).content.decode()


def test_managers_edit_overrides_in_the_admin(
    client, manager, at_nov_2026, calendar_changes, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    add = reverse("admin:workdays_calendaroverride_add")
    form = client.get(add + "?date=2027-02-20&is_working=1").content.decode()
    assert 'value="2027-02-20"' in form
    assert BANNER in form
    response = client.post(add, {"date": "1999-05-01", "note": "too early"})
    assert response.status_code == 200 and "2000" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add, {"date": "2027-02-20", "is_working": "on", "note": "State Council 2027 notice"})
    assert response.status_code == 302, response.content.decode()
    override = CalendarOverride.objects.get()
    assert (override.date, override.is_working, override.updated_by) == (date(2027, 2, 20), True, manager)
    assert calendar_changes == [(date(2027, 2, 20), date(2027, 2, 20))]
    # a second override for the same date is a form error, not a crash
    response = client.post(add, {"date": "2027-02-20", "note": "again"})
    assert response.status_code == 200 and CalendarOverride.objects.count() == 1

    change = reverse("admin:workdays_calendaroverride_change", args=[override.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change, {"note": "State Council notice no. 1"})
    override.refresh_from_db()
    assert (override.is_working, override.note) == (False, "State Council notice no. 1")

    assert BANNER in client.get(reverse("admin:workdays_calendaroverride_changelist")).content.decode()
    delete = reverse("admin:workdays_calendaroverride_delete", args=[override.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete, {"post": "yes"})
    assert not CalendarOverride.objects.exists()
    assert len(calendar_changes) == 3


def test_who_may_see_and_change_the_calendar(client, salesperson, make_staff, at_nov_2026):
    client.force_login(salesperson)  # not admin-site staff at all
    assert client.get(preview_url(2026))["Location"].startswith("/admin/login/")
    clerk = make_staff(Role.ARCHIVE_CLERK)  # admin-site staff without calendar permissions
    client.force_login(clerk)
    assert client.get(preview_url(2026)).status_code == 403
    assert client.post(reverse("admin:workdays_calendaryear_confirm", args=[2027])).status_code == 403
    add = reverse("admin:workdays_calendaroverride_add")
    assert client.post(add, {"date": "2027-02-20", "is_working": "on", "note": "x"}).status_code == 403
    assert not CalendarOverride.objects.exists()
    assert not CalendarYear.objects.filter(confirmed_at__isnull=False).exists()


def test_team_managers_read_the_calendar_but_do_not_change_it(client, team_manager, company_manager, at_nov_2026):
    override = calendar_override_set(day=date(2027, 2, 20), is_working=True, note="State Council", by=company_manager)
    client.force_login(team_manager)
    assert client.get(reverse("admin:workdays_calendaroverride_changelist")).status_code == 200
    preview = client.get(preview_url(2027))
    assert preview.status_code == 200 and not preview.context["can_confirm"] and not preview.context["can_override"]
    add = reverse("admin:workdays_calendaroverride_add")
    assert client.post(add, {"date": "2027-02-21", "is_working": "on", "note": "x"}).status_code == 403
    change = reverse("admin:workdays_calendaroverride_change", args=[override.pk])
    assert client.post(change, {"is_working": "", "note": "changed"}).status_code == 403
    delete = reverse("admin:workdays_calendaroverride_delete", args=[override.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:workdays_calendaryear_confirm", args=[2027])).status_code == 403
    changelist = reverse("admin:workdays_calendaryear_changelist")
    client.post(changelist, {"action": "confirm_years", "_selected_action": [2027]})
    override.refresh_from_db()
    assert (override.is_working, override.note) == (True, "State Council")
    assert CalendarOverride.objects.count() == 1
    assert not CalendarYear.objects.filter(confirmed_at__isnull=False).exists()


def test_a_year_outside_the_calendar_is_404(client, manager):
    client.force_login(manager)
    assert client.get(preview_url(1990)).status_code == 404
