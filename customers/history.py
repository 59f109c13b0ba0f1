"""A customer's change history as the customer page shows it (the "Changes" card): who changed which field, from
what to what, when; the background and ID number only for those who may see them. decocrm.core.history reads the
records (one query, plus one per foreign-key model shown)."""

from decocrm.core.history import field_changes

from .choices import SpecialNeed
from .selectors import hidden_fields, sees_full_phone
from .services import EDITABLE_FIELDS

# What the card shows: what the pages and the admin edit, and the key-account marking.
SHOWN_FIELDS = (*sorted(EDITABLE_FIELDS), "is_key_account", "key_tier", "account_manager")
LABELS = {"special_needs": dict(SpecialNeed.choices)}
CARD_SIZE = 20


def customer_changes(user, customer, *, limit=CARD_SIZE):
    """The customer's last `limit` changes, newest first, without the fields this user may not see (the phone for
    those who see it masked: customers in the pool, staff who neither own nor serve it)."""
    hidden = (*hidden_fields(user), *(() if sees_full_phone(user, customer) else ("phone",)))
    entries = field_changes(customer, fields=SHOWN_FIELDS, hidden=hidden, labels=LABELS)
    return list(reversed(entries))[:limit]
