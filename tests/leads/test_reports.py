"""Lead reports: the funnel's numbers on a small known data set, scoping, 403 and a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from leads.choices import Channel, LeadState
from leads.models import Lead
from leads.reports import lead_report
from leads.services import (
    apply_transition,
    lead_log_contact,
    lead_mark_lost,
    lead_mark_won,
    lead_qualify,
    lead_reject,
)
from leads.services.common import lock_lead

from .conftest import MONDAY

pytestmark = pytest.mark.django_db

RANGE = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def _advance(lead, *states, by, at):
    """Through stages that have no service yet (measurement, proposal: the design issue): the building block."""
    for state in states:
        lead = lock_lead(lead)
        apply_transition(lead, Lead.machine.table()[lead.state][state], by=by, at=at)
        lead.save(update_fields=["state", "state_changed_at"])
    return lead


def _to_proposal(lead, by, at):
    lead_log_contact(lead=lead, by=by, channel="phone", summary="电话沟通", at=at + timedelta(hours=2))
    lead_qualify(lead=lead, by=by, at=at + timedelta(days=1))
    return _advance(
        lead,
        LeadState.MEASUREMENT_SCHEDULED,
        LeadState.MEASURED,
        LeadState.PROPOSAL_DELIVERED,
        by=by,
        at=at + timedelta(days=2),
    )


def _win(lead, by, at):
    """The customer accepted the proposal, then signed (won means signed)."""
    lead = _advance(lead, LeadState.PROPOSAL_ACCEPTED, by=by, at=at)
    return lead_mark_won(lead=lead, by=by, at=at)


@pytest.fixture
def funnel_world(capture, salesperson, colleague, team_manager, outsider):
    """Team A (salesperson, colleague) and another team (outsider); leads entered in March 2026 unless noted.

    short_video (salesperson): 1 new, 1 contacted then rejected, 1 qualified then lost, 1 won, 1 won (went
      through a proposal revision) -> entered 5, contacted 4, qualified 3, measured... 2, won 2
    expo (colleague): 1 contacted (first contact after 1 day), 1 proposal delivered then lost -> entered 2,
      contacted 2, qualified 1, proposal 1, won 0
    walk_in (outsider, another team): 1 won
    February (out of range): 1 won short_video
    """
    at = MONDAY
    video = [capture(salesperson, channel=Channel.SHORT_VIDEO, at=at) for _ in range(5)]
    lead_log_contact(lead=video[1], by=salesperson, channel="phone", summary="打过", at=at + timedelta(hours=1))
    lead_reject(lead=video[1], by=salesperson, reason="no_real_demand", at=at + timedelta(hours=2))
    lead_log_contact(lead=video[2], by=salesperson, channel="phone", summary="打过", at=at + timedelta(hours=3))
    lead_qualify(lead=video[2], by=salesperson, at=at + timedelta(days=1))
    lead_mark_lost(lead=video[2], by=salesperson, reason="price", at=at + timedelta(days=2))
    for lead in video[3:]:
        _to_proposal(lead, salesperson, at)
    _advance(video[4], LeadState.PROPOSAL_DELIVERED, by=salesperson, at=at + timedelta(days=3))  # a revision
    for lead in video[3:]:
        _win(lead, salesperson, at + timedelta(days=4))

    expo = [capture(colleague, channel=Channel.EXPO, channel_detail="家博会", at=at) for _ in range(2)]
    lead_log_contact(lead=expo[0], by=colleague, channel="wechat", summary="加微信", at=at + timedelta(days=1))
    _to_proposal(expo[1], colleague, at)
    lead_mark_lost(lead=expo[1], by=colleague, reason="competitor", at=at + timedelta(days=3))

    walk_in = capture(outsider, channel=Channel.WALK_IN, at=at)
    _to_proposal(walk_in, outsider, at)
    _win(walk_in, outsider, at + timedelta(days=3))

    old = capture(salesperson, channel=Channel.SHORT_VIDEO, at=at - timedelta(days=30))
    _to_proposal(old, salesperson, at - timedelta(days=30))
    _win(old, salesperson, at - timedelta(days=20))
    return {"video": video, "expo": expo, "walk_in": walk_in}


def _counts(report):
    return [row.count for row in report.stages]


def test_funnel_counts_every_stage_reached_and_rates(funnel_world, company_manager):
    report = lead_report(company_manager, date(2026, 3, 1), date(2026, 3, 31))
    assert report.entered == 8
    # contacted, qualified, measurement scheduled, measured, proposal delivered, proposal accepted, won
    assert _counts(report) == [7, 5, 4, 4, 4, 3, 3]
    stages = {row.stage: row for row in report.stages}
    assert stages[LeadState.CONTACTED].of_first == 87.5 and stages[LeadState.CONTACTED].of_previous == 87.5
    assert stages[LeadState.QUALIFIED].of_first == 62.5
    assert stages[LeadState.QUALIFIED].of_previous == round(100 * 5 / 7, 1)
    assert stages[LeadState.PROPOSAL_ACCEPTED].of_previous == 75.0
    assert stages[LeadState.WON].of_first == 37.5 and stages[LeadState.WON].of_previous == 100.0

    channels = {row.channel: row for row in report.channels}
    assert [row.channel for row in report.channels] == [Channel.SHORT_VIDEO, Channel.EXPO, Channel.WALK_IN]
    video = channels[Channel.SHORT_VIDEO]
    assert (video.leads, video.reached) == (5, [4, 3, 2, 2, 2, 2, 2])
    assert (video.qualified, video.qualified_rate, video.won, video.won_rate) == (3, 60.0, 2, 40.0)
    assert (video.rejected, video.lost, video.closed_unsuccessfully) == (1, 1, 2)
    # first contacts after 1 h, 3 h, 2 h, 2 h
    assert video.avg_days_to_first_contact == round(2 / 24, 1)
    expo = channels[Channel.EXPO]
    assert (expo.leads, expo.reached, expo.lost) == (2, [2, 1, 1, 1, 1, 0, 0], 1)
    assert expo.won_rate == 0.0
    assert expo.avg_days_to_first_contact == round((1 + 2 / 24) / 2, 1)
    assert [s.count for s in expo.stages] == [2, 1, 1, 1, 1, 0, 0]
    assert expo.stages[1].of_previous == 50.0


def test_a_lead_that_went_back_keeps_the_furthest_stage(funnel_world, company_manager):
    """Counted from the transitions: a lead sent back a step (e.g. a measurement cancelled) still reached the
    measurement, and a lost lead keeps how far it got."""
    lead = funnel_world["expo"][0]
    # Written as a raw transition: the transition table has no way back yet; the design issue may add one.
    Lead.objects.filter(pk=lead.pk).update(state=LeadState.MEASUREMENT_SCHEDULED)
    lead.transitions.create(from_state=LeadState.CONTACTED, to_state=LeadState.QUALIFIED, at=MONDAY)
    lead.transitions.create(
        from_state=LeadState.QUALIFIED, to_state=LeadState.MEASUREMENT_SCHEDULED, at=MONDAY + timedelta(days=2)
    )
    lead.transitions.create(
        from_state=LeadState.MEASUREMENT_SCHEDULED, to_state=LeadState.QUALIFIED, at=MONDAY + timedelta(days=3)
    )
    Lead.objects.filter(pk=lead.pk).update(state=LeadState.QUALIFIED)
    report = lead_report(funnel_world["expo"][0].owner, date(2026, 3, 1), date(2026, 3, 31))  # not a manager:
    assert report.entered == 2  # the colleague's own leads only (visible_leads)
    assert [row.count for row in report.stages] == [2, 2, 2, 1, 1, 0, 0]


def test_a_skipped_stage_still_counts_as_passed(capture, salesperson, company_manager):
    lead = capture(salesperson, channel=Channel.REFERRAL, referred_by_partner="物业王经理")
    lead.transitions.create(from_state=LeadState.NEW, to_state=LeadState.QUALIFIED, at=MONDAY)  # e.g. an import
    report = lead_report(company_manager, date(2026, 3, 1), date(2026, 3, 31))
    assert _counts(report) == [1, 1, 0, 0, 0, 0, 0]


def test_page_for_team_and_company_managers(client, funnel_world, team_manager, company_manager):
    client.force_login(team_manager)
    response = client.get(reverse("leads:reports"), RANGE)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.entered == 7  # not the other team's walk-in
    assert {row.channel for row in report.channels} == {Channel.SHORT_VIDEO, Channel.EXPO}
    body = response.content.decode()
    assert 'id="leads-report-data"' in body and "leads-reports.js" in body
    assert "<script>" not in body.replace('<script id="leads-report-data" type="application/json">', "")

    client.force_login(company_manager)
    response = client.get(reverse("leads:reports"), RANGE)
    assert response.context["report"].entered == 8
    assert response.context["chart"]["funnel"]["counts"] == [7, 5, 4, 4, 4, 3, 3]


def test_default_range_is_the_last_90_days(client, funnel_world, company_manager, time_machine):
    time_machine.move_to(MONDAY + timedelta(days=10))
    client.force_login(company_manager)
    report = client.get(reverse("leads:reports")).context["report"]
    assert (report.date_to - report.date_from).days == 89
    assert report.date_to == (MONDAY + timedelta(days=10)).date()
    assert report.entered == 9  # February's lead too
    time_machine.move_to(MONDAY + timedelta(days=120))
    client.force_login(company_manager)  # the session has expired by then
    assert client.get(reverse("leads:reports")).context["report"].entered == 0


def test_bad_range_shows_an_error_and_falls_back(client, company_manager):
    client.force_login(company_manager)
    response = client.get(reverse("leads:reports"), {"date_from": "2026-03-31", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_to"]
    assert (response.context["report"].date_to - response.context["report"].date_from).days == 89


@pytest.mark.parametrize("role", [Role.SALES, Role.DESIGNER, Role.CUSTOMER_RELATIONS])
def test_others_get_403(client, make_staff, role):
    client.force_login(make_staff(role))
    assert client.get(reverse("leads:reports")).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("leads:reports"))
    assert response.status_code in (302, 403)


def test_navigation_entry_for_managers_only(client, team_manager, salesperson):
    client.force_login(team_manager)
    assert reverse("leads:reports") in client.get(reverse("home")).content.decode()
    client.force_login(salesperson)
    assert reverse("leads:reports") not in client.get(reverse("home")).content.decode()


def test_query_count_is_constant(client, capture, make_staff, company_manager, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(company_manager)
    people = [make_staff(Role.SALES, team=team_create(name=f"查询{i}部")) for i in range(3)]
    capture(people[0], channel=Channel.WALK_IN)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("leads:reports"), RANGE)
    for i, channel in enumerate(Channel):
        for person in people:
            lead = capture(person, channel=channel, **({"referred_by_partner": "x"} if channel == "referral" else {}))
            if i % 2:
                lead_log_contact(lead=lead, by=person, channel="phone", summary="s", at=MONDAY + timedelta(hours=1))
    with django_assert_max_num_queries(6), CaptureQueriesContext(connection) as many:
        response = client.get(reverse("leads:reports"), RANGE)
    assert response.context["report"].entered == 1 + 3 * len(Channel)
    assert len(many) == len(few)
    report_queries = [q["sql"] for q in many if "leads_lead" in q["sql"]]
    assert len(report_queries) == 1, report_queries
