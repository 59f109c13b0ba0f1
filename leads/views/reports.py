"""The managers' lead reports page (kept apart from views.py, which the lead pages fill)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.accounts.selectors import is_company_manager, is_manager
from decocrm.core.dates import FILTER_DATE, WindowedDateField

from ..reports import default_range, lead_report

MAX_RANGE_DAYS = 3 * 366  # a wider range is a mistake more often than a question


# ISO, whatever the language: <input type="date"> shows only YYYY-MM-DD (zh-hans would render 2026/09/04).
ISO_DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class ReportRangeForm(forms.Form):
    date_from = WindowedDateField(label=gettext_lazy("Entered from"), window=FILTER_DATE, widget=ISO_DATE)
    date_to = WindowedDateField(label=gettext_lazy("Entered to"), window=FILTER_DATE, widget=ISO_DATE)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", _("The end date must not be before the start date."))
            elif (end - start).days > MAX_RANGE_DAYS:
                self.add_error("date_from", _("Choose a range of at most three years."))
        return cleaned


def lead_reports(request):
    """Conversion funnel and channel effectiveness: a team manager sees their team, a company manager all."""
    if not is_manager(request.user):
        raise PermissionDenied
    date_from, date_to = default_range()
    form = ReportRangeForm(request.GET or None, initial={"date_from": date_from, "date_to": date_to})
    if form.is_bound and form.is_valid():
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    report = lead_report(request.user, date_from, date_to)
    context = {
        "form": form,
        "report": report,
        "chart": report.chart_data(),
        "company_view": is_company_manager(request.user),
    }
    return render(request, "leads/reports.html", context)
