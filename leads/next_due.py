"""A lead's next deadline and its clocks' label, read from the SLA engine's clocks. The services keep
Lead.next_due_at current with it in their own transaction, and the clock listeners (clocks.py) after the engine
moves a deadline on its own; it imports neither, so leads' modules import in one direction
(clocks -> pool -> services -> next_due)."""

from django.db.models import Min, OuterRef, Subquery

from decocrm.sla.choices import ClockState
from decocrm.sla.selectors import clocks_of_model

from .models import Lead

# A lead's next deadline: running clocks, and breached ones (overdue and still owed); a paused clock is not one.
DEADLINE_STATES = (ClockState.RUNNING, ClockState.BREACHED)


def lead_clock_label(lead) -> str:
    return f"{lead.customer.name} {lead.customer.masked_phone}".strip()


def refresh_next_due_many(lead_ids) -> int:
    """Lead.next_due_at = the earliest deadline of each lead's running or breached clocks: one UPDATE for all."""
    earliest = (
        clocks_of_model(Lead)
        .filter(object_id=OuterRef("pk"), state__in=DEADLINE_STATES)
        .order_by()
        .values("object_id")
        .annotate(at=Min("due_at"))
        .values("at")
    )
    return Lead.objects.filter(pk__in=list(lead_ids)).update(next_due_at=Subquery(earliest))
