"""A leaving after-sales staff member's open repair tickets and scheduled revisits handed over (aftersales.handover
through ticket_assign and revisit_reassign): the ticket's clocks keep the customer's deadlines; the revisit's clock
follows its new revisitor."""

import pytest
from django.core.exceptions import ValidationError

from aftersales.choices import REVISIT_FOLLOW_UP
from aftersales.models import RepairTicket, Revisit
from aftersales.services import RevisitError, revisit_reassign, revisit_schedule
from decocrm.accounts.choices import Role
from decocrm.accounts.services import StaffHandoverRefused, staff_hand_over, staff_handover_counts
from decocrm.notifications.models import Notification
from decocrm.sla.choices import OPEN_STATES, ClockKind
from decocrm.sla.selectors import clocks_for_subject

from .conftest import REQUESTED_AT, hours


def open_clock(subject, kind):
    return clocks_for_subject(subject).filter(kind=kind, state__in=OPEN_STATES).get()


@pytest.fixture
def successor(make_staff, team):
    return make_staff(Role.AFTER_SALES, team=team)


@pytest.fixture
def follow_up(ticket, after_sales):
    return revisit_schedule(customer=ticket.customer, by=after_sales, reason="客户反映门框变形", at=REQUESTED_AT)


def test_tickets_and_revisits_go_to_another_after_sales_member(ticket, follow_up, after_sales, successor,
                                                               team_manager):  # fmt: skip
    assert ticket.technician == after_sales
    counts = staff_handover_counts(after_sales)
    assert (counts["tickets"], counts["revisits"]) == (1, 1)
    due = open_clock(ticket, ClockKind.REPAIR_CONTACT).due_at
    record = staff_hand_over(
        leaving=after_sales, by=team_manager, targets={"tickets": successor, "revisits": successor},
        at=REQUESTED_AT + hours(1),
    )  # fmt: skip
    moved = RepairTicket.objects.get(pk=ticket.pk)
    assert moved.technician == successor
    contact = open_clock(moved, ClockKind.REPAIR_CONTACT)
    assert contact.owner == successor and contact.due_at == due
    revisit = Revisit.objects.get(pk=follow_up.pk)
    assert revisit.assignee == successor
    assert open_clock(revisit, REVISIT_FOLLOW_UP).owner == successor
    assert {row["kind"]: row["count"] for row in record.moved} == {"tickets": 1, "revisits": 1}
    assert Notification.objects.filter(recipient=successor, code="staff_handover_to_you").count() == 1


def test_tickets_go_only_to_after_sales_staff(ticket, after_sales, team_manager, make_staff, team):
    relations = make_staff(Role.CUSTOMER_RELATIONS, team=team)
    with pytest.raises(StaffHandoverRefused) as refused:
        staff_hand_over(leaving=after_sales, by=team_manager, targets={"tickets": relations})
    assert refused.value.field == "tickets"
    assert RepairTicket.objects.get(pk=ticket.pk).technician == after_sales


def test_revisit_reassign_boundaries(follow_up, after_sales, successor, salesperson, team_manager):
    with pytest.raises(RevisitError):
        revisit_reassign(revisit=follow_up, assignee=successor, by=salesperson)
    with pytest.raises(ValidationError):
        revisit_reassign(revisit=follow_up, assignee=salesperson, by=team_manager)
    assert Revisit.objects.get(pk=follow_up.pk).assignee == after_sales


# --- points raised in revisits and improvement measures


def test_open_points_and_measures_go_to_the_receiver(due, relations, make_staff, team, team_manager):
    from aftersales.models import ImprovementMeasure, RevisitPoint
    from aftersales.services import improvement_add, improvement_done, revisit_record

    revisit = revisit_record(by=relations, clock=due, method="phone", outcome="好", satisfaction=3,
                             points=["柜门关不严", "地漏返味"], points_owner=relations)  # fmt: skip
    answered = revisit.points.order_by("pk").last()
    answered.answered_at = due.started_at + hours(2)
    answered.save()  # one of them answered already: it stays with whoever answered it
    measure = improvement_add(by=relations, text="安装后增加柜门调试", responsible=relations)
    done = improvement_add(by=relations, text="地漏统一换防臭型", responsible=relations)
    improvement_done(measure=done, by=relations, note="已更换")
    receiver = make_staff(Role.CUSTOMER_RELATIONS, team=team)
    counts = staff_handover_counts(relations)
    assert (counts["revisit_points"], counts["improvement_measures"]) == (1, 1)

    record = staff_hand_over(
        leaving=relations, by=team_manager, targets={key: receiver for key, n in counts.items() if n}
    )

    assert list(RevisitPoint.objects.filter(owner=receiver).values_list("text", flat=True)) == ["柜门关不严"]
    assert RevisitPoint.objects.get(pk=answered.pk).owner == relations
    assert ImprovementMeasure.objects.get(pk=measure.pk).responsible == receiver
    assert ImprovementMeasure.objects.get(pk=done.pk).responsible == relations
    rows = {row["kind"]: row["count"] for row in record.moved}
    assert (rows["revisit_points"], rows["improvement_measures"]) == (1, 1)
    assert Notification.objects.filter(recipient=receiver, code="staff_handover_to_you").count() == 1
