"""Borrowing and viewing a file [seed 002 §1.5]: who approves (own department: its manager; another department or
none: the general manager), never one's own request, the clerk's hand-out and return, every illegal transition,
destroyed files, and the daily overdue notices (idempotent)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from customers.archives.choices import FileState
from customers.archives.models import BorrowRequest
from customers.archives.models.borrowing import ApprovalLevel, BorrowState
from customers.archives.services.borrowing import (
    BorrowingError,
    borrow_request_create,
    borrow_request_decide,
    borrow_request_hand_out,
    borrow_request_record_return,
    borrow_request_withdraw,
    notify_overdue_borrowings,
)
from decocrm.accounts.choices import Role
from decocrm.notifications.models import Notification

from .borrowing_fixtures import *  # noqa: F403
from .borrowing_helpers import file_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' refusals are matched on their English text (the site's language is zh-hans)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def soon(days=3):
    return timezone.localdate() + timedelta(days=days)


def ask(file, borrower, **fields):
    fields.setdefault("kind", "view")
    fields.setdefault("purpose", "核对合同条款")
    fields.setdefault("due_back", soon())
    return borrow_request_create(file=file, borrower=borrower, **fields)


def test_own_department_waits_for_its_manager(archive_file, colleague, dept_manager, clerk):
    request = ask(archive_file, colleague)
    assert request.state == BorrowState.REQUESTED
    assert request.approval_level == ApprovalLevel.DEPARTMENT_MANAGER
    assert request.department_id == colleague.team_id
    # the department manager is told, once
    assert Notification.objects.filter(recipient=dept_manager, url=request.get_absolute_url()).count() == 1
    borrow_request_decide(request=request, by=dept_manager, approve=True, note="同意")
    request.refresh_from_db()
    assert (request.state, request.decided_by, request.decision_note) == (BorrowState.APPROVED, dept_manager, "同意")
    assert Notification.objects.filter(recipient=clerk, url=request.get_absolute_url()).exists()
    borrow_request_hand_out(request=request, by=clerk)
    borrow_request_record_return(request=request, by=clerk)
    request.refresh_from_db()
    assert request.state == BorrowState.RETURNED
    assert request.handed_out_by == clerk and request.received_by == clerk
    steps = list(request.transitions.values_list("from_state", "to_state", "by"))
    assert steps == [
        ("", "requested", colleague.pk),
        ("requested", "approved", dept_manager.pk),
        ("approved", "out", clerk.pk),
        ("out", "returned", clerk.pk),
    ]


def test_another_department_needs_the_general_manager(archive_file, outsider, dept_manager, manager_b,
                                                      general_manager):  # fmt: skip
    request = ask(archive_file, outsider)
    assert request.approval_level == ApprovalLevel.GENERAL_MANAGER
    for wrong in (dept_manager, manager_b):
        with pytest.raises(BorrowingError):
            borrow_request_decide(request=request, by=wrong, approve=True)
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.REQUESTED
    borrow_request_decide(request=request, by=general_manager, approve=True)
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.APPROVED


def test_a_file_of_no_department_needs_the_general_manager(general_manager, colleague, dept_manager):
    pool_file = file_for(None, by=general_manager)
    request = ask(pool_file, general_manager)  # the pool's customers are the company managers' to see
    assert request.approval_level == ApprovalLevel.GENERAL_MANAGER and request.department_id is None


def test_the_general_manager_does_not_approve_for_a_department(archive_file, colleague, general_manager):
    request = ask(archive_file, colleague)
    with pytest.raises(BorrowingError):
        borrow_request_decide(request=request, by=general_manager, approve=True)


def test_nobody_approves_their_own_request(archive_file, dept_manager, general_manager, deputy_general_manager):
    # The department's only manager asks for their own team's file: it goes to the general management.
    request = ask(archive_file, dept_manager)
    assert request.approval_level == ApprovalLevel.GENERAL_MANAGER
    with pytest.raises(BorrowingError, match="own"):
        borrow_request_decide(request=request, by=dept_manager, approve=True)
    # A general manager's own request is approved by another one.
    own = ask(archive_file, general_manager)
    with pytest.raises(BorrowingError, match="own"):
        borrow_request_decide(request=own, by=general_manager, approve=True)
    borrow_request_decide(request=own, by=deputy_general_manager, approve=True)


def test_refusal_needs_a_reason_and_ends_the_request(archive_file, colleague, dept_manager, clerk):
    request = ask(archive_file, colleague)
    with pytest.raises(ValidationError):
        borrow_request_decide(request=request, by=dept_manager, approve=False, note=" ")
    borrow_request_decide(request=request, by=dept_manager, approve=False, note="无业务需要")
    request.refresh_from_db()
    assert request.state == BorrowState.REFUSED
    for step in (
        lambda: borrow_request_decide(request=request, by=dept_manager, approve=True),
        lambda: borrow_request_hand_out(request=request, by=clerk),
        lambda: borrow_request_withdraw(request=request, by=colleague),
    ):
        with pytest.raises(BorrowingError):
            step()


def test_illegal_transitions(archive_file, colleague, dept_manager, clerk):
    request = ask(archive_file, colleague)
    with pytest.raises(BorrowingError):  # not approved yet
        borrow_request_hand_out(request=request, by=clerk)
    with pytest.raises(BorrowingError):  # not out
        borrow_request_record_return(request=request, by=clerk)
    borrow_request_decide(request=request, by=dept_manager, approve=True)
    with pytest.raises(BorrowingError):  # decided twice
        borrow_request_decide(request=request, by=dept_manager, approve=True)
    with pytest.raises(BorrowingError):  # only the clerk hands out
        borrow_request_hand_out(request=request, by=dept_manager)
    borrow_request_hand_out(request=request, by=clerk)
    with pytest.raises(BorrowingError):  # out: too late to withdraw
        borrow_request_withdraw(request=request, by=colleague)
    with pytest.raises(BorrowingError):  # only the clerk receives it back
        borrow_request_record_return(request=request, by=colleague)
    borrow_request_record_return(request=request, by=clerk)
    with pytest.raises(BorrowingError):
        borrow_request_record_return(request=request, by=clerk)


def test_withdraw_by_borrower_not_by_others(archive_file, colleague, salesperson, dept_manager):
    request = ask(archive_file, colleague)
    with pytest.raises(BorrowingError):
        borrow_request_withdraw(request=request, by=dept_manager)
    borrow_request_withdraw(request=request, by=colleague, note="不需要了")
    assert BorrowRequest.objects.get(pk=request.pk).state == BorrowState.WITHDRAWN


def test_one_open_request_per_person_and_one_holder_per_file(archive_file, colleague, outsider, dept_manager,
                                                              general_manager, clerk):  # fmt: skip
    first = ask(archive_file, colleague)
    with pytest.raises(BorrowingError):
        ask(archive_file, colleague)
    second = ask(archive_file, outsider)
    borrow_request_decide(request=first, by=dept_manager, approve=True)
    borrow_request_decide(request=second, by=general_manager, approve=True)
    borrow_request_hand_out(request=first, by=clerk)
    with pytest.raises(BorrowingError, match="record its return"):
        borrow_request_hand_out(request=second, by=clerk)


def test_only_files_of_customers_one_sees(archive_file, make_staff, team_b):
    stranger = make_staff(Role.SALES, team=team_b)
    with pytest.raises(BorrowingError):
        ask(archive_file, stranger)


def test_due_back_is_checked(archive_file, colleague):
    for bad in (timezone.localdate() - timedelta(days=1), timezone.localdate() + timedelta(days=400), None):
        with pytest.raises(ValidationError) as error:
            ask(archive_file, colleague, due_back=bad)
        assert "due_back" in error.value.message_dict
    with pytest.raises(ValidationError):
        ask(archive_file, colleague, purpose="  ")
    assert not BorrowRequest.objects.exists()


def test_a_destroyed_file_cannot_be_borrowed(archive_file, colleague, dept_manager, clerk):
    request = ask(archive_file, colleague)
    archive_file.state = FileState.DESTROYED
    archive_file.save()
    with pytest.raises(BorrowingError, match="destroyed"):
        borrow_request_decide(request=request, by=dept_manager, approve=True)
    with pytest.raises(BorrowingError):
        ask(archive_file, dept_manager)


def _out_overdue(archive_file, colleague, dept_manager, clerk):
    request = ask(archive_file, colleague)
    borrow_request_decide(request=request, by=dept_manager, approve=True)
    return borrow_request_hand_out(request=request, by=clerk)


def test_overdue_notices_once(archive_file, colleague, dept_manager, clerk):
    request = _out_overdue(archive_file, colleague, dept_manager, clerk)
    overdue_key = f"archive-borrow-overdue:{request.pk}:"
    assert notify_overdue_borrowings(today=request.due_back) == 0  # due today is not overdue
    later = request.due_back + timedelta(days=1)
    assert notify_overdue_borrowings(today=later) == 2  # the borrower and the clerk who handed it out
    assert notify_overdue_borrowings(today=later) == 0
    assert notify_overdue_borrowings(today=later + timedelta(days=5)) == 0  # once per borrowing, not per day
    notices = Notification.objects.filter(dedupe_key__startswith=overdue_key)
    assert sorted(notices.values_list("recipient_id", flat=True)) == sorted([colleague.pk, clerk.pk])
    borrow_request_record_return(request=request, by=clerk)
    assert notify_overdue_borrowings(today=later) == 0


def test_overdue_task_is_the_service(archive_file, colleague, dept_manager, clerk):
    from customers.archives.tasks import notify_overdue_borrowings as task

    request = _out_overdue(archive_file, colleague, dept_manager, clerk)
    BorrowRequest.objects.filter(pk=request.pk).update(due_back=timezone.localdate() - timedelta(days=2))
    assert task.delay().get() == 2
    assert task.delay().get() == 0
    assert Notification.objects.filter(dedupe_key__startswith="archive-borrow-overdue:").count() == 2
