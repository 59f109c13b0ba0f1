"""The complaint's timeline: its state changes and recorded events (beside the clock events every clock subject
shows)."""

from decocrm.core.timeline import entries_of


def complaint_history(complaint, **context):
    return entries_of(complaint.transitions.select_related("by"), "transition", "includes/timeline_transition.html")
