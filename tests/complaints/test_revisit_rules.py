"""The post-complaint revisit's rules [seed 002 客户管理制度 1.3, 1.13]: who holds it by the complaint's tier
(ordinary: customer relations; important — its solution needed a manager's approval: the handler's department
manager; major: a company manager), never the one complained about; none for an anonymous complaint, and under a
rate below 100 only the sampled share; a complainant who is not a customer is revisited from the queue all the same;
the achieved rate counts the named complaints."""

from datetime import timedelta

import pytest

from aftersales.selectors import achieved_revisit_rates, due_revisits
from aftersales.services import revisit_record
from complaints.choices import RevisitTier
from complaints.services.revisit import revisit_holder, revisit_tier
from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.kinds import hand_over_holder
from decocrm.sla.selectors import clocks_for_subject

from .conftest import RECEIVED_AT, later, record
from .helpers import to_closed

pytestmark = pytest.mark.django_db


def revisit_clock(complaint):
    return clocks_for_subject(complaint).filter(kind=ClockKind.COMPLAINT_REVISIT).first()


def test_an_ordinary_complaint_is_revisited_by_customer_relations(complaint, relations, handler, team_manager):
    complaint = to_closed(complaint, relations, handler)
    assert revisit_tier(complaint) == RevisitTier.ORDINARY
    assert revisit_clock(complaint).owner == relations


def test_an_important_complaint_by_the_handlers_department_manager(complaint, relations, handler, team_manager,
                                                                    company_manager):  # fmt: skip
    """Its compensation was above the limit: a manager approved it, the handler's team manager revisits."""
    from .helpers import to_solution

    complaint = to_solution(complaint, relations, handler, compensation="8000")
    assert complaint.approval == "manager"
    complaint = to_closed_from_solution(complaint, relations, approver=company_manager)
    assert revisit_tier(complaint) == RevisitTier.IMPORTANT
    clock = revisit_clock(complaint)
    assert clock.owner == team_manager and clock.owner != complaint.accused_staff
    assert clock in due_revisits(team_manager)


def test_an_important_complaint_without_a_department_manager_goes_to_its_approver(relations, customer, make_staff,
                                                                                  company_manager):  # fmt: skip
    from .helpers import to_solution

    lone_handler = make_staff(Role.AFTER_SALES, team=None)
    complaint = to_solution(record(relations, customer=customer), relations, lone_handler, compensation="8000")
    complaint = to_closed_from_solution(complaint, relations, approver=company_manager)
    assert revisit_clock(complaint).owner == company_manager


def test_a_major_complaint_by_the_company_manager_who_approved_it(company_manager, relations, customer, handler,
                                                                 team_manager, make_staff):  # fmt: skip
    senior = company_manager
    general_manager = make_staff(Role.MANAGER, company_wide=True)
    complaint = record(relations, customer=customer, major_reasons=["media"])
    complaint = to_closed(complaint, relations, handler, approver=general_manager)
    assert revisit_tier(complaint) == RevisitTier.MAJOR
    assert revisit_clock(complaint).owner == general_manager
    # without an approver on file: the longest-serving company manager
    complaint.approved_by = None
    assert revisit_holder(complaint) == senior


def test_the_one_complained_about_never_revisits(company_manager, relations, customer, handler, make_staff):
    accused_boss = company_manager  # the longest-serving
    other = make_staff(Role.MANAGER, company_wide=True)
    complaint = record(relations, customer=customer, major_reasons=["media"], accused_staff=accused_boss)
    complaint = to_closed(complaint, relations, handler, approver=other)
    assert revisit_clock(complaint).owner == other
    complaint.approved_by = None
    assert revisit_holder(complaint) == other  # not the longer-serving accused manager


def test_the_revisit_stays_with_its_holder_on_a_hand_over(complaint, relations, handler, salesperson):
    complaint = to_closed(complaint, relations, handler)
    assert hand_over_holder(ClockKind.COMPLAINT_REVISIT, complaint, salesperson) == relations


def test_an_anonymous_complaint_starts_no_revisit_and_is_not_counted(relations, handler, team_manager):
    complaint = to_closed(record(relations, anonymous=True, accused_team=handler.team), relations, handler)
    assert revisit_clock(complaint) is None
    rows = [r for r in achieved_revisit_rates(team_manager, since=RECEIVED_AT) if r["kind"] == "complaint"]
    assert rows == []


def test_below_100_percent_only_the_sampled_complaints_are_revisited(relations, handler, make_staff, settings):
    settings.REVISIT_RATE_POLICY = {"repair": 100, "complaint": 50}
    closed = []
    for i in range(4):
        complaint = record(relations, complainant_name=f"业主{i}", at=RECEIVED_AT + timedelta(minutes=i))
        closed.append(to_closed(complaint, relations, handler))
    assert [revisit_clock(c) is not None for c in closed] == [True, False, True, False]


def test_a_complainant_who_is_not_a_customer_is_revisited_from_the_queue(relations, handler, company_manager):
    complaint = to_closed(record(relations, complainant_name="刘先生", complainant_phone="13912345678",
                                 accused_team=handler.team), relations, handler)  # fmt: skip
    assert complaint.customer is None
    due = revisit_clock(complaint)
    assert due in due_revisits(relations) and due.customer_id is None
    revisit = revisit_record(by=relations, clock=due, method="phone", outcome="满意", satisfaction=5, at=later(30))
    assert revisit.customer is None and "刘先生" in revisit.who
    complaint.refresh_from_db()
    assert complaint.revisit_done_at == revisit.done_at and revisit_clock(complaint).state == ClockState.MET
    (row,) = [r for r in achieved_revisit_rates(company_manager, since=RECEIVED_AT) if r["kind"] == "complaint"]
    assert (row["closed"], row["revisited"], row["rate"], row["below"]) == (1, 1, 100, False)


def to_closed_from_solution(complaint, coordinator, *, approver):
    from complaints import services

    complaint = services.complaint_review_solution(complaint=complaint, by=approver, approve=True, at=later(4))
    complaint = services.complaint_feed_back(complaint=complaint, by=coordinator, feedback="客户接受", at=later(5))
    return services.complaint_close(complaint=complaint, by=coordinator, satisfaction="satisfied", at=later(6))


def test_the_pages_show_a_revisit_without_a_customer(client, relations, handler):
    from django.urls import reverse

    complaint = to_closed(record(relations, complainant_name="刘先生"), relations, handler)
    due = revisit_clock(complaint)
    client.force_login(relations)
    queue = client.get(reverse("aftersales:revisits")).content.decode()
    assert reverse("aftersales:revisit-record", args=[due.pk]) in queue
    answer = client.post(reverse("aftersales:revisit-record", args=[due.pk]),
                         {"method": "phone", "outcome": "满意", "satisfaction": "5"})  # fmt: skip
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert 'id="revisit-no-customer"' in page and "刘先生" in page
    assert "刘先生" in client.get(reverse("aftersales:revisits")).content.decode()  # recorded lately
