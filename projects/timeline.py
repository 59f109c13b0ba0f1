"""The project's timeline: its state changes (beside the clock events every clock subject shows)."""

from decocrm.core.history import edit_history_source
from decocrm.core.timeline import entries_of

from .models import Project


def project_history(project, **context):
    return entries_of(project.transitions.select_related("by"), "transition", "includes/timeline_transition.html")


# Edits of the project: who, when, each field old → new (decocrm.core.history, one query).
project_edit_history = edit_history_source(Project)
