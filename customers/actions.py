"""The key-account actions, declared once (decocrm.core.actions): on the customer (mark, change, unmark, log a
contact, record a request), on a request (respond, give the initial solution) and on a visit (enter its record).
Who may take each: customers.permissions; the services check it again with the state."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .forms import (
    KeyAccountContactForm,
    KeyAccountMarkForm,
    KeyAccountRequestForm,
    KeyAccountResponseForm,
    KeyAccountSolutionForm,
    KeyAccountVisitRecordForm,
)
from .permissions import can_keep_key_account, can_mark_key_accounts

KEY_ACCOUNT_LIVE = "key-account-live"


def _may_mark(user, customer) -> bool:
    return not customer.is_key_account and can_mark_key_accounts(user)


def _may_change(user, customer) -> bool:
    return customer.is_key_account and can_mark_key_accounts(user)


def _mark(customer, by, data):
    services.customer_set_key_account(
        customer=customer, by=by, is_key_account=True, tier=data["key_tier"], account_manager=data["account_manager"]
    )
    return _("Key account saved: the contact cadence runs for %(name)s.") % {
        "name": data["account_manager"].display_name
    }


def _unmark(customer, by, data):
    services.customer_set_key_account(customer=customer, by=by, is_key_account=False)
    return _("No longer a key account.")


def _contact(customer, by, data):
    services.key_account_log_contact(customer=customer, by=by, **data)
    return _("Contact logged.")


def _request(customer, by, data):
    services.key_account_request_record(customer=customer, by=by, **data)
    return _("Request recorded: respond within 1 hour, give an initial solution within 24 hours.")


def _respond(request, by, data):
    services.key_account_request_respond(request=request, by=by, **data)
    return _("Response logged.")


def _solve(request, by, data):
    services.key_account_request_solve(request=request, by=by, **data)
    return _("Initial solution logged.")


def _record_visit(contact, by, data):
    services.key_account_record_visit(contact=contact, by=by, **data)
    return _("Visit record entered.")


_MANAGER_CHOICES = {"form_kwargs": lambda user: {"user": user}}

KEY_ACCOUNT_ACTIONS = ActionSet(
    Action("contact", gettext_lazy("Log contact"), _contact, KeyAccountContactForm, allowed=can_keep_key_account,
           icon="telephone"),
    Action("request", gettext_lazy("Record request"), _request, KeyAccountRequestForm, allowed=can_keep_key_account,
           icon="megaphone", style="btn-outline-primary"),
    Action("mark", gettext_lazy("Mark as key account"), _mark, KeyAccountMarkForm, allowed=_may_mark, icon="key",
           **_MANAGER_CHOICES),
    Action("change", gettext_lazy("Change tier or account manager"), _mark, KeyAccountMarkForm, allowed=_may_change,
           icon="person-gear", style="btn-outline-primary", **_MANAGER_CHOICES),
    Action("unmark", gettext_lazy("Remove from key accounts"), _unmark, allowed=_may_change, icon="x-circle",
           style="btn-outline-danger", confirm=gettext_lazy("Remove this customer from the key accounts?")),
    url="customers:key_account_action",
    live=KEY_ACCOUNT_LIVE,
)  # fmt: skip

KEY_REQUEST_ACTIONS = ActionSet(
    Action("respond", gettext_lazy("Respond"), _respond, KeyAccountResponseForm,
           allowed=lambda user, request: request.responded_at is None and can_keep_key_account(user, request.customer),
           icon="chat-dots", style="btn-outline-primary"),
    Action("solve", gettext_lazy("Give solution"), _solve, KeyAccountSolutionForm,
           allowed=lambda user, request: request.is_open and can_keep_key_account(user, request.customer),
           icon="check2-circle", style="btn-success"),
    url="customers:key_request_action",
    live=KEY_ACCOUNT_LIVE,
)  # fmt: skip

KEY_VISIT_ACTIONS = ActionSet(
    Action("record", gettext_lazy("Enter visit record"), _record_visit, KeyAccountVisitRecordForm,
           allowed=lambda user, contact: contact.awaits_record and can_keep_key_account(user, contact.customer),
           icon="pen"),
    url="customers:key_visit_action",
    live=KEY_ACCOUNT_LIVE,
)  # fmt: skip
