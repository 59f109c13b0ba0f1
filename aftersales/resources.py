"""The repair list's download (decocrm.core.list_exports): its columns. The contact's phone follows the exports'
rule (customers.selectors.phone_in_export: in full for managers and the customer's owner, masked for the others);
no customer background, no ID numbers."""

from django.utils.translation import gettext_lazy as _

from customers.selectors import phone_in_export
from decocrm.core.list_exports import Column

TICKET_COLUMNS = (
    Column("number", _("Number"), lambda ticket, user: ticket.pk),
    Column("customer", _("Customer"), lambda ticket, user: ticket.customer.name),
    Column("item", _("Item"), lambda ticket, user: ticket.item),
    Column("state", _("State"), lambda ticket, user: ticket.get_state_display()),
    Column("warranty", _("Warranty"), lambda ticket, user: ticket.get_warranty_display()),
    Column("channel", _("Channel"), lambda ticket, user: ticket.get_channel_display()),
    Column("contact_name", _("Contact person"), lambda ticket, user: ticket.contact_name),
    Column(
        "contact_phone",
        _("Contact phone"),
        lambda ticket, user: phone_in_export(user, ticket.customer, ticket.contact_phone),
    ),
    Column("technician", _("After-sales staff"), lambda ticket, user: str(ticket.technician or "")),
    Column("requested_at", _("Requested at"), lambda ticket, user: ticket.requested_at),
    Column("next_due_at", _("Next deadline"), lambda ticket, user: ticket.next_due_at),
    Column("next_kind", _("Next clock"), lambda ticket, user: ticket.next_kind_label),
)
