"""Every view of a customer's sensitive fields is written to the access log (decocrm.audit): one row per page view
of one customer (not per field), one per export. Only managers see them (selectors.can_see_sensitive), so only
managers' views are written."""

from decocrm.audit.services import door_of, record_sensitive_view

from ..models import SENSITIVE_FIELDS, Customer
from ..selectors import can_see_sensitive

SENSITIVE_CONTACTS = "decision_maker_contacts"  # the fields list's name for the sensitive contact persons shown


def shown_sensitive_fields(user, customer, contacts=()) -> list[str]:
    """The sensitive fields of `customer` that a page shows `user`: those with a value, and the sensitive contacts
    among `contacts` (the contact persons the page lists)."""
    if not can_see_sensitive(user):
        return []
    shown = [name for name in SENSITIVE_FIELDS if getattr(customer, name)]
    if any(contact.is_sensitive for contact in contacts):
        shown.append(SENSITIVE_CONTACTS)
    return shown


def customer_sensitive_view_record(*, user, customer, door, contacts=()):
    return record_sensitive_view(
        user=user, obj=customer, fields=shown_sensitive_fields(user, customer, contacts), door=door
    )


def customer_export_sensitive_record(*, user, columns, door, rows):
    """An export with sensitive columns: one row for the whole export."""
    fields = [name for name in SENSITIVE_FIELDS if name in columns] if can_see_sensitive(user) else []
    return record_sensitive_view(
        user=user, model=Customer, fields=fields, door=door, label=f"{Customer._meta.label_lower} × {rows}"
    )


def customer_list_export_record(request, *, columns, rows):
    """After a list download whose rows carry customer columns (decocrm.core.list_exports.ListExport.exported)."""
    return customer_export_sensitive_record(user=request.user, columns=columns, door=door_of(request), rows=rows)
