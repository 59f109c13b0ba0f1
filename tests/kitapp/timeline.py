"""The ticket's own timeline source (registered in apps.py). Its clock's events come from the source decocrm.sla
shares with every clock subject: nothing to write for them."""

from decocrm.core.timeline import entries_of


def ticket_history(ticket, **context):
    return entries_of(ticket.transitions.select_related("by"), "transition", "kitapp/timeline/transition.html")
