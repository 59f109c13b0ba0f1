"""CSV export of a (scoped, filtered) lead list. Sensitive customer columns are left out for those who may not see
them (customers.selectors.hidden_fields), so the rule holds here as in the pages and the admin."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import masked_phone

EXPORT_ROW_LIMIT = 50_000


class _Echo:
    def write(self, value):
        return value


def _columns():
    return [
        ("id", _("ID"), lambda lead: lead.pk),
        ("name", _("Customer"), lambda lead: lead.customer.name),
        ("phone", _("Phone"), lambda lead: lead.customer.phone if lead.owner_id else masked_phone(lead)),
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


def lead_csv_response(leads, *, hidden):
    columns = [c for c in _columns() if c[0] not in hidden]
    leads = leads[:EXPORT_ROW_LIMIT]
    rows = leads.count()
    writer = csv.writer(_Echo())

    def generate():
        yield "\ufeff"  # Excel opens UTF-8 with a BOM correctly
        yield writer.writerow([label for _key, label, _get in columns])
        for lead in leads.iterator(chunk_size=2000):
            yield writer.writerow([get(lead) for _key, _label, get in columns])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="leads-{stamp}.csv"'
    return response, rows
