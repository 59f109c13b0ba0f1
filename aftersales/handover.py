"""A leaving after-sales staff member's open repair tickets and scheduled revisits (decocrm/accounts/handover.py):
tickets through ticket_assign (its running clocks follow, the customer's deadlines unchanged), revisits through
revisit_reassign (its clock follows the new revisitor); the post-repair revisits still owed on closed tickets (the
ticket's clock, held by its technician) through ticket_revisit_hand_over; the open points of revisits they own and
the improvement measures they are responsible for (revisit_point_reassign, improvement_reassign)."""

from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.handover import register_staff_handover
from decocrm.sla.selectors import clocks_of_model

from .choices import OPEN_STATES, RevisitState
from .clocks import REVISIT_POST_REPAIR
from .models import ImprovementMeasure, RepairTicket, Revisit, RevisitPoint
from .permissions import REVISITOR_ROLES
from .services.flow import HANDED_CLOCK_STATES, ticket_assign, ticket_revisit_hand_over
from .services.revisits import revisit_point_reassign, revisit_reassign
from .services.surveys import improvement_reassign

TICKET_ROLES = (Role.AFTER_SALES,)


def open_ticket_count(user) -> int:
    return RepairTicket.objects.filter(technician=user, state__in=OPEN_STATES).count()


def hand_over_tickets(*, from_user, to_user, by, at) -> int:
    tickets = list(RepairTicket.objects.filter(technician=from_user, state__in=OPEN_STATES).order_by("pk"))
    for ticket in tickets:
        ticket_assign(ticket=ticket, technician=to_user, by=by, at=at)
    return len(tickets)


def open_revisit_count(user) -> int:
    return Revisit.objects.filter(assignee=user, state=RevisitState.SCHEDULED).count()


def hand_over_revisits(*, from_user, to_user, by, at) -> int:
    revisits = list(Revisit.objects.filter(assignee=from_user, state=RevisitState.SCHEDULED).order_by("pk"))
    for revisit in revisits:
        revisit_reassign(revisit=revisit, assignee=to_user, by=by, at=at)
    return len(revisits)


REVISIT_ROLES = REVISITOR_ROLES


def _owed_repair_revisits(user):
    clocks = clocks_of_model(RepairTicket).filter(kind=REVISIT_POST_REPAIR, owner=user, state__in=HANDED_CLOCK_STATES)
    return RepairTicket.objects.filter(pk__in=clocks.values("object_id"))


def owed_repair_revisit_count(user) -> int:
    return _owed_repair_revisits(user).count()


def hand_over_repair_revisits(*, from_user, to_user, by, at) -> int:
    tickets = list(_owed_repair_revisits(from_user).order_by("pk"))
    for ticket in tickets:
        ticket_revisit_hand_over(ticket=ticket, holder=to_user, by=by, at=at)
    return len(tickets)


def open_point_count(user) -> int:
    return RevisitPoint.objects.filter(owner=user, answered_at__isnull=True).count()


def hand_over_points(*, from_user, to_user, by, at) -> int:
    points = list(RevisitPoint.objects.filter(owner=from_user, answered_at__isnull=True).order_by("pk"))
    for point in points:
        revisit_point_reassign(point=point, owner=to_user, by=by)
    return len(points)


def open_measure_count(user) -> int:
    return ImprovementMeasure.objects.filter(responsible=user, done_at__isnull=True).count()


def hand_over_measures(*, from_user, to_user, by, at) -> int:
    measures = list(ImprovementMeasure.objects.filter(responsible=from_user, done_at__isnull=True).order_by("pk"))
    for measure in measures:
        improvement_reassign(measure=measure, responsible=to_user, by=by)
    return len(measures)


def register() -> None:
    register_staff_handover(
        "tickets", _("Open repair tickets"), count=open_ticket_count, hand_over=hand_over_tickets,
        roles=TICKET_ROLES, order=40,
    )  # fmt: skip
    register_staff_handover(
        "revisits", _("Scheduled revisits"), count=open_revisit_count, hand_over=hand_over_revisits,
        roles=REVISIT_ROLES, order=60,
    )  # fmt: skip
    register_staff_handover(
        "repair_revisits", _("Post-repair revisits owed on closed tickets"), count=owed_repair_revisit_count,
        hand_over=hand_over_repair_revisits, roles=REVISIT_ROLES, order=62,
    )  # fmt: skip
    register_staff_handover(
        "revisit_points", _("Open points raised in revisits"), count=open_point_count, hand_over=hand_over_points,
        order=64,
    )  # fmt: skip
    register_staff_handover(
        "improvement_measures", _("Improvement measures not yet done"), count=open_measure_count,
        hand_over=hand_over_measures, order=66,
    )  # fmt: skip
