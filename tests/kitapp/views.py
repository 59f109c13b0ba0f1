"""The ticket pages: thin, every read through the scoped selector (another owner's ticket is a 404), every write
through an action (actions.py) and its service."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from decocrm.core.actions import ActionView
from decocrm.core.filters import render_list
from decocrm.core.timeline import timeline
from decocrm.sla.choices import OPEN_STATES
from decocrm.sla.selectors import clocks_for_subject

from .actions import TICKET_ACTIONS
from .filters import TicketFilter
from .selectors import visible_tickets


def ticket_list(request):
    filterset = TicketFilter(request.GET or None, queryset=visible_tickets(request.user), user=request.user)
    return render_list(request, "kitapp/ticket_list.html", filterset, fragment="ticket-results")


def ticket_page(request, ticket, *, fragment=False, bound=None):
    """The ticket page, or (fragment) its live part: state, actions, running clocks and timeline, all read again
    after an action. `bound`: a refused action (name, form with its errors)."""
    context = {
        "ticket": ticket,
        "actions": TICKET_ACTIONS.offer(ticket, request.user, bound),
        "clocks": clocks_for_subject(ticket).filter(state__in=OPEN_STATES),
        "timeline": timeline(ticket),
        "is_htmx": bool(request.htmx),
    }
    template = "kitapp/ticket_detail.html"
    return render(request, f"{template}#ticket-live" if fragment else template, context)


def ticket_detail(request, pk):
    return ticket_page(request, get_object_or_404(visible_tickets(request.user), pk=pk))


class TicketActionView(ActionView):
    actions = TICKET_ACTIONS

    def get_queryset(self):
        return visible_tickets(self.request.user)

    def render_page(self, obj, *, bound=None, fragment):
        return ticket_page(self.request, obj, fragment=fragment, bound=bound)

    def left_scope_url(self):
        return reverse("kitapp:list")
