"""Key accounts [seed 004 §5, §9, §12-§15]: who marks them, the contact cadence clock, visit records, requests with
their 1-hour / 24-hour clocks, and the yearly review. Clock moments under time-machine."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from customers.choices import KeyContactKind, KeyReviewDecision, KeyTier
from customers.models import Customer, KeyAccountReview
from customers.services import (
    CustomerPermissionError,
    KeyAccountStateError,
    customer_create,
    customer_set_key_account,
    key_account_log_contact,
    key_account_record_visit,
    key_account_request_record,
    key_account_request_respond,
    key_account_request_solve,
    key_account_review_decide,
)
from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.models import Clock

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SH)
DAY, HOUR = timedelta(days=1), timedelta(hours=1)


@pytest.fixture
def customer(salesperson):
    return customer_create(by=salesperson, owner=salesperson, name="湖滨酒店", phone="", is_organisation=True)


def mark(customer, by, manager, tier=KeyTier.CORE):
    return customer_set_key_account(customer=customer, by=by, is_key_account=True, tier=tier, account_manager=manager)


def clocks(subject, kind):
    return list(Clock.objects.filter(object_id=subject.pk, kind=kind).order_by("pk"))


# --- Who marks


def test_sales_head_and_management_mark_others_may_not(customer, salesperson, manager, sales_head, company_manager):
    for refused in (salesperson, manager):  # a plain team manager is not the sales department head
        with pytest.raises(CustomerPermissionError, match="sales department head and management"):
            mark(customer, refused, salesperson)
    assert not Customer.objects.get(pk=customer.pk).is_key_account
    mark(customer, sales_head, salesperson)
    customer_set_key_account(customer=customer, by=company_manager, is_key_account=False)
    assert not Customer.objects.get(pk=customer.pk).is_key_account


def test_the_group_alone_does_not_make_a_salesperson_the_head(customer, make_staff, team):
    from django.contrib.auth.models import Group

    from customers.permissions import SALES_HEAD_GROUP

    seller = make_staff(Role.SALES, team=team)
    seller.groups.add(Group.objects.get(name=SALES_HEAD_GROUP))
    with pytest.raises(CustomerPermissionError):
        mark(customer, seller, seller)


def test_superuser_marks(customer, salesperson, make_staff):
    root = make_staff(Role.SALES)
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    mark(customer, root, salesperson)
    assert Customer.objects.get(pk=customer.pk).key_tier == KeyTier.CORE


def test_unmarking_a_customer_that_is_not_a_key_account_is_refused(customer, sales_head):
    with pytest.raises(KeyAccountStateError):
        customer_set_key_account(customer=customer, by=sales_head, is_key_account=False)


# --- The contact cadence [004 §12]


@pytest.mark.parametrize(("tier", "days"), [(KeyTier.CORE, 7), (KeyTier.ORDINARY, 14)])
def test_marking_starts_the_cadence_for_the_account_manager(customer, salesperson, sales_head, tier, days):
    with time_machine.travel(MONDAY, tick=False):
        mark(customer, sales_head, salesperson, tier)
    (clock,) = clocks(customer, ClockKind.KEY_ACCOUNT_CONTACT)
    assert clock.owner == salesperson and clock.state == ClockState.RUNNING
    assert clock.due_at == MONDAY + days * DAY
    assert clock.customer_id == customer.pk and clock.subject_url == customer.get_absolute_url()


def test_a_contact_stops_the_clock_met_and_starts_the_next(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        mark(customer, sales_head, salesperson)
        traveller.shift(5 * DAY)
        key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.CALL, note="问候")
    first, second = clocks(customer, ClockKind.KEY_ACCOUNT_CONTACT)
    assert first.state == ClockState.MET and first.stopped_at == MONDAY + 5 * DAY
    assert second.state == ClockState.RUNNING and second.due_at == MONDAY + 12 * DAY and second.sequence == 2


def test_a_late_contact_stops_the_clock_late(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        mark(customer, sales_head, salesperson)
        traveller.shift(9 * DAY)
        key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.CALL, at=MONDAY + 8 * DAY)
    first, second = clocks(customer, ClockKind.KEY_ACCOUNT_CONTACT)
    assert first.state == ClockState.MET_LATE
    assert second.started_at == MONDAY + 8 * DAY and second.due_at == MONDAY + 15 * DAY


def test_a_contact_from_before_the_running_clock_is_recorded_only(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False):
        mark(customer, sales_head, salesperson)
        key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.CALL, at=MONDAY - DAY)
    (clock,) = clocks(customer, ClockKind.KEY_ACCOUNT_CONTACT)
    assert clock.state == ClockState.RUNNING and customer.key_contacts.count() == 1


def test_unmarking_cancels_the_cadence(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        mark(customer, sales_head, salesperson)
        traveller.shift(DAY)
        customer_set_key_account(customer=customer, by=sales_head, is_key_account=False)
    (clock,) = clocks(customer, ClockKind.KEY_ACCOUNT_CONTACT)
    assert clock.state == ClockState.CANCELLED and clock.code == "key_account_unmarked"


def test_a_new_account_manager_takes_the_clocks_over(customer, salesperson, colleague, sales_head):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        mark(customer, sales_head, salesperson)
        request = key_account_request_record(customer=customer, by=salesperson, content="换窗帘", channel="wechat")
        traveller.shift(2 * DAY)
        mark(customer, sales_head, colleague, KeyTier.ORDINARY)
    old, new = clocks(customer, ClockKind.KEY_ACCOUNT_CONTACT)
    assert old.state == ClockState.CANCELLED and new.owner == colleague and new.state == ClockState.RUNNING
    assert new.due_at == MONDAY + 2 * DAY + 14 * DAY  # the new tier's cadence, from the hand-over
    open_request_clocks = Clock.objects.filter(object_id=request.pk, kind__startswith="key_account_", state="running")
    assert {clock.owner for clock in open_request_clocks} == {colleague}


def test_only_keepers_log_contacts_of_a_key_account(customer, salesperson, colleague, sales_head, make_staff):
    with pytest.raises(KeyAccountStateError):
        key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.CALL)
    mark(customer, sales_head, salesperson)
    for outsider in (colleague, make_staff(Role.DESIGNER)):
        with pytest.raises(CustomerPermissionError):
            key_account_log_contact(customer=customer, by=outsider, kind=KeyContactKind.CALL)
    key_account_log_contact(customer=customer, by=sales_head, kind=KeyContactKind.CALL)  # the team's manager


def test_bad_contact_input_changes_nothing(customer, salesperson, sales_head):
    mark(customer, sales_head, salesperson)
    from django.utils import timezone

    with pytest.raises(ValidationError) as error:
        key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.CALL,
                                at=timezone.now() + DAY)  # fmt: skip
    assert "at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.CALL, record="记录")
    assert "record" in error.value.message_dict
    with pytest.raises(ValidationError):
        key_account_log_contact(customer=customer, by=salesperson, kind="letter")
    assert customer.key_contacts.count() == 0
    assert len(clocks(customer, ClockKind.KEY_ACCOUNT_CONTACT)) == 1


# --- Visit records [004 §13]


def test_a_visit_starts_its_record_clock_and_the_record_stops_it(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        mark(customer, sales_head, salesperson)
        visit = key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.VISIT)
        (clock,) = clocks(visit, ClockKind.VISIT_RECORD)
        assert clock.due_at == MONDAY + 24 * HOUR and clock.owner == salesperson
        traveller.shift(20 * HOUR)
        key_account_record_visit(contact=visit, by=salesperson, record="客户计划二季度翻新客房")
        with pytest.raises(KeyAccountStateError, match="already entered"):
            key_account_record_visit(contact=visit, by=salesperson, record="again")
    assert clocks(visit, ClockKind.VISIT_RECORD)[0].state == ClockState.MET


def test_a_record_entered_late_is_late(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        mark(customer, sales_head, salesperson)
        visit = key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.VISIT)
        traveller.shift(30 * HOUR)
        key_account_record_visit(contact=visit, by=salesperson, record="补录")
    assert clocks(visit, ClockKind.VISIT_RECORD)[0].state == ClockState.MET_LATE


def test_a_visit_logged_with_its_record_is_met_or_late_by_the_visit_time(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False):
        mark(customer, sales_head, salesperson)
        on_time = key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.VISIT,
                                          at=MONDAY - 2 * HOUR, record="当天录入")  # fmt: skip
        late = key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.VISIT,
                                       at=MONDAY - 2 * DAY, record="两天后才录入")  # fmt: skip
    assert clocks(on_time, ClockKind.VISIT_RECORD)[0].state == ClockState.MET
    assert clocks(late, ClockKind.VISIT_RECORD)[0].state == ClockState.MET_LATE


def test_a_call_has_no_visit_record(customer, salesperson, sales_head):
    mark(customer, sales_head, salesperson)
    call = key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.CALL)
    with pytest.raises(KeyAccountStateError):
        key_account_record_visit(contact=call, by=salesperson, record="x")
    assert clocks(call, ClockKind.VISIT_RECORD) == []


# --- Requests [004 §15]


def test_a_request_starts_the_response_and_solution_clocks(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        mark(customer, sales_head, salesperson)
        request = key_account_request_record(customer=customer, by=salesperson, content="40 间窗帘", channel="phone")
        (response,), (solution,) = (
            clocks(request, ClockKind.KEY_ACCOUNT_RESPONSE),
            clocks(request, ClockKind.KEY_ACCOUNT_SOLUTION),
        )
        assert response.due_at == MONDAY + HOUR and solution.due_at == MONDAY + 24 * HOUR
        assert response.owner == salesperson and response.customer_id == customer.pk
        traveller.shift(HOUR / 2)
        key_account_request_respond(request=request, by=salesperson, response="已收到，今天给方案")
        with pytest.raises(KeyAccountStateError, match="already answered"):
            key_account_request_respond(request=request, by=salesperson, response="again")
        traveller.shift(30 * HOUR)
        key_account_request_solve(request=request, by=salesperson, solution="先换样板间")
        with pytest.raises(KeyAccountStateError):
            key_account_request_solve(request=request, by=salesperson, solution="again")
    assert clocks(request, ClockKind.KEY_ACCOUNT_RESPONSE)[0].state == ClockState.MET
    assert clocks(request, ClockKind.KEY_ACCOUNT_SOLUTION)[0].state == ClockState.MET_LATE


def test_a_solution_before_any_response_is_the_response_too(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        mark(customer, sales_head, salesperson)
        request = key_account_request_record(customer=customer, by=salesperson, content="交付调整", channel="email")
        traveller.shift(2 * HOUR)
        request = key_account_request_solve(request=request, by=salesperson, solution="改到下周")
    assert request.responded_at == MONDAY + 2 * HOUR and not request.is_open
    assert clocks(request, ClockKind.KEY_ACCOUNT_RESPONSE)[0].state == ClockState.MET_LATE
    assert clocks(request, ClockKind.KEY_ACCOUNT_SOLUTION)[0].state == ClockState.MET


def test_requests_need_content_a_key_account_and_a_keeper(customer, salesperson, colleague, sales_head):
    with pytest.raises(KeyAccountStateError):
        key_account_request_record(customer=customer, by=salesperson, content="x", channel="phone")
    mark(customer, sales_head, salesperson)
    with pytest.raises(ValidationError):
        key_account_request_record(customer=customer, by=salesperson, content="  ", channel="phone")
    with pytest.raises(CustomerPermissionError):
        key_account_request_record(customer=customer, by=colleague, content="x", channel="phone")
    request = key_account_request_record(customer=customer, by=salesperson, content="x", channel="phone")
    with pytest.raises(CustomerPermissionError):
        key_account_request_respond(request=request, by=colleague, response="y")
    assert customer.key_requests.count() == 1


# --- The yearly review [004 §5]


def test_review_keep_downgrade_remove(customer, salesperson, sales_head, make_staff):
    other = customer_create(by=salesperson, owner=salesperson, name="之江置业", phone="", is_organisation=True)
    mark(customer, sales_head, salesperson)
    mark(other, sales_head, salesperson, KeyTier.ORDINARY)
    with pytest.raises(CustomerPermissionError):
        key_account_review_decide(customer=customer, by=salesperson, decision=KeyReviewDecision.KEEP)
    with pytest.raises(KeyAccountStateError, match="core"):
        key_account_review_decide(customer=other, by=sales_head, decision=KeyReviewDecision.DOWNGRADE)
    key_account_review_decide(customer=customer, by=sales_head, decision=KeyReviewDecision.KEEP)
    review = key_account_review_decide(customer=customer, by=sales_head, decision=KeyReviewDecision.DOWNGRADE,
                                       note="采购额下降")  # fmt: skip
    assert KeyAccountReview.objects.filter(customer=customer).count() == 1  # deciding again replaces the year's
    assert review.tier_before == KeyTier.CORE
    assert Customer.objects.get(pk=customer.pk).key_tier == KeyTier.ORDINARY
    key_account_review_decide(customer=other, by=sales_head, decision=KeyReviewDecision.REMOVE)
    assert not Customer.objects.get(pk=other.pk).is_key_account
    assert clocks(other, ClockKind.KEY_ACCOUNT_CONTACT)[0].state == ClockState.CANCELLED
    with pytest.raises(KeyAccountStateError):
        key_account_review_decide(customer=other, by=sales_head, decision=KeyReviewDecision.KEEP)


def test_a_tier_change_recounts_the_running_contact_deadline(customer, salesperson, sales_head):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        mark(customer, sales_head, salesperson, KeyTier.ORDINARY)
        traveller.shift(3 * DAY)
        mark(customer, sales_head, salesperson, KeyTier.CORE)
    old, new = clocks(customer, ClockKind.KEY_ACCOUNT_CONTACT)
    assert old.state == ClockState.CANCELLED and old.code == "key_tier_changed"
    assert new.state == ClockState.RUNNING and new.started_at == MONDAY and new.due_at == MONDAY + 7 * DAY
