"""The revisit rate policy [seed 002 客户管理制度 1.3-1.4]: the deterministic sample, the system check that refuses a
rate below the seeds' minimum, closing a ticket in or out of the sample, the achieved rate on the rates page
(flagged below the policy, constant queries), and the surveys the company's rules create after a repair and after
completion."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.checks import check_revisit_rate_policy
from aftersales.models import RepairTicket, Survey
from aftersales.revisit_policy import is_sampled
from aftersales.selectors import achieved_revisit_rates, revisit_rates, visible_surveys
from aftersales.services import revisit_record
from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockKind
from decocrm.sla.selectors import clocks_for_subject
from tests.querycount import assert_constant_queries

from .conftest import REQUESTED_AT, record
from .test_services import run_to

pytestmark = pytest.mark.django_db


def revisit_clock_of(ticket):
    return clocks_for_subject(ticket).filter(kind=ClockKind.REPAIR_REVISIT).first()


# --- the sample


@pytest.mark.parametrize("rate", [30, 50, 73, 100])
def test_the_sample_reaches_the_rate_from_the_first_case_on_and_never_exceeds_it_by_a_case(rate):
    picked = 0
    for number in range(1, 201):
        picked += is_sampled(number, rate)
        assert number * rate / 100 <= picked < number * rate / 100 + 1
    assert picked == 200 * rate // 100


def test_the_sample_at_30_percent_is_the_1st_4th_7th_11th_and_14th():
    assert [n for n in range(1, 15) if is_sampled(n, 30)] == [1, 4, 7, 11, 14]
    assert all(is_sampled(n, 100) for n in range(1, 10))


# --- the system check


@pytest.mark.parametrize(
    ("policy", "ids"),
    [
        ({"repair": 100, "complaint": 100}, []),
        ({"repair": 30, "complaint": 50}, []),  # the seeds' minimum
        ({"repair": 29, "complaint": 50}, ["aftersales.E002"]),
        ({"repair": 30, "complaint": 49}, ["aftersales.E002"]),
        ({"repair": 101, "complaint": 20}, ["aftersales.E002", "aftersales.E002"]),
        ({"repair": "all", "complaint": 100}, ["aftersales.E002"]),
        ({"repairs": 100}, ["aftersales.E001"]),
    ],
)
def test_a_policy_below_the_seeds_minimum_is_refused_at_startup(settings, policy, ids):
    settings.REVISIT_RATE_POLICY = policy
    assert [error.id for error in check_revisit_rate_policy()] == ids


# --- closing a ticket


def test_every_closed_ticket_is_revisited_by_default(ticket, after_sales):
    closed = run_to(ticket, after_sales, "closed")
    assert revisit_clock_of(closed).owner == after_sales


def test_below_100_percent_only_the_sampled_tickets_are_revisited(completed, after_sales, settings):
    settings.REVISIT_RATE_POLICY = {"repair": 50, "complaint": 100}
    tickets = [run_to(record(completed, after_sales, at=REQUESTED_AT + timedelta(days=i)), after_sales, "closed",
                      start=REQUESTED_AT + timedelta(days=i)) for i in range(4)]  # fmt: skip
    assert [revisit_clock_of(t) is not None for t in tickets] == [True, False, True, False]
    assert all(t.state == "closed" for t in tickets)


# --- the achieved rate


def test_the_achieved_rate_is_flagged_below_the_policy(completed, after_sales, relations, team_manager, settings):
    settings.REVISIT_RATE_POLICY = {"repair": 50, "complaint": 100}
    first = run_to(record(completed, after_sales), after_sales, "closed")
    run_to(record(completed, after_sales, at=REQUESTED_AT + timedelta(days=1)), after_sales, "closed",
           start=REQUESTED_AT + timedelta(days=1))  # fmt: skip
    now = REQUESTED_AT + timedelta(days=20)
    (row,) = [r for r in revisit_rates(team_manager, now=now)["achieved"] if r["kind"] == "repair"]
    assert (row["month"].month, row["closed"], row["revisited"], row["rate"], row["policy"]) == (6, 2, 0, 0, 50)
    assert row["below"] and row["minimum"] == 30
    revisit_record(by=relations, clock=revisit_clock_of(first), method="phone", outcome="好", satisfaction=5,
                   at=now)  # fmt: skip
    (row,) = [r for r in revisit_rates(team_manager, now=now)["achieved"] if r["kind"] == "repair"]
    assert (row["closed"], row["revisited"], row["rate"]) == (2, 1, 50) and not row["below"]
    settings.REVISIT_RATE_POLICY = {"repair": 100, "complaint": 100}
    assert [r["below"] for r in achieved_revisit_rates(team_manager, since=REQUESTED_AT) if r["kind"] == "repair"] == [
        True
    ]


def test_the_achieved_rate_counts_the_managers_team_only(completed, after_sales, make_staff):
    run_to(record(completed, after_sales), after_sales, "closed")
    other_manager = make_staff(Role.MANAGER, team=make_staff(Role.SALES).team)
    since = REQUESTED_AT - timedelta(days=1)
    assert [r["closed"] for r in achieved_revisit_rates(other_manager, since=since) if r["kind"] == "repair"] == []


def test_the_rates_page_shows_the_achieved_rate_in_constant_queries(client, completed, after_sales, company_manager):
    """One row per month of closing: 20 tickets closed over six months take the queries of one."""
    made = []

    def add(n):
        for _ in range(n):
            ticket = record(completed, after_sales)
            closed_at = timezone.now() - timedelta(days=9 * len(made))
            RepairTicket.objects.filter(pk=ticket.pk).update(state="closed", closed_at=closed_at)
            made.append(ticket)

    client.force_login(company_manager)
    url = reverse("aftersales:revisit-rates")
    response = assert_constant_queries(client, url, add)
    page = response.content.decode()
    assert 'id="rates-achieved"' in page and page.count("achieved-repair") >= 6
    assert "below-policy" in page  # none of them was revisited


# --- surveys the rules create


def test_closing_a_ticket_creates_an_after_repair_survey_for_its_revisitor(ticket, after_sales, relations):
    closed = run_to(ticket, after_sales, "closed")
    survey = Survey.objects.get(kind="after_repair")
    assert survey.customer == closed.customer and survey.created_by == after_sales and survey.staff == after_sales
    assert not survey.answered and str(closed.pk) in survey.about
    assert survey in visible_surveys(after_sales) and survey in visible_surveys(relations)


def test_completing_a_project_creates_an_after_completion_survey(relations, completed, salesperson):
    """The first revisit's holder is the contract's salesperson, who may not take surveys: customer relations do."""
    first_revisit = clocks_for_subject(completed.contract).get(kind=ClockKind.FIRST_REVISIT)
    assert first_revisit.owner == salesperson
    survey = Survey.objects.get(kind="after_completion")
    assert survey.customer == completed.customer and survey.staff == completed.manager
    assert survey.created_by == relations and survey.about == completed.contract.number
    assert survey in visible_surveys(relations)


def test_completion_with_a_surveying_revisitor_gives_them_the_survey(approved, pm, after_sales):
    """The contract's owner in after-sales (may survey): the survey is theirs."""
    from tests.aftersales.conftest import completed_project

    approved.contract.owner = after_sales
    approved.contract.save(update_fields=["owner"])
    completed = completed_project(approved, pm)
    assert Survey.objects.get(kind="after_completion").created_by == after_sales
    assert completed.state == "completed"
