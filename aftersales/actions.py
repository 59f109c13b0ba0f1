"""The repair ticket page's actions, declared once (decocrm.core.actions): taking or assigning the ticket, logging
the contact, the flow's steps (assess, the quote, dispatch, on site, repaired, the customer's acceptance or "not
satisfied", close), cancelling, and adding photos from the camera."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .choices import TicketState
from .forms import (
    AcceptForm,
    AssessForm,
    AssignForm,
    ContactForm,
    DispatchForm,
    NotSatisfiedForm,
    PhotosForm,
    ReasonForm,
    RepairForm,
)
from .permissions import can_assign_ticket, can_take_ticket, can_work_ticket


def _of_ticket(ticket) -> dict:
    return {"ticket": ticket}


def _open(ticket) -> bool:
    return ticket.state not in (TicketState.CLOSED, TicketState.CANCELLED)


def _takes(user, ticket):
    return _open(ticket) and can_take_ticket(user, ticket)


def _assigns(user, ticket):
    return _open(ticket) and can_assign_ticket(user, ticket)


def _contacts(user, ticket):
    return _open(ticket) and not ticket.contacted_at and can_work_ticket(user, ticket)


def _quote_pending(user, ticket):
    return (
        ticket.state == TicketState.ASSESSED
        and not ticket.in_warranty
        and not ticket.quote_accepted_at
        and can_work_ticket(user, ticket)
    )


def _photographs(user, ticket):
    return _open(ticket) and can_work_ticket(user, ticket)


def _take(ticket, by, data):
    services.ticket_take(ticket=ticket, by=by)
    return _("The ticket is yours: its deadlines are unchanged.")


def _assign(ticket, by, data):
    services.ticket_assign(ticket=ticket, by=by, technician=data["technician"])
    return _("Ticket assigned.")


def _contact(ticket, by, data):
    services.ticket_log_contact(ticket=ticket, by=by, note=data["note"])
    return _("Contact with the customer logged.")


def _assess(ticket, by, data):
    services.ticket_assess(ticket=ticket, by=by, **data)
    if ticket.in_warranty:
        return _("Assessment recorded: dispatch a technician.")
    return _("Assessment recorded: the customer accepts the quote before dispatch.")


def _quote(ticket, by, data):
    services.ticket_accept_quote(ticket=ticket, by=by)
    return _("The customer's acceptance of the quote recorded.")


def _dispatch(ticket, by, data):
    services.ticket_dispatch(ticket=ticket, by=by, **data)
    return _("Technician dispatched.")


def _arrive(ticket, by, data):
    services.ticket_arrive(ticket=ticket, by=by)
    return _("On site.")


def _repair(ticket, by, data):
    services.ticket_repair(ticket=ticket, by=by, **data)
    return _("Repaired: feed the result back to the customer within 24 hours.")


def _accept(ticket, by, data):
    services.ticket_customer_accept(ticket=ticket, by=by, **data)
    return _("The customer accepted the repair.")


def _not_satisfied(ticket, by, data):
    services.ticket_not_satisfied(ticket=ticket, by=by, reason=data["reason"])
    return _("Back on site: repair it again.")


def _close(ticket, by, data):
    services.ticket_close(ticket=ticket, by=by)
    return _("Ticket closed and filed: the post-repair revisit is due within a month.")


def _cancel(ticket, by, data):
    services.ticket_cancel(ticket=ticket, by=by, reason=data["reason"])
    return _("Ticket cancelled.")


def _photos(ticket, by, data):
    services.ticket_add_photos(ticket=ticket, by=by, photos=data["photos"])
    return _("Photos added.")


_T = {"object_form_kwargs": _of_ticket}

TICKET_ACTIONS = ActionSet(
    Action("take", gettext_lazy("Take this ticket"), _take, allowed=_takes, icon="person-check"),
    Action("contact", gettext_lazy("Customer contacted"), _contact, ContactForm, allowed=_contacts,
           icon="telephone", style="btn-outline-primary"),
    Action("assess", gettext_lazy("Assess"), _assess, AssessForm, transition="assess", icon="clipboard-check", **_T),
    Action("quote", gettext_lazy("Customer accepted the quote"), _quote, allowed=_quote_pending, icon="cash-coin",
           style="btn-success"),
    Action("dispatch", gettext_lazy("Dispatch"), _dispatch, DispatchForm, transition="dispatch", icon="truck", **_T),
    Action("arrive", gettext_lazy("On site"), _arrive, transition="arrive", icon="geo-alt"),
    Action("repair", gettext_lazy("Repaired"), _repair, RepairForm, transition="repair", icon="tools"),
    Action("accept", gettext_lazy("Customer's acceptance"), _accept, AcceptForm, transition="accept",
           icon="pen", style="btn-success", **_T),
    Action("not_satisfied", gettext_lazy("Not satisfied: repair again"), _not_satisfied, NotSatisfiedForm,
           transition="repair_again", icon="arrow-repeat", style="btn-outline-danger"),
    Action("close", gettext_lazy("Close and file"), _close, transition="close", icon="archive", style="btn-success"),
    Action("photos", gettext_lazy("Add photos"), _photos, PhotosForm, allowed=_photographs, icon="camera",
           style="btn-outline-primary", **_T),
    Action("assign", gettext_lazy("Assign"), _assign, AssignForm, allowed=_assigns, icon="person-gear",
           style="btn-outline-secondary", **_T),
    Action("cancel", gettext_lazy("Cancel the ticket"), _cancel, ReasonForm, transition="cancel", icon="x-circle",
           style="btn-outline-danger"),
    url="aftersales:action",
    live="ticket-live",
)  # fmt: skip
