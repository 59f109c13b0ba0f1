"""The lead as a clock subject, and the clock listeners that keep leads current when the SLA engine moves, breaches
or stops one of their clocks (a calendar change, the sweep). Registered in LeadsConfig.ready()."""

from django.db.models import Min, OuterRef, Subquery

from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.hooks import ClockChange, ClockHook, register_clock_listener
from decocrm.sla.selectors import clocks_of_model
from decocrm.sla.subjects import register_clock_subject

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


def on_deadlines_changed(change: ClockChange) -> None:
    refresh_next_due_many(change.ids_of(Lead))


def on_first_contact_breached(change: ClockChange) -> None:
    from .pool import return_breached_leads

    return_breached_leads(lead_ids=change.ids_of(Lead))


def register() -> None:
    register_clock_subject(
        Lead, owner="owner", team="team", customer="customer_id", label=lead_clock_label, url="get_absolute_url"
    )
    register_clock_listener(on_deadlines_changed, hooks=[ClockHook.DEADLINE_MOVED, ClockHook.STOPPED], models=[Lead])
    register_clock_listener(
        on_first_contact_breached, hooks=[ClockHook.BREACHED], kinds=[ClockKind.FIRST_CONTACT], models=[Lead]
    )
