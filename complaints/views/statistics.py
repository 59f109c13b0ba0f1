"""The monthly complaint statistics page (managers and customer relations), its XLSX export and the filing of the
month's report."""

from datetime import date

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decocrm.accounts.selectors import is_company_manager
from decocrm.core.actions import apply_form
from decocrm.core.exports import XLSX, export_stamp, record_export, safe_cell

from .. import services
from ..forms import FileStatisticsForm
from ..models import MonthlyStatistics
from ..permissions import can_file_statistics, can_read_statistics
from ..statistics import month_report

FIRST_MONTH = date(2000, 1, 1)


def _month(request) -> date:
    """The month asked for (?month=YYYY-MM), this month when none; a bad one is named and replaced."""
    today = timezone.localdate()
    text = (request.GET.get("month") or "").strip()
    if not text:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in text.split("-"))
        chosen = date(year, month, 1)
        if not FIRST_MONTH <= chosen <= today.replace(day=1):
            raise ValueError
        return chosen
    except (TypeError, ValueError):
        messages.warning(request, _("“%(month)s” is not a month that can be shown; this month is shown.")
                         % {"month": text[:20]})  # fmt: skip
        return today.replace(day=1)


def complaint_statistics(request):
    if not can_read_statistics(request.user):
        raise PermissionDenied
    month = _month(request)
    report = month_report(request.user, month)
    if request.GET.get("format") == "xlsx":
        return _xlsx(request, report)
    filing = MonthlyStatistics.objects.filter(month=month).select_related("filed_by").first()
    context = {
        "report": report,
        "month_value": month.strftime("%Y-%m"),
        "chart": report.chart_data(),
        "sections": [
            (_("By category"), report.by_category, "by-category"),
            (_("By severity"), report.by_severity, "by-severity"),
            (_("By team"), report.by_team, "by-team"),
        ],
        "filing": filing,
        "file_form": FileStatisticsForm()
        if filing and not filing.filed_at and can_file_statistics(request.user)
        else None,
        "company_view": is_company_manager(request.user) or request.user.role == "customer_relations",
    }
    return render(request, "complaints/statistics.html", context)


def _xlsx(request, report):
    dataset = tablib.Dataset(
        headers=[_("Section"), _("Item"), _("Complaints"), _("On-time rate (%)")],
        title=_("Complaints %(month)s") % {"month": report.month.strftime("%Y-%m")},
    )
    for row in report.sheet_rows():
        dataset.append([safe_cell(cell) for cell in row])
    record_export(user=request.user, what="complaint statistics", fmt="xlsx", rows=len(dataset),
                  filters=request.GET.urlencode())  # fmt: skip
    response = HttpResponse(
        XLSX().export_data(dataset), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"complaints-{report.month:%Y-%m}-{export_stamp()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def statistics_file(request, pk):
    if not can_file_statistics(request.user):
        raise PermissionDenied
    filing = get_object_or_404(MonthlyStatistics, pk=pk)
    form = FileStatisticsForm(request.POST)
    done = apply_form(form, lambda data: services.statistics_file(report=filing, by=request.user, **data))
    if done is not None:
        messages.success(request, _("The month's complaint statistics are filed."))
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return redirect(filing)
