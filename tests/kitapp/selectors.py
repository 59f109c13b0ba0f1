"""Reads of tickets, scoped to the user (ENGINEERING.md rule 4): every page reads through `visible_tickets`, so
another owner's ticket is a 404 on the list, the detail page, the actions and the customer panel alike."""

from decocrm.core.scopes import Scope

from .models import Ticket

TICKET_SCOPE = Scope(owner="owner", team="team")


def visible_tickets(user):
    return TICKET_SCOPE.filter(Ticket.objects.select_related("customer", "owner"), user)
