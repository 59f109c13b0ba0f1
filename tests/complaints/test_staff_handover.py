"""A leaving handler's complaints handed over (complaints.handover through complaint_reassign): handler changed,
the reassignment on the timeline, the clocks passed with the customer's deadline; all or nothing."""

import pytest
from django.core.exceptions import ValidationError

from complaints.models import Complaint
from customers.models import Customer
from decocrm.accounts.choices import Role
from decocrm.accounts.handover import register_staff_handover, unregister_staff_handover
from decocrm.accounts.models import StaffHandover
from decocrm.accounts.services import StaffHandoverRefused, staff_hand_over, staff_handover_counts
from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.selectors import clocks_for_subject

from .conftest import later
from .helpers import assign


def solution_clock(complaint):
    return clocks_for_subject(complaint).filter(kind=ClockKind.COMPLAINT_SOLUTION).order_by("-pk").first()


@pytest.fixture
def handled(complaint, relations, handler):
    return assign(complaint, relations, handler)


def test_complaints_go_to_the_new_handler_with_their_deadlines(handled, handler, company_manager, make_staff, team):
    due = solution_clock(handled).due_at
    successor = make_staff(Role.AFTER_SALES, team=team)
    assert staff_handover_counts(handler)["complaints"] == 1
    record = staff_hand_over(leaving=handler, by=company_manager, targets={"complaints": successor}, at=later(3))
    complaint = Complaint.objects.get(pk=handled.pk)
    assert complaint.handler == successor
    assert complaint.transitions.filter(event="reassigned").exists()
    clock = solution_clock(complaint)
    assert clock.owner == successor and clock.due_at == due and clock.state == ClockState.RUNNING
    assert record.moved == [
        {"kind": "complaints", "label": record.moved[0]["label"], "to": successor.pk,
         "to_name": successor.display_name, "count": 1}
    ]  # fmt: skip
    assert Notification.objects.filter(recipient=successor, code="staff_handover_to_you").count() == 1


def test_not_to_a_salesperson(handled, handler, company_manager, make_staff, team):
    with pytest.raises(StaffHandoverRefused) as refused:
        staff_hand_over(
            leaving=handler, by=company_manager, targets={"complaints": make_staff(Role.SALES, team=team)}, at=later(3)
        )
    assert refused.value.field == "complaints"
    assert Complaint.objects.get(pk=handled.pk).handler == handler


def test_a_refusal_by_one_app_moves_nothing(handled, handler, accused, company_manager, customer, salesperson):
    """The complaint's service refuses the staff member complained about as its handler: the customers handed in
    the same action stay where they were, and nothing is recorded or told."""
    accused.role = Role.MANAGER  # a receiver both kinds accept
    accused.save()
    Customer.objects.filter(pk=customer.pk).update(owner=handler)
    with pytest.raises(ValidationError):
        staff_hand_over(
            leaving=handler, by=company_manager, targets={"customers": accused, "complaints": accused}, at=later(3)
        )
    assert Customer.objects.get(pk=customer.pk).owner == handler
    assert Complaint.objects.get(pk=handled.pk).handler == handler
    assert not StaffHandover.objects.exists()
    assert not Notification.objects.filter(code="staff_handover_to_you").exists()


def test_a_failing_registration_rolls_everything_back(handled, handler, company_manager, make_staff, team):
    def explode(**kwargs):
        raise RuntimeError("this app's hand-over failed")

    register_staff_handover("exploding", "Exploding", count=lambda user: 1, hand_over=explode, order=999)
    successor = make_staff(Role.AFTER_SALES, team=team)
    try:
        with pytest.raises(RuntimeError):
            staff_hand_over(
                leaving=handler, by=company_manager, targets={"complaints": successor, "exploding": successor},
                deactivate=True, at=later(3),
            )  # fmt: skip
    finally:
        unregister_staff_handover("exploding")
    complaint = Complaint.objects.get(pk=handled.pk)
    assert complaint.handler == handler and solution_clock(complaint).owner == handler
    assert not complaint.transitions.filter(event="reassigned").exists()
    handler.refresh_from_db()
    assert handler.is_active
    assert not StaffHandover.objects.exists()
