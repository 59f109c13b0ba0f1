"""The repair ticket's timeline: its state changes, its photos, and the moments that are not state changes (the
customer contacted, the quote accepted, the post-repair revisit done), beside the clock events every clock subject
shows. `photos`: the rows the page already holds (no second query).

A revisit's timeline: its steps (beside the clock events every clock subject shows)."""

from decocrm.core.history import edit_history_source
from decocrm.core.timeline import TimelineEntry, entries_of

from .models import RepairTicket

MOMENTS = ("contacted_at", "quote_accepted_at", "revisit_done_at")


def ticket_history(ticket, photos=None, **context):
    entries = entries_of(ticket.transitions.select_related("by"), "transition", "includes/timeline_transition.html")
    if photos is None:
        photos = ticket.photos.select_related("uploaded_by")
    entries += entries_of(photos, "photo", "aftersales/timeline/photo.html", at="uploaded_at")
    for field in MOMENTS:
        if getattr(ticket, field):
            entries.append(
                TimelineEntry(
                    getattr(ticket, field), field.removesuffix("_at"), ticket, f"aftersales/timeline/{field}.html"
                )
            )
    return entries


def revisit_history(revisit, **context):
    return entries_of(revisit.transitions.select_related("by"), "transition", "includes/timeline_transition.html")


# Edits of the ticket: who, when, each field old → new (decocrm.core.history, one query).
ticket_edit_history = edit_history_source(
    RepairTicket, also=("appointment_at",), exclude=("repair_rounds", "signature", "recorded_by")
)
