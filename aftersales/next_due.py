"""A ticket's next deadline, read from the SLA engine's clocks and kept on the ticket (RepairTicket.next_due_at) so
that "my tickets by deadline" is an index scan, not a subquery per ticket: the services refresh it in their own
transaction, the clock listener (clocks.py) after the engine moves or stops a clock on its own (a calendar change,
a hand-over), as leads/next_due.py does for leads."""

from django.db.models import Min, OuterRef, Subquery

from decocrm.sla.choices import ClockState
from decocrm.sla.selectors import clocks_of_model

from .models import RepairTicket

# Running clocks and breached ones (overdue and still owed); a paused clock is not a deadline.
DEADLINE_STATES = (ClockState.RUNNING, ClockState.BREACHED)


def refresh_next_due_many(ticket_ids) -> int:
    """RepairTicket.next_due_at = the earliest deadline of each ticket's running or breached clocks: one UPDATE."""
    earliest = (
        clocks_of_model(RepairTicket)
        .filter(object_id=OuterRef("pk"), state__in=DEADLINE_STATES)
        .order_by()
        .values("object_id")
        .annotate(at=Min("due_at"))
        .values("at")
    )
    return RepairTicket.objects.filter(pk__in=list(ticket_ids)).update(next_due_at=Subquery(earliest))


def refresh_next_due(ticket) -> None:
    refresh_next_due_many([ticket.pk])
    ticket.next_due_at = RepairTicket.objects.values_list("next_due_at", flat=True).get(pk=ticket.pk)
