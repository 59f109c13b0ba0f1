"""The complaint's services: every transition and the illegal ones, the handler rule (intake, assignment and
reassignment), the automatic major severity of a repeat (90 days yes, 91 no), the escalation reaching management and
the legal group, the compensation approval limit, and the clocks starting and stopping."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from complaints import services
from complaints.choices import Approval, ComplaintState, MajorReason, Severity
from complaints.models import Complaint
from decocrm.accounts.choices import Role
from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.models import Clock
from decocrm.sla.selectors import clocks_for_subject

from .conftest import RECEIVED_AT, later, record
from .helpers import assign, propose, to_closed, to_solution

pytestmark = pytest.mark.django_db


def clock(complaint, kind):
    return clocks_for_subject(complaint).filter(kind=kind).order_by("-pk").first()


def open_kinds(complaint):
    return set(clocks_for_subject(complaint).filter(state__in=("running", "paused", "breached"))
               .values_list("kind", flat=True))  # fmt: skip


# --- Intake


def test_intake_records_the_complaint_and_starts_the_solution_and_closure_clocks(complaint, relations, customer):
    assert complaint.state == ComplaintState.RECEIVED
    assert complaint.customer == customer and complaint.received_by == relations
    assert complaint.severity == Severity.NORMAL
    assert open_kinds(complaint) == {ClockKind.COMPLAINT_SOLUTION, ClockKind.COMPLAINT_CLOSURE}
    assert clock(complaint, ClockKind.COMPLAINT_SOLUTION).owner == relations  # until a handler is named
    assert complaint.team == complaint.accused_staff.team
    assert [t.event for t in complaint.transitions.all()] == ["recorded"]


def test_the_phone_links_the_customer_on_file(relations, customer):
    complaint = record(relations, complainant_name="王", complainant_phone="138 0013 8000")
    assert complaint.customer == customer


def test_anonymous_needs_no_name_but_a_named_one_does(relations, customer):
    assert record(relations, anonymous=True).complainant
    with pytest.raises(ValidationError) as error:
        record(relations)
    assert "complainant_name" in error.value.message_dict
    with pytest.raises(ValidationError):
        record(relations, anonymous=True, customer=customer)


def test_only_customer_relations_and_managers_record(salesperson, manager):
    with pytest.raises(services.ComplaintPermissionError):
        record(salesperson, complainant_name="李")
    assert record(manager, complainant_name="李").pk


# --- The handler rule


def test_the_accused_is_never_the_handler_at_intake(relations, customer, accused):
    with pytest.raises(ValidationError) as error:
        record(relations, customer=customer, accused_staff=accused, handler=accused)
    assert "handler" in error.value.message_dict
    assert not Complaint.objects.exists()


def test_the_accused_is_never_the_handler_on_assignment(complaint, relations, accused):
    with pytest.raises(ValidationError):
        assign(complaint, relations, accused)
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.RECEIVED


def test_the_accused_is_never_the_handler_on_reassignment(complaint, relations, accused, handler):
    complaint = assign(complaint, relations, handler)
    with pytest.raises(ValidationError):
        services.complaint_reassign(complaint=complaint, by=relations, handler=accused, at=later(2))
    assert Complaint.objects.get(pk=complaint.pk).handler == handler


def test_the_database_refuses_the_accused_as_handler_too(complaint, accused):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(handler=accused)


def test_the_assignment_form_never_offers_the_accused(complaint, relations, accused, handler):
    from complaints.forms import AssignForm

    offered = set(AssignForm(complaint=complaint).fields["handler"].queryset.values_list("pk", flat=True))
    assert accused.pk not in offered and handler.pk in offered
    form = AssignForm({"handler": accused.pk}, complaint=complaint)
    assert not form.is_valid() and "handler" in form.errors
    complaint = assign(complaint, relations, handler)
    offered = set(AssignForm(complaint=complaint).fields["handler"].queryset.values_list("pk", flat=True))
    assert accused.pk not in offered and handler.pk not in offered  # nor the current handler, on a reassignment


def test_the_accused_may_not_act_even_as_a_manager(relations, customer, team_manager, handler):
    complaint = record(relations, customer=customer, accused_staff=team_manager)
    with pytest.raises(services.ComplaintPermissionError):
        services.complaint_assign(complaint=complaint, by=team_manager, handler=handler, at=later(1))


def test_assignment_passes_the_clocks_and_reassignment_keeps_the_deadline(complaint, relations, handler, make_staff,
                                                                          team):  # fmt: skip
    due = clock(complaint, ClockKind.COMPLAINT_SOLUTION).due_at
    complaint = assign(complaint, relations, handler)
    solution = clock(complaint, ClockKind.COMPLAINT_SOLUTION)
    assert solution.owner == handler and solution.due_at == due and solution.state == ClockState.RUNNING
    other = make_staff(Role.CUSTOMER_RELATIONS)
    complaint = services.complaint_reassign(complaint=complaint, by=relations, handler=other, at=later(2))
    assert complaint.handler == other and complaint.state == ComplaintState.ASSIGNED
    assert clock(complaint, ClockKind.COMPLAINT_SOLUTION).owner == other
    assert clock(complaint, ClockKind.COMPLAINT_SOLUTION).due_at == due
    assert complaint.transitions.filter(event="reassigned").exists()


# --- Transitions


def test_every_transition_of_a_normal_complaint(complaint, relations, handler):
    complaint = assign(complaint, relations, handler)
    assert complaint.state == ComplaintState.ASSIGNED
    complaint = services.complaint_start_investigation(complaint=complaint, by=handler, at=later(2))
    assert complaint.state == ComplaintState.INVESTIGATING
    complaint = propose(complaint, handler)
    assert complaint.state == ComplaintState.SOLUTION_PROPOSED and complaint.approval == Approval.NONE
    assert clock(complaint, ClockKind.COMPLAINT_SOLUTION).state == ClockState.MET
    assert clock(complaint, "complaint_feedback").state == ClockState.RUNNING
    complaint = services.complaint_feed_back(complaint=complaint, by=relations, feedback="接受", at=later(4))
    assert complaint.state == ComplaintState.RESOLVED
    assert clock(complaint, "complaint_feedback").state == ClockState.MET
    complaint = services.complaint_close(complaint=complaint, by=relations, satisfaction="satisfied", at=later(5))
    assert complaint.state == ComplaintState.CLOSED and complaint.satisfaction == "satisfied"
    assert clock(complaint, ClockKind.COMPLAINT_CLOSURE).state == ClockState.MET
    revisit = clock(complaint, ClockKind.COMPLAINT_REVISIT)
    assert revisit.state == ClockState.RUNNING and revisit.owner == relations
    assert revisit.due_at == later(5, days=3)
    complaint = services.complaint_revisit_done(complaint=complaint, by=relations, at=later(30))
    assert clock(complaint, ClockKind.COMPLAINT_REVISIT).state == ClockState.MET
    with pytest.raises(services.ComplaintStateError):
        services.complaint_revisit_done(complaint=complaint, by=relations, at=later(31))
    states = [t.to_state for t in complaint.transitions.all()]
    assert states[:6] == ["received", "assigned", "investigating", "solution_proposed", "resolved", "closed"]


@pytest.mark.parametrize(
    "step",
    ["investigate", "propose", "approve", "feed_back", "close", "reassign", "revisit"],
)
def test_illegal_transitions_from_received(complaint, relations, handler, company_manager, step):
    calls = {
        "investigate": lambda: services.complaint_start_investigation(complaint=complaint, by=relations, at=later(1)),
        "propose": lambda: propose(complaint, relations, hours=1),
        "approve": lambda: services.complaint_review_solution(complaint=complaint, by=company_manager, approve=True,
                                                              at=later(1)),
        "feed_back": lambda: services.complaint_feed_back(complaint=complaint, by=relations, feedback="x",
                                                          at=later(1)),
        "close": lambda: services.complaint_close(complaint=complaint, by=relations, satisfaction="satisfied",
                                                  at=later(1)),
        "reassign": lambda: services.complaint_reassign(complaint=complaint, by=relations, handler=handler,
                                                        at=later(1)),
        "revisit": lambda: services.complaint_revisit_done(complaint=complaint, by=relations, at=later(1)),
    }  # fmt: skip
    with pytest.raises((services.ComplaintStateError, services.ComplaintPermissionError)):
        calls[step]()
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.RECEIVED


def test_a_solution_without_approval_cannot_be_approved_and_assign_twice_is_refused(complaint, relations, handler,
                                                                                    company_manager):  # fmt: skip
    complaint = to_solution(complaint, relations, handler)
    with pytest.raises(services.ComplaintPermissionError):
        services.complaint_review_solution(complaint=complaint, by=company_manager, approve=True, at=later(4))
    with pytest.raises(services.ComplaintStateError):
        assign(complaint, relations, handler, hours=4)


def test_a_closed_complaint_cannot_move(complaint, relations, handler):
    complaint = to_closed(complaint, relations, handler)
    with pytest.raises(services.ComplaintStateError):
        services.complaint_close(complaint=complaint, by=relations, satisfaction="satisfied", at=later(7))
    with pytest.raises(services.ComplaintStateError):
        services.complaint_reassign(complaint=complaint, by=relations, handler=relations, at=later(7))


def test_an_anonymous_complaint_has_no_revisit(relations, handler):
    complaint = to_closed(record(relations, anonymous=True), relations, handler)
    assert clock(complaint, ClockKind.COMPLAINT_REVISIT) is None
    with pytest.raises(services.ComplaintStateError):
        services.complaint_revisit_done(complaint=complaint, by=relations, at=later(8))


def test_the_handler_works_it_but_others_do_not(complaint, relations, handler, salesperson, accused):
    complaint = assign(complaint, relations, handler)
    for outsider in (salesperson, accused):
        with pytest.raises(services.ComplaintPermissionError):
            services.complaint_start_investigation(complaint=complaint, by=outsider, at=later(2))
    assert services.complaint_start_investigation(complaint=complaint, by=handler, at=later(2)).state == "investigating"


def test_the_proposal_needs_its_report_and_classification(complaint, relations, handler):
    complaint = assign(complaint, relations, handler)
    complaint = services.complaint_start_investigation(complaint=complaint, by=handler, at=later(2))
    with pytest.raises(ValidationError) as error:
        services.complaint_propose_solution(complaint=complaint, by=handler, at=later(3), investigation=" ",
                                            category="construction", justified=True, demand_reasonable=True,
                                            solution="x")  # fmt: skip
    assert "investigation" in error.value.message_dict
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.INVESTIGATING


# --- Compensation


def test_compensation_up_to_the_limit_needs_no_approval(complaint, relations, handler, settings):
    settings.COMPLAINT_COMPENSATION_APPROVAL_LIMIT = 5000
    complaint = to_solution(complaint, relations, handler, compensation="5000")
    assert complaint.compensation == Decimal("5000.00") and complaint.approval == Approval.NONE


def test_compensation_above_the_limit_needs_a_managers_approval(complaint, relations, handler, team_manager,
                                                                 settings):  # fmt: skip
    settings.COMPLAINT_COMPENSATION_APPROVAL_LIMIT = "5000"
    complaint = to_solution(complaint, relations, handler, compensation="5000.01")
    assert complaint.approval == Approval.MANAGER
    assert clock(complaint, "complaint_feedback") is None  # not until it is approved
    with pytest.raises(services.ComplaintStateError):
        services.complaint_feed_back(complaint=complaint, by=relations, feedback="x", at=later(4))
    with pytest.raises(services.ComplaintPermissionError):
        services.complaint_review_solution(complaint=complaint, by=relations, approve=True, at=later(4))
    complaint = services.complaint_review_solution(complaint=complaint, by=team_manager, approve=True, at=later(4))
    assert complaint.state == ComplaintState.APPROVED and complaint.approved_by == team_manager
    assert clock(complaint, "complaint_feedback").state == ClockState.RUNNING


def test_a_declined_solution_goes_back_to_the_investigation(complaint, relations, handler, team_manager):
    complaint = to_solution(complaint, relations, handler, compensation="9000")
    with pytest.raises(ValidationError):
        services.complaint_review_solution(complaint=complaint, by=team_manager, approve=False, at=later(4))
    complaint = services.complaint_review_solution(complaint=complaint, by=team_manager, approve=False,
                                                   note="赔偿过高", at=later(4))  # fmt: skip
    assert complaint.state == ComplaintState.INVESTIGATING


def test_a_negative_or_malformed_compensation_is_refused(complaint, relations, handler):
    with pytest.raises(ValidationError) as error:
        to_solution(complaint, relations, handler, compensation="-1")
    assert "compensation" in error.value.message_dict


# --- Major complaints


def test_a_repeat_within_90_days_is_major_and_at_91_is_not(relations, customer, company_manager, salesperson):
    from customers.services import customer_create

    base = later(days=-120)
    first = record(relations, customer=customer, at=base)
    day_90 = record(relations, customer=customer, at=later(days=90, hours=13, base=base))  # 90 days on, late evening
    assert day_90.severity == Severity.MAJOR and day_90.major_reasons == [MajorReason.REPEAT]
    assert day_90.repeat_of == first
    assert day_90.transitions.get().event == "repeat"
    other = customer_create(by=company_manager, owner=salesperson, name="李先生", phone="13700137000")
    record(relations, customer=other, at=base)
    day_91 = record(relations, customer=other, at=later(days=91, hours=-9, base=base))  # 91 days on, early morning
    assert day_91.severity == Severity.NORMAL and day_91.repeat_of is None
    assert not Notification.objects.filter(code="complaint_major", url=day_91.get_absolute_url()).exists()


def test_a_major_complaint_warns_management_and_legal_once(relations, customer, accused, team_manager,
                                                           company_manager, make_staff):  # fmt: skip
    lawyer = make_staff(Role.ARCHIVE_CLERK)
    lawyer.groups.add(Group.objects.get(name=services.LEGAL_GROUP))
    bystander = make_staff(Role.MANAGER)  # another team's manager
    complaint = record(relations, customer=customer, accused_staff=accused, major_reasons=["media"])
    assert complaint.severity == Severity.MAJOR
    warned = set(Notification.objects.filter(code="complaint_major").values_list("recipient_id", flat=True))
    assert warned == {lawyer.pk, team_manager.pk, company_manager.pk}
    assert bystander.pk not in warned
    escalation = clock(complaint, ClockKind.MAJOR_COMPLAINT_ESCALATION)
    assert escalation.state == ClockState.RUNNING and escalation.due_at == later(24)


def test_the_legal_group_is_registered_with_its_permission():
    group = Group.objects.get(name=services.LEGAL_GROUP)
    assert group.permissions.filter(codename="receive_major_complaint_warnings").exists()


def test_a_manager_marks_a_complaint_major_and_the_report_stops_its_clock(complaint, relations, handler,
                                                                           team_manager, company_manager):  # fmt: skip
    with pytest.raises(services.ComplaintPermissionError):
        services.complaint_mark_major(complaint=complaint, by=relations, at=later(1))
    complaint = services.complaint_mark_major(complaint=complaint, by=team_manager, note="影响恶劣", at=later(1))
    assert complaint.severity == Severity.MAJOR and complaint.major_reasons == [MajorReason.MANAGER]
    assert Notification.objects.filter(code="complaint_major", recipient=company_manager).count() == 1
    with pytest.raises(services.ComplaintStateError):
        services.complaint_mark_major(complaint=complaint, by=team_manager, at=later(2))
    complaint = services.complaint_report_to_management(complaint=complaint, by=relations, report="已报", at=later(3))
    assert clock(complaint, ClockKind.MAJOR_COMPLAINT_ESCALATION).state == ClockState.MET
    with pytest.raises(services.ComplaintStateError):
        services.complaint_report_to_management(complaint=complaint, by=relations, report="again", at=later(4))


def test_a_major_solution_needs_the_general_managers_approval(relations, customer, handler, team_manager,
                                                               company_manager):  # fmt: skip
    complaint = record(relations, customer=customer, major_reasons=["refund"])
    complaint = to_solution(complaint, relations, handler)
    assert complaint.approval == Approval.GENERAL_MANAGER
    with pytest.raises(services.ComplaintPermissionError):
        services.complaint_review_solution(complaint=complaint, by=team_manager, approve=True, at=later(4))
    complaint = services.complaint_review_solution(complaint=complaint, by=company_manager, approve=True, at=later(4))
    assert complaint.state == ComplaintState.APPROVED
    # the general manager's decision stops the report clock
    assert clock(complaint, ClockKind.MAJOR_COMPLAINT_ESCALATION).state == ClockState.MET


# --- Monthly statistics


def test_the_monthly_report_opens_once_with_its_clock_due_by_the_10th(relations):
    from datetime import datetime

    from .conftest import SHANGHAI

    first = services.statistics_open_month(now=datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI))
    assert first.month.isoformat() == "2026-11-01"
    assert services.statistics_open_month(now=datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)) is None
    statistics_clock = Clock.objects.get(kind="complaint_statistics")
    assert statistics_clock.owner == relations
    assert statistics_clock.due_at == datetime(2026, 12, 11, 0, 0, tzinfo=SHANGHAI)
    services.statistics_file(report=first, by=relations, summary="11月共3起", at=datetime(2026, 12, 9, tzinfo=SHANGHAI))
    statistics_clock.refresh_from_db()
    assert statistics_clock.state == ClockState.MET
    with pytest.raises(services.ComplaintStateError):
        services.statistics_file(report=first, by=relations, at=datetime(2026, 12, 9, 1, tzinfo=SHANGHAI))


def test_received_at_in_the_future_is_refused(relations):
    from datetime import timedelta

    from django.utils import timezone

    with pytest.raises(ValidationError):
        record(relations, complainant_name="张", at=timezone.now() + timedelta(days=1))
    assert timezone.now() > RECEIVED_AT


def test_the_next_deadline_follows_a_clock_moved_outside_the_services(complaint, relations,
                                                                      django_capture_on_commit_callbacks):  # fmt: skip
    from decocrm.sla.services import clock_pause

    solution = clock(complaint, ClockKind.COMPLAINT_SOLUTION)
    assert Complaint.objects.get(pk=complaint.pk).next_due_at == solution.due_at
    with django_capture_on_commit_callbacks(execute=True):
        clock_pause(kind=ClockKind.COMPLAINT_SOLUTION, subject=complaint, reason="客户出差", at=later(1))
    # a paused clock owes nothing now: the closure clock's deadline is the next one (the clock listener)
    assert Complaint.objects.get(pk=complaint.pk).next_due_at == clock(complaint, ClockKind.COMPLAINT_CLOSURE).due_at


def test_the_month_report_counts_and_rates_the_clocks(relations, customer, handler, make_staff):
    from datetime import date

    from complaints.statistics import month_report
    from decocrm.sla.services import clock_stop

    on_time = to_closed(record(relations, customer=customer), relations, handler)
    late = record(relations, complainant_name="张", major_reasons=["media"], at=later(days=1))
    assign(late, relations, handler, hours=26)
    clock_stop(kind=ClockKind.COMPLAINT_SOLUTION, subject=late, at=later(days=5))  # long after its 1 WD
    report = month_report(relations, date(2026, 11, 1))
    assert (report.total, report.major, report.closed) == (2, 1, 1)
    assert {row["key"]: row["count"] for row in report.by_severity} == {"normal": 1, "major": 1}
    assert {row["key"]: row["count"] for row in report.by_category} == {"construction": 1, "": 1}
    rates = {row["kind"]: (row["met"], row["late"], row["rate"]) for row in report.on_time}
    assert rates[ClockKind.COMPLAINT_SOLUTION] == (1, 1, 50)
    assert rates[ClockKind.COMPLAINT_CLOSURE] == (1, 0, 100)
    assert report.trend[-1] == {"month": "2026-11", "total": 2, "major": 1}
    assert on_time.pk and month_report(relations, date(2026, 10, 1)).total == 0


def test_the_revisit_queue_records_a_complaints_revisit_on_the_complaint(complaint, relations, handler):
    """The post-complaint revisit is recorded in aftersales' revisit queue, and goes through the complaint's own
    service (aftersales.hooks.register_revisit_done): the complaint keeps its revisit, the clock stops."""
    from aftersales.selectors import due_revisits
    from aftersales.services import revisit_record

    complaint = assign(complaint, relations, handler)
    complaint = services.complaint_start_investigation(complaint=complaint, by=handler, at=later(2))
    complaint = propose(complaint, handler)
    complaint = services.complaint_feed_back(complaint=complaint, by=relations, feedback="接受", at=later(4))
    complaint = services.complaint_close(complaint=complaint, by=relations, satisfaction="satisfied", at=later(5))
    due = clock(complaint, ClockKind.COMPLAINT_REVISIT)
    assert due in due_revisits(relations)
    revisit = revisit_record(by=relations, clock=due, method="phone", outcome="客户认可处理结果", satisfaction=5,
                             at=later(30))  # fmt: skip
    complaint.refresh_from_db()
    assert revisit.kind == "post_complaint" and complaint.revisit_done_at == revisit.done_at
    assert clock(complaint, ClockKind.COMPLAINT_REVISIT).state == ClockState.MET
    assert complaint.transitions.filter(event="revisited").exists()
