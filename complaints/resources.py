"""The complaint queue's download (decocrm.core.list_exports): its columns. The complainant's phone follows the
exports' rule (customers.selectors.phone_in_export: in full for managers and the customer's owner, masked for the
others); nothing about an anonymous complainant; no customer background, no ID numbers."""

from django.utils.translation import gettext_lazy as _

from customers.selectors import phone_in_export
from decocrm.core.list_exports import Column


def _phone(complaint, user):
    if complaint.anonymous:
        return ""
    return phone_in_export(user, complaint.customer, complaint.complainant_phone or None)


COMPLAINT_COLUMNS = (
    Column("number", _("Number"), lambda complaint, user: complaint.number),
    Column("received_at", _("Date received"), lambda complaint, user: complaint.received_at),
    Column("complainant", _("Complainant"), lambda complaint, user: complaint.complainant),
    Column("phone", _("Phone"), _phone),
    Column("channel", _("Channel"), lambda complaint, user: complaint.get_channel_display()),
    Column("severity", _("Severity"), lambda complaint, user: complaint.get_severity_display()),
    Column("category", _("Category"), lambda complaint, user: complaint.get_category_display()),
    Column("state", _("State"), lambda complaint, user: complaint.get_state_display()),
    Column("content", _("Complaint"), lambda complaint, user: complaint.content),
    Column("demand", _("The customer's demand"), lambda complaint, user: complaint.demand),
    Column("handler", _("Handler"), lambda complaint, user: str(complaint.handler or "")),
    Column("compensation", _("Compensation (yuan)"), lambda complaint, user: complaint.compensation),
    Column("next_due_at", _("Next deadline"), lambda complaint, user: complaint.next_due_at),
    Column("closed_at", _("Closed at"), lambda complaint, user: complaint.closed_at),
)
