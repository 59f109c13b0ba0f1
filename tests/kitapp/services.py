"""Every change to a ticket (ENGINEERING.md rules 1-3): atomic, the state moved only by the machine (which records
the transition), the clock started and stopped in the same transaction as the business event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.selectors import customer_scope
from decocrm.core.errors import DomainError
from decocrm.sla.services import clock_cancel, clock_start, clock_stop

from .choices import REPLY_CLOCK
from .models import Ticket, worked_by


class TicketPermissionError(DomainError):
    pass


def _locked(ticket) -> Ticket:
    return Ticket.objects.select_for_update(of=("self",)).select_related("customer").get(pk=ticket.pk)


def _fire(ticket, name, *, by, at, note=""):
    if not worked_by(ticket, by):
        raise TicketPermissionError(_("Only the ticket's owner or their manager may do this."))
    Ticket.machine.fire(ticket, name, by=by, at=at, note=note)  # TransitionRefused (a DomainError) when illegal
    ticket.full_clean()
    ticket.save()


@transaction.atomic
def ticket_open(*, customer, owner, by, subject: str, at=None) -> Ticket:
    """A new ticket for `customer`, worked by `owner` (the opener, or a manager's pick): the reply clock starts."""
    at = at or timezone.now()
    if not worked_by(Ticket(owner=owner, team=owner.team), by):  # who may work the new ticket may open it
        raise TicketPermissionError(_("Only a manager may open a ticket for someone else."))
    if not customer_scope().contains(by, customer):
        raise TicketPermissionError(_("You cannot open a ticket for this customer."))
    ticket = Ticket(customer=customer, owner=owner, team=owner.team, subject=subject, opened_at=at,
                    state_changed_at=at)  # fmt: skip
    ticket.full_clean()
    ticket.save()
    Ticket.machine.record_start(ticket, by=by, at=at)
    clock_start(kind=REPLY_CLOCK, subject=ticket, at=at, by=by)
    return ticket


@transaction.atomic
def ticket_resolve(*, ticket, by, solution: str, at=None) -> Ticket:
    """Resolved, saying how: the reply clock stops (met, or met late)."""
    at = at or timezone.now()
    if not solution.strip():
        raise ValidationError({"solution": _("Say how the ticket was resolved.")})
    ticket = _locked(ticket)
    ticket.solution = solution
    _fire(ticket, "resolve", by=by, at=at)
    clock_stop(kind=REPLY_CLOCK, subject=ticket, at=at, by=by)
    return ticket


@transaction.atomic
def ticket_cancel(*, ticket, by, reason: str, at=None) -> Ticket:
    """Cancelled, with a reason: the reply clock is cancelled (it counts neither as met nor as breached)."""
    at = at or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ticket is cancelled.")})
    ticket = _locked(ticket)
    _fire(ticket, "cancel", by=by, at=at, note=reason)
    clock_cancel(kind=REPLY_CLOCK, subject=ticket, reason=reason, at=at, by=by)
    return ticket
