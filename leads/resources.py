"""CSV export of a (scoped, filtered) lead list. Sensitive customer columns are left out for those who may not see
them (customers.selectors.hidden_fields), so the rule holds here as in the pages and the admin. Cells are made safe
to open in a spreadsheet by decocrm.core.exports.csv_response."""

from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.exports import csv_response, export_stamp

from .selectors import lead_phone

EXPORT_ROW_LIMIT = 50_000


def _columns():
    return [
        ("id", _("ID"), lambda lead: lead.pk),
        ("name", _("Customer"), lambda lead: lead.customer.name),
        ("phone", _("Phone"), lead_phone),
        ("state", _("State"), lambda lead: lead.get_state_display()),
        ("channel", _("Channel"), lambda lead: lead.get_channel_display()),
        ("channel_detail", _("Channel detail"), lambda lead: lead.channel_detail),
        ("owner", _("Owner"), lambda lead: lead.owner.display_name if lead.owner_id else _("Pool")),
        ("created_at", _("Entered at"), lambda lead: timezone.localtime(lead.created_at).strftime("%Y-%m-%d %H:%M")),
        (
            "next_due_at",
            _("Next deadline"),
            lambda lead: timezone.localtime(lead.next_due_at).strftime("%Y-%m-%d %H:%M") if lead.next_due_at else "",
        ),
        ("occupation", _("Occupation"), lambda lead: lead.customer.occupation),
        ("income_level", _("Income level"), lambda lead: lead.customer.get_income_level_display()),
        ("id_number", _("ID number"), lambda lead: lead.customer.id_number),
    ]


def lead_export_columns(hidden) -> list[str]:
    """The keys of the columns an export shows someone for whom `hidden` fields are hidden."""
    return [key for key, _label, _get in _columns() if key not in hidden]


def lead_csv_response(leads, *, hidden):
    columns = [c for c in _columns() if c[0] not in hidden]
    leads = leads[:EXPORT_ROW_LIMIT]
    rows = leads.count()
    response = csv_response(
        ([get(lead) for _key, _label, get in columns] for lead in leads.iterator(chunk_size=2000)),
        header=[label for _key, label, _get in columns],
        filename=f"leads-{export_stamp()}.csv",
    )
    return response, rows
