from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from decocrm.core.errors import DomainError
from decocrm.core.workflow import TransitionRefused
from decocrm.sla.choices import ClockState
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.services import clock_cancel, clock_start

from ..clocks import TICKET_REASSIGNED
from ..models import RepairTicket
from ..permissions import can_work_ticket


class TicketPermissionError(DomainError):
    pass


class TicketStateError(DomainError):
    pass


def lock_ticket(ticket) -> RepairTicket:
    return (
        RepairTicket.objects.select_for_update(of=("self",))
        .select_related("customer", "technician", "project")
        .get(pk=ticket.pk)
    )


def workable(ticket, by) -> RepairTicket:
    """The ticket, locked and read fresh, if `by` works it (its after-sales staff member or a manager of its team or
    the company)."""
    ticket = lock_ticket(ticket)
    if not can_work_ticket(by, ticket):
        raise TicketPermissionError(_("Only the after-sales staff member of this ticket or a manager may do this."))
    return ticket


def fire(ticket, name, *, by, at, note="", event="", params=None):
    try:
        RepairTicket.machine.fire(ticket, name, by=by, at=at, note=note, event=event, params=params)
    except TransitionRefused as refused:
        raise TicketStateError(refused.message) from None


def screened(rule, upload, field):
    try:
        return rule.screen(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def hand_clocks_to(ticket, owner, *, at, by):
    """The ticket passed to `owner`: its running clocks follow them with the deadline the customer was promised
    (counted from when each clock started, not from the hand-over, unlike sla's clock_hand_over, whose rule is
    that a new owner answers only for their own time: a repair's promise is to the customer). A clock already
    overdue stays with whoever let it run out."""
    for clock in clocks_for_subject(ticket).filter(state__in=(ClockState.RUNNING, ClockState.PAUSED)):
        if clock.owner_id == getattr(owner, "pk", None):
            continue
        name = getattr(owner, "display_name", "") or str(owner or "")
        clock_cancel(kind=clock.kind, subject=ticket, code=TICKET_REASSIGNED, params={"name": name}, at=at, by=by)
        clock_start(kind=clock.kind, subject=ticket, at=clock.started_at, by=by, sequence=clock.sequence)
