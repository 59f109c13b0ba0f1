"""A list page's download (CSV or XLSX), declared once per list, so every list exports by the same rules.

`ListExport` is the view. An app declares what differs: the export log's name (`what`), the list it sits on
(`list_url`), its columns (`Column`: key, header, value for a row and the user, sensitive or not), who may download
(`allowed`: others get a 403) and the list's own filterset (`filterset`: the page's scoped queryset and filters, so the
file holds the rows the page lists, no more). The rest is done here, alike for every list:
- a filter the page refuses sends the user back to the list, which says why (never more rows than were asked for);
- at most `row_limit` rows; `?format=csv` (the default) or `?format=xlsx`, any other format a message;
- every cell made safe to open (exports.safe_cell: a text starting with = + - @ is quoted), numbers stay numbers,
  dates are real date cells in XLSX and local "Y-m-d H:M" text in CSV;
- the sensitive columns only for those who may see them (`sees_sensitive`: the managers);
- every download written to the export log (record_export: who, what, format, rows, the filters), and `exported`
  for what an app records besides (the access log of the sensitive columns shown).

    class TicketExport(ListExport):
        what, filename, list_url, sheet_title = "repair tickets", "repairs", "aftersales:list", _("Repairs")
        columns = TICKET_COLUMNS  # (Column("number", _("Number"), lambda ticket, user: ticket.pk), ...)
        allowed, filterset = staticmethod(can_export_tickets), staticmethod(_ticket_filter)  # the list's filterset

    path("export/", tickets.TicketExport.as_view(), name="export"),  # the list's query string (+ format=xlsx)
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import tablib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views import View

from decocrm.accounts.selectors import is_manager

from .exports import XLSX, csv_response, export_stamp, record_export, safe_cell
from .filters import refused_filters
from .querystring import query_without

EXPORT_ROW_LIMIT = 50_000
FORMATS = ("csv", "xlsx")
FORMAT_PARAMETER = "format"


@dataclass(frozen=True)
class Column:
    """One column of a download: `value(row, user)` gives the cell (text, number, date or None)."""

    key: str
    label: object  # the header, lazy: in the reader's language
    value: Callable
    sensitive: bool = False  # only for those who may see sensitive data (ListExport.sees_sensitive)


def csv_text(value):
    """A cell as CSV shows it: local date and time, no "None"; numbers stay numbers (safe_cell leaves them)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Promise):
        return force_str(value)
    return value


def xlsx_response(rows, *, header, title, filename):
    dataset = tablib.Dataset(headers=[safe_cell(force_str(label)) for label in header], title=force_str(title))
    for row in rows:
        dataset.append([safe_cell(cell) for cell in row])
    file_format = XLSX()
    response = HttpResponse(file_format.export_data(dataset), content_type=file_format.get_content_type())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ListExport(View):
    """The download of a list page (see the module docstring); subclasses declare, this does."""

    http_method_names = ["get"]
    what = ""  # the export log's name of what was exported
    list_url = ""  # the list page's URL name: a refused filter or format goes back there
    filename = ""  # the file's name before the date stamp (default: `what`)
    sheet_title = ""  # the XLSX sheet's name (default: `what`)
    columns: tuple = ()
    row_limit = EXPORT_ROW_LIMIT

    def allowed(self, user) -> bool:
        raise NotImplementedError

    def filterset(self, request):
        """The list page's filterset over its scoped queryset, bound to the request's query string."""
        raise NotImplementedError

    def sees_sensitive(self, user) -> bool:
        return is_manager(user)

    def exported(self, request, *, columns, rows) -> None:
        """Called after each download with the keys of the columns given and the number of rows."""

    def shown_columns(self, user) -> list[Column]:
        sensitive = self.sees_sensitive(user)
        return [column for column in self.columns if sensitive or not column.sensitive]

    def back_to_list(self, request, message):
        messages.error(request, message)
        query = query_without(request, FORMAT_PARAMETER)
        return redirect(f"{reverse(self.list_url)}{'?' if query else ''}{query}")

    def get(self, request, *args, **kwargs):
        user = request.user
        if not self.allowed(user):
            raise PermissionDenied
        fmt = request.GET.get(FORMAT_PARAMETER) or "csv"
        if fmt not in FORMATS:
            return self.back_to_list(request, _("Downloads are CSV or XLSX files."))
        filterset = self.filterset(request)
        refused = refused_filters(filterset)
        if refused:  # exporting more than was asked for is worse than not exporting: the list says why
            return self.back_to_list(
                request, _("Fix the filters before exporting: %(fields)s.") % {"fields": ", ".join(refused)}
            )
        columns = self.shown_columns(user)
        header = [column.label for column in columns]
        rows = filterset.qs[: self.row_limit]
        filename = f"{self.filename or self.what}-{export_stamp()}.{fmt}"
        if fmt == "csv":  # streamed: a long list is not held in memory
            count = rows.count()
            cells = (
                [csv_text(column.value(row, user)) for column in columns] for row in rows.iterator(chunk_size=2000)
            )
            response = csv_response(cells, header=header, filename=filename)
        else:
            objects = list(rows)
            count = len(objects)
            cells = ([column.value(row, user) for column in columns] for row in objects)
            response = xlsx_response(cells, header=header, title=self.sheet_title or self.what, filename=filename)
        record_export(user=user, what=self.what, fmt=fmt, rows=count, filters=query_without(request, FORMAT_PARAMETER))
        self.exported(request, columns=[column.key for column in columns], rows=count)
        return response
