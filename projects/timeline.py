"""The project's timeline: its state changes (beside the clock events every clock subject shows)."""

from decocrm.core.timeline import entries_of


def project_history(project, **context):
    return entries_of(project.transitions.select_related("by"), "transition", "includes/timeline_transition.html")
