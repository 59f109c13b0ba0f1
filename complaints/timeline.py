"""The complaint's timeline: its state changes and recorded events (beside the clock events every clock subject
shows)."""

from decocrm.core.history import edit_history_source
from decocrm.core.timeline import entries_of

from .models import Complaint


def complaint_history(complaint, **context):
    return entries_of(complaint.transitions.select_related("by"), "transition", "includes/timeline_transition.html")


# Edits of the complaint: who, when, each field old → new (decocrm.core.history, one query).
complaint_edit_history = edit_history_source(Complaint)
