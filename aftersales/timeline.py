"""A revisit's timeline: its steps (beside the clock events every clock subject shows)."""

from decocrm.core.timeline import entries_of


def revisit_history(revisit, **context):
    return entries_of(revisit.transitions.select_related("by"), "transition", "includes/timeline_transition.html")
