"""Key accounts as clock subjects [seed 004 §12-15] (registered in CustomersConfig.ready; the policies are the
product's table, decocrm/sla/defaults.py):
- key-account contact, on the customer: from marking, then from each logged contact to the next, 7 days for a core
  account and 14 for an ordinary one (the policy varies by `tier`), owned by the account manager;
- visit record, on a visit held (KeyAccountContact): the record is due 24 hours after the visit;
- key-account request response (1 h) and initial solution (24 h), on the request, owned by the account manager."""

from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts
from decocrm.sla.notes import register_clock_event_texts
from decocrm.sla.subjects import register_clock_subject

from .models import Customer, KeyAccountContact, KeyAccountRequest

KEY_ACCOUNT_UNMARKED = "key_account_unmarked"
KEY_TIER_CHANGED = "key_tier_changed"
KEY_ACCOUNT_CLOCK_TEXTS = CodedTexts(
    {KEY_ACCOUNT_UNMARKED: _("no longer a key account"), KEY_TIER_CHANGED: _("key-account tier changed")}
)


def _contact_label(contact) -> str:
    return f"{contact.customer.name} · {contact.at:%Y-%m-%d}"


def _request_label(request) -> str:
    return f"{request.customer.name} · {request.content[:60]}"


def register() -> None:
    register_clock_event_texts(KEY_ACCOUNT_CLOCK_TEXTS)
    register_clock_subject(
        Customer,
        owner="account_manager",
        customer="pk",
        label="name",
        url="get_absolute_url",
        attrs=lambda customer: {"tier": customer.key_tier},
    )
    register_clock_subject(
        KeyAccountContact,
        owner="by",
        customer="customer_id",
        label=_contact_label,
        url="get_absolute_url",
    )
    register_clock_subject(
        KeyAccountRequest,
        owner=lambda request: request.customer.account_manager,
        customer="customer_id",
        label=_request_label,
        url="get_absolute_url",
    )
