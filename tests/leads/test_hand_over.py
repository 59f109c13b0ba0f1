"""The hand-over rule on leads (issue 8): a lead claimed from the pool or reassigned does not arrive overdue; a
breach stays recorded against the owner who had it, on the on-time table and off the new owner's dashboard rows."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from decocrm.sla.choices import OPEN_STATES, ClockKind, ClockState
from decocrm.sla.models import ClockOutcomeDay
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.sweep import sla_sweep
from decocrm.workdays.deadlines import deadline_after
from leads.pool import return_breached_leads
from leads.services import lead_assign, lead_claim

from .conftest import MONDAY

pytestmark = pytest.mark.django_db


def open_clock(lead):
    return clocks_for_subject(lead).filter(state__in=OPEN_STATES).get()


def working_days_after(at, days):
    return deadline_after(at, days, "working_days").at


def test_a_lead_breached_under_one_owner_and_claimed_by_another(
    client, settings, capture, salesperson, colleague, company_manager
):
    settings.LEADS_AUTO_RETURN_TO_POOL = True
    lead = capture(salesperson)
    first = open_clock(lead)
    sla_sweep(now=first.due_at + timedelta(minutes=5))  # breached under the first owner
    assert return_breached_leads(lead_ids=[lead.pk]) == 1
    two_weeks_later = MONDAY + timedelta(days=14)
    sla_sweep(now=two_weeks_later)  # two weeks in the pool

    lead = lead_claim(lead=lead, by=colleague, at=two_weeks_later)

    fresh = open_clock(lead)
    assert (fresh.kind, fresh.owner, fresh.state) == (ClockKind.FIRST_CONTACT, colleague, ClockState.RUNNING)
    assert fresh.started_at == two_weeks_later and fresh.breached_at is None
    assert fresh.due_at == working_days_after(two_weeks_later, 3)
    assert lead.next_due_at == fresh.due_at  # not "逾期 2 周"
    first.refresh_from_db()
    assert first.owner == salesperson and first.breached_at is not None
    # The on-time record: one late first contact, the first owner's; no row for the pool or the claimer.
    rows = list(ClockOutcomeDay.objects.values_list("owner_id", "on_time", "late"))
    assert rows == [(salesperson.pk, 0, 1)]

    client.force_login(colleague)
    with time_machine.travel(two_weeks_later + timedelta(hours=1), tick=False):
        page = client.get(lead.get_absolute_url()).content.decode()  # staff read zh-hans
    assert "最近到期时间" in page and "逾期自" not in page  # "next deadline", not "overdue since": it arrives fresh

    client.force_login(company_manager)
    with time_machine.travel(two_weeks_later + timedelta(hours=1), tick=False):  # the rates cover the last 30 days
        response = client.get(reverse("sla:dashboard"))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []  # nobody is late now, least of all the claimer
    assert all(row["breached"] == 0 for row in response.context["by_person"])
    rates = response.context["rates_by_person"]
    assert [(row["owner_id"], row["rate"]) for row in rates] == [(salesperson.pk, 0.0)]
    assert all(row["owner_name"] for row in rates)  # no nameless "—" row


def test_a_manager_reassigns_a_running_clock_and_the_new_owner_gets_the_full_time(
    capture, salesperson, colleague, team_manager
):
    """Decision: the remaining time does not carry over; the new owner's clock counts from the hand-over."""
    lead = capture(salesperson)
    old = open_clock(lead)
    handed_at = MONDAY + timedelta(days=1)
    lead = lead_assign(lead=lead, owner=colleague, by=team_manager, at=handed_at)
    fresh = open_clock(lead)
    assert fresh.pk != old.pk and fresh.owner == colleague and fresh.started_at == handed_at
    assert fresh.due_at == working_days_after(handed_at, 3) > old.due_at
    assert lead.next_due_at == fresh.due_at
    old.refresh_from_db()
    assert old.state == ClockState.CANCELLED and old.owner == salesperson and old.breached_at is None
    sla_sweep(now=old.due_at + timedelta(minutes=5))
    assert not ClockOutcomeDay.objects.exists()  # the first owner's unfinished clock is nobody's miss
