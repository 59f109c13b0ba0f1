"""The archive KPIs page for managers (company-wide managers every team, a team manager their team) and its XLSX
export."""

from datetime import date

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.selectors import is_company_manager
from decocrm.core.exports import XLSX, export_stamp, record_export, safe_cell

from ..kpis import archive_kpis, can_read_archive_kpis

FIRST_MONTH = date(2000, 1, 1)


def _month(request) -> date:
    """The month asked for (?month=YYYY-MM), this month when none; a bad one is named and replaced."""
    this_month = timezone.localdate().replace(day=1)
    text = (request.GET.get("month") or "").strip()
    if not text:
        return this_month
    try:
        year, month = (int(part) for part in text.split("-"))
        chosen = date(year, month, 1)
        if not FIRST_MONTH <= chosen <= this_month:
            raise ValueError
        return chosen
    except (TypeError, ValueError):
        messages.warning(request, _("“%(month)s” is not a month that can be shown; this month is shown.")
                         % {"month": text[:20]})  # fmt: skip
        return this_month


def archive_kpis_page(request):
    if not can_read_archive_kpis(request.user):
        raise PermissionDenied
    kpis = archive_kpis(request.user, _month(request))
    if request.GET.get("format") == "xlsx":
        return _xlsx(request, kpis)
    context = {
        "kpis": kpis,
        "month_value": kpis.month.strftime("%Y-%m"),
        "company_view": is_company_manager(request.user),
    }
    return render(request, "archives/kpis.html", context)


def _xlsx(request, kpis):
    dataset = tablib.Dataset(
        headers=[_("Section"), _("Item"), _("On time"), _("Violations"), _("On-time rate (%)")],
        title=_("Archive KPIs %(month)s") % {"month": kpis.month.strftime("%Y-%m")},
    )
    for row in kpis.sheet_rows():
        dataset.append([safe_cell(cell) for cell in row])
    record_export(user=request.user, what="archive kpis", fmt="xlsx", rows=len(dataset),
                  filters=request.GET.urlencode())  # fmt: skip
    response = HttpResponse(
        XLSX().export_data(dataset), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="archive-kpis-{kpis.month:%Y-%m}-{export_stamp()}.xlsx"'
    return response
