"""The lead as a clock subject, and the clock listeners that keep leads current when the SLA engine moves, breaches
or stops one of their clocks (a calendar change, the sweep). Registered in LeadsConfig.ready()."""

from decocrm.sla.choices import ClockKind
from decocrm.sla.hooks import ClockChange, ClockHook, register_clock_listener
from decocrm.sla.notes import register_clock_event_texts
from decocrm.sla.subjects import register_clock_subject

from .choices import LEAD_CLOCK_TEXTS
from .models import Lead
from .next_due import lead_clock_label, refresh_next_due_many
from .pool import return_breached_leads


def on_deadlines_changed(change: ClockChange) -> None:
    refresh_next_due_many(change.ids_of(Lead))


def on_first_contact_breached(change: ClockChange) -> None:
    return_breached_leads(lead_ids=change.ids_of(Lead))


def register() -> None:
    register_clock_event_texts(LEAD_CLOCK_TEXTS)
    register_clock_subject(
        Lead, owner="owner", team="team", customer="customer_id", label=lead_clock_label, url="get_absolute_url"
    )
    register_clock_listener(on_deadlines_changed, hooks=[ClockHook.DEADLINE_MOVED, ClockHook.STOPPED], models=[Lead])
    register_clock_listener(
        on_first_contact_breached, hooks=[ClockHook.BREACHED], kinds=[ClockKind.FIRST_CONTACT], models=[Lead]
    )
