"""The ticket page's actions, declared once (decocrm.core.actions): each offered when the state machine lets this
user fire its transition; TicketActionView (views.py) runs them with and without htmx."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .forms import CancelForm, ResolveForm


def _resolve(ticket, by, data):
    services.ticket_resolve(ticket=ticket, by=by, solution=data["solution"])
    return _("Ticket resolved.")


def _cancel(ticket, by, data):
    services.ticket_cancel(ticket=ticket, by=by, reason=data["reason"])
    return _("Ticket cancelled.")


TICKET_ACTIONS = ActionSet(
    Action("resolve", gettext_lazy("Resolve"), _resolve, ResolveForm, transition="resolve", icon="check2-circle",
           style="btn-success"),
    Action("cancel", gettext_lazy("Cancel the ticket"), _cancel, CancelForm, transition="cancel", icon="x-circle",
           style="btn-outline-danger"),
    url="kitapp:action",
    live="ticket-live",
)  # fmt: skip
