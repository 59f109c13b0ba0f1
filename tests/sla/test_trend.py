"""The on-time trend (issue 9): beside each day's own rate, the day's volume and a rolling 7-day rate, so that a day
with one or two deadlines does not swing the line a manager reads from 0 % to 100 %."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decocrm.sla import reports
from decocrm.sla.models import ClockOutcomeDay

from .test_views import world  # noqa: F401  (the dashboard's fixture)

pytestmark = pytest.mark.django_db
D = date(2026, 3, 10)


def outcome(day, on_time, late, kind="repair_contact", owner_id=1):
    ClockOutcomeDay.objects.create(day=day, kind=kind, owner_id=owner_id, team_id=1, on_time=on_time, late=late)


def trend(start, end):
    window = reports.outcomes_window(
        ClockOutcomeDay.objects.all(), due_from=start, due_to=end, lead_in_days=reports.ROLLING_DAYS - 1
    )
    return {row["day"]: row for row in reports.on_time_trend(window, start=start, end=end)}


def test_each_day_has_its_volume_its_rate_and_the_rolling_week():
    outcome(D - timedelta(days=3), 9, 1)  # before the window: counts in the rolling rate only
    outcome(D, 0, 1)  # one late deadline: the day's rate is 0 %
    outcome(D, 0, 0, kind="first_contact", owner_id=2)
    outcome(D + timedelta(days=1), 1, 0)  # one on time: 100 %
    outcome(D + timedelta(days=10), 3, 1)  # the old days have left the week

    rows = trend(D, D + timedelta(days=10))

    assert len(rows) == 11 and min(rows) == D.isoformat()  # every day shown, none before the window
    first = rows[D.isoformat()]
    assert (first["total"], first["rate"]) == (1, 0.0)
    assert (first["rolling_total"], first["rolling_rate"]) == (11, 81.8)  # 9 of 11 over the week ending that day
    second = rows[(D + timedelta(days=1)).isoformat()]
    assert (second["total"], second["rate"], second["rolling_total"], second["rolling_rate"]) == (1, 100.0, 12, 83.3)
    quiet = rows[(D + timedelta(days=5)).isoformat()]  # no deadline: no rate of its own, the week carries on
    assert (quiet["total"], quiet["rate"], quiet["rolling_total"], quiet["rolling_rate"]) == (0, None, 2, 50.0)
    last = rows[(D + timedelta(days=10)).isoformat()]
    assert (last["rolling_total"], last["rolling_rate"]) == (4, 75.0)


def test_a_week_without_any_deadline_has_no_rolling_rate():
    outcome(D, 1, 0)
    rows = trend(D, D + timedelta(days=8))
    assert rows[(D + timedelta(days=6)).isoformat()]["rolling_rate"] == 100.0
    assert rows[(D + timedelta(days=7)).isoformat()]["rolling_rate"] is None


def test_a_very_long_filter_range_shows_its_last_year():
    rows = trend(date(2020, 1, 1), D)
    assert len(rows) == reports.MAX_TREND_DAYS and max(rows) == D.isoformat()


@pytest.fixture
def afternoon():
    """The world's clocks started 5 hours before now: at an afternoon hour they fall due today whenever the suite
    runs (run just after midnight in Shanghai, "today" held none of them)."""
    with time_machine.travel(datetime(2026, 6, 10, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=True):
        yield


def test_the_dashboard_sends_the_rolling_rate_and_volume_with_the_same_number_of_queries(client, afternoon, world):  # noqa: F811
    client.force_login(world["gm"])
    client.get(reverse("sla:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("sla:dashboard"))
    # The figures come from the shared cache on a second view (reports.dashboard_figures), the session too: the
    # user, the bell, the filter's teams and people, and the page of breaches.
    assert len(queries.captured_queries) == 5
    trend_rows = response.context["trend"]
    assert len(trend_rows) == 31  # the last 30 days and today, quiet days included
    today = trend_rows[-1]
    assert today["total"] == today["rolling_total"] == 16 and today["rolling_rate"] == 25.0
    page = response.content.decode()
    assert 'id="on-time-trend-data"' in page and "rolling_rate" in page and "data-volume-label" in page
