"""Spreadsheet exports (CSV, XLSX): the shared pieces every app's export uses, so none can forget a rule.

- `safe_cell(value)`: a text cell that starts with = + - @, tab or carriage return is prefixed with a single quote
  (OWASP "CSV injection"), so Excel / WPS / LibreOffice show it as text instead of running it as a formula
  (=HYPERLINK(...) that leaks the row, DDE). Only text is touched: an int / float / Decimal cannot carry a formula,
  and keeping it a number keeps sums working in the spreadsheet (a CSV "-5" opens as the number -5, not a formula).
- `csv_response(...)`: a streaming CSV download for our own list exports, every cell through safe_cell.
- `ExportResource`: the django-import-export base resource: every exported cell through safe_cell (so XLSX text is
  written as text, data type "s", never a formula) and built for a user, also where the library builds a resource
  without arguments (its admin export form); `UserResourceAdminMixin` does the admin side of that.
- `record_export(...)`: every export of customer data is recorded (PRODUCT.md, confidentiality), the same way.

The library's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT (4.4.3) is not used: it only strips one leading "=" (so
"==1+1" stays a formula and + - @ pass), and it turns every cell into a string ("None", numbers as text).
"""

import csv
import logging

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from import_export import resources, widgets

logger = logging.getLogger("decocrm.exports")

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value):
    """The value as a spreadsheet may open it without running anything: text starting with a formula trigger gets a
    leading single quote; numbers, dates, booleans and None are returned unchanged."""
    if isinstance(value, Promise):
        value = force_str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return QUOTE + value
    return value


def unquote_cell(value):
    """The inverse on import: a cell we exported as "'=..." comes back as "=...", so an export edited and imported
    again does not grow a quote each round trip."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class _Echo:
    """csv.writer wants a file; this one hands each written row back so it can be streamed."""

    def write(self, value):
        return value


def csv_response(rows, *, header, filename):
    """A streaming CSV download (UTF-8 with a BOM, which Excel needs to read Chinese) of `rows`, an iterable of
    sequences; every cell, the header included, goes through safe_cell."""
    writer = csv.writer(_Echo())

    def generate():
        yield "\ufeff"
        yield writer.writerow([safe_cell(cell) for cell in header])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_stamp():
    """Local date and time for export file names, e.g. 20250314-0930."""
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def record_export(*, user, what, fmt, rows, filters=""):
    """The one record every export writes: who exported what, in which format, how many rows, with which filters."""
    logger.info(
        "export %s format=%s rows=%s by=%s (%s) filters=%s",
        what,
        fmt,
        rows,
        getattr(user, "pk", None),
        getattr(user, "username", ""),
        filters or "-",
    )


class ExportResource(resources.ModelResource):
    """Base of every import/export resource.

    Exported cells go through safe_cell, except those a numeric widget rendered from a number (they are numbers,
    and stay numbers in XLSX). The resource knows the user it works for: `Resource(user=...)`, or a class made by
    `for_user(user)`, which the admin hands to the library so the resources it builds without arguments (the export
    form lists the columns with `resource()`) still know the user."""

    bound_user = None

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user if user is not None else self.bound_user

    @classmethod
    def for_user(cls, user):
        # Same name: the export form names its checkboxes after the class.
        attrs = {"bound_user": user, "__module__": cls.__module__, "__qualname__": cls.__qualname__}
        return type(cls.__name__, (cls,), attrs)

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.headers = [safe_cell(header) for header in dataset.headers or []]
        return dataset

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if self._renders_a_number(field):
            return value
        return safe_cell(value)

    def _renders_a_number(self, field):
        if not isinstance(field.widget, widgets.NumberWidget):
            return False
        method = field.get_dehydrate_method(self.get_field_name(field))
        return not callable(method) and not hasattr(self, method)  # a dehydrate method may return any text

    def before_import_row(self, row, **kwargs):
        for key, value in row.items():
            row[key] = unquote_cell(value)


class UserResourceAdminMixin:
    """For an ImportExportModelAdmin whose resources are ExportResources.

    django-import-export builds resources in several places (the export and import forms with `resource()`, the
    export, the import and its confirmation with kwargs): every class it gets is bound to the request's user and
    every kwargs carry it, so scope and hidden columns follow the user on every path. Each export is recorded."""

    def get_resource_classes(self, request):
        return [cls.for_user(request.user) for cls in super().get_resource_classes(request)]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        form = kwargs.get("export_form")
        formats = self.get_export_formats()
        file_format = formats[int(form.cleaned_data["format"])] if form is not None else formats[0]
        record_export(
            user=request.user,
            what=f"admin {self.model._meta.label_lower}",
            fmt=file_format().get_extension(),
            rows=len(dataset),
            filters=request.GET.urlencode(),
        )
        return dataset
