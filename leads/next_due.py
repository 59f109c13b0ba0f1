"""A lead's next deadline and its clocks' label, read from the SLA engine's clocks. The services keep
Lead.next_due_at current with it in their own transaction, and the clock listeners (clocks.py) after the engine
moves a deadline on its own; it imports neither, so leads' modules import in one direction
(clocks -> pool -> services -> next_due)."""

import logging

from django.db import connection
from django.db.models import Min, OuterRef, Subquery

from decocrm.sla.choices import ClockState
from decocrm.sla.selectors import clocks_of_model

from .models import Lead

# A lead's next deadline: running clocks, and breached ones (overdue and still owed); a paused clock is not one.
DEADLINE_STATES = (ClockState.RUNNING, ClockState.BREACHED)

logger = logging.getLogger(__name__)


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


def reconcile_next_due() -> int:
    """Catch-up behind the clock listener (clocks.on_deadlines_changed): a listener that raised, or a process that
    died between the engine's commit and the call, leaves next_due_at stale. Computed from state, in one
    UPDATE ... FROM over just the leads whose next_due_at differs from their earliest running or breached deadline;
    running it again changes nothing. Returns how many leads it corrected (logged: each one is a missed refresh)."""
    earliest, params = (
        clocks_of_model(Lead)
        .filter(state__in=DEADLINE_STATES)
        .order_by()
        .values("object_id")
        .annotate(at=Min("due_at"))
        .query.sql_with_params()
    )
    table = connection.ops.quote_name(Lead._meta.db_table)
    sql = (
        f"UPDATE {table} SET next_due_at = fresh.at"  # noqa: S608 (table name from the model, values as parameters)
        f" FROM (SELECT l.id, due.at FROM {table} l LEFT JOIN ({earliest}) due ON due.object_id = l.id"
        f" WHERE l.next_due_at IS DISTINCT FROM due.at) fresh"
        f" WHERE {table}.id = fresh.id RETURNING {table}.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        corrected = sorted(row[0] for row in cursor.fetchall())
    if corrected:
        logger.warning(
            "Corrected a stale next_due_at on %s leads (a clock listener had not run): %s%s",
            len(corrected),
            corrected[:100],
            " …" if len(corrected) > 100 else "",
        )
    return len(corrected)
