"""Spreadsheet exports (CSV, XLSX): the shared pieces every app's export uses, so none can forget a rule.

- `safe_cell(value)`: a text cell that starts with = + - @, tab or carriage return is prefixed with a single quote
  (OWASP "CSV injection"), so Excel / WPS / LibreOffice show it as text instead of running it as a formula
  (=HYPERLINK(...) that leaks the row, DDE). Only text is touched: an int / float / Decimal cannot carry a formula,
  and keeping it a number keeps sums working in the spreadsheet (a CSV "-5" opens as the number -5, not a formula).
- `csv_response(...)`: a streaming CSV download for our own list exports, every cell through safe_cell.
- `ExportResource`: the django-import-export base resource: every exported cell through safe_cell (so XLSX text is
  written as text, data type "s", never a formula) and built for a user, also where the library builds a resource
  without arguments (its admin export form); `UserResourceAdminMixin` does the admin side of that.
- `record_export(...)`: every export of customer data is recorded (PRODUCT.md, confidentiality), the same way: a row
  of the export log (decocrm.audit.ExportLog).
- Spreadsheets read as the company reads them: columns headed by the fields' verbose names, choice columns as their
  labels (imported from the label or the code, in any of the site's languages), and the `XLSX` format below writes a
  named sheet, columns wide enough for Chinese text and real date cells. Imports accept the same headers back.

The library's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT (4.4.3) is not used: it only strips one leading "=" (so
"==1+1" stays a formula and + - @ pass), and it turns every cell into a string ("None", numbers as text).
"""

import copy
import csv
import datetime
import io
import logging
import unicodedata

from django.conf import settings
from django.db.models import ForeignKey
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.functional import Promise
from import_export import resources, widgets
from import_export.formats import base_formats

from decocrm.audit.services import export_log_record

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
    """The one record every export writes: who exported what, in which format, how many rows, with which filters;
    stored in the export log (decocrm.audit) that managers read in the admin, and logged."""
    export_log_record(user=user, what=what, fmt=fmt, rows=rows, filters=filters)
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

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        if django_field.choices is not None and not isinstance(django_field, ForeignKey):
            field.widget = ChoiceLabelWidget(django_field)
        return field

    def column_label(self, field):
        """A column's header as users read it: the model field's verbose name where the column is one."""
        try:
            return force_str(self._meta.model._meta.get_field(field.column_name).verbose_name)
        except Exception:  # a declared column (its column_name is already a label) or a relation path
            return force_str(field.column_name)

    def sheet_title(self):
        return force_str(self._meta.model._meta.verbose_name_plural)

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset, **kwargs)
        dataset.headers = [safe_cell(header) for header in dataset.headers or []]
        dataset.title = self.sheet_title()
        return dataset

    def get_export_headers(self, selected_fields=None):
        return [self.column_label(field) for field in self.get_export_fields(selected_fields) if field]

    def get_diff_headers(self):
        # The import preview's columns, in the reader's language.
        return [self.column_label(field) for field in self.get_import_fields()]

    def get_user_visible_fields(self):
        # The import form lists the columns it accepts by their labels (the field names are accepted too).
        shown = []
        for field in super().get_user_visible_fields():
            field = copy.copy(field)
            field.column_name = self.column_label(field)
            shown.append(field)
        return shown

    def before_import(self, dataset, **kwargs):
        """A file headed as we export it (labels, in any of the site's languages) imports like one headed by the
        field names."""
        super().before_import(dataset, **kwargs)
        by_label = {}
        for field in self.get_import_fields():
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    by_label.setdefault(self.column_label(field), field.column_name)
        if dataset.headers:
            dataset.headers = [by_label.get(str(header).strip(), header) if header else header
                               for header in dataset.headers]  # fmt: skip

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


class ChoiceLabelWidget(widgets.CharWidget):
    """A choice column in the reader's words: exported as the label, imported from the label (in any of the site's
    languages) or the code. An unknown value is passed on as typed, so the model's validation names it."""

    def __init__(self, model_field, **kwargs):
        super().__init__(**kwargs)
        self.model_field = model_field  # choices may come from a registry filled later: read them when used

    def _choices(self):
        return [(code, label) for code, label in self.model_field.flatchoices if code not in (None, "")]

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return self.model_field.get_default()
        text = str(value).strip()
        return self._codes_by_text().get(text, text)

    def _codes_by_text(self):
        """{code or label in any of the site's languages: code}, built again only when the choices change: a
        10,000-row file asked the translation machinery 40,000 times (bench/imports.py)."""
        choices = tuple(self._choices())
        if getattr(self, "_codes_for", None) != choices:
            codes = {}
            for language in (translation.get_language(), *(code for code, _name in settings.LANGUAGES)):
                with translation.override(language):
                    for code, label in choices:
                        codes.setdefault(str(code), code)
                        codes.setdefault(force_str(label), code)
            self._codes, self._codes_for = codes, choices
        return self._codes

    def render(self, value, obj=None, **kwargs):
        for code, label in self._choices():
            if code == value:
                return force_str(label)
        return "" if value is None else force_str(value)


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: a Chinese character is two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class XLSX(base_formats.XLSX):
    """XLSX as the company opens it: the sheet named after what it holds, the header row bold and frozen, each column
    as wide as its widest cell (Chinese counted double, capped), dates and times as real date cells, characters a
    workbook cannot hold replaced by U+FFFD."""

    MAX_WIDTH = 60

    def export_data(self, dataset, **kwargs):
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
        from tablib.formats._xlsx import safe_xlsx_sheet_title

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = safe_xlsx_sheet_title(dataset.title or "Sheet1", "-")[:31]
        headers = [force_str(header) for header in dataset.headers or []]
        widths = [display_width(header) for header in headers]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in dataset:
            cells = []
            for index, value in enumerate(row):
                if isinstance(value, datetime.datetime) and timezone.is_aware(value):
                    value = timezone.localtime(value).replace(tzinfo=None)
                elif isinstance(value, Promise):
                    value = force_str(value)
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
                cells.append(value)
                shown = _shown_text(value)
                if index < len(widths):
                    widths[index] = max(widths[index], display_width(shown))
                else:
                    widths.append(display_width(shown))
            sheet.append(cells)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), self.MAX_WIDTH)
        stream = io.BytesIO()
        workbook.save(stream)
        return stream.getvalue()


def _shown_text(value) -> str:
    if isinstance(value, datetime.datetime):
        return "2026-01-01 00:00"
    if isinstance(value, datetime.date):
        return "2026-01-01"
    return "" if value is None else str(value)


# The formats the admin offers: CSV and our XLSX (no HTML, YAML, JSON…: a clerk needs what a spreadsheet opens).
EXPORT_FORMATS = [base_formats.CSV, XLSX]
IMPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]


class UserResourceAdminMixin:
    """For an ImportExportModelAdmin whose resources are ExportResources.

    django-import-export builds resources in several places (the export and import forms with `resource()`, the
    export, the import and its confirmation with kwargs): every class it gets is bound to the request's user and
    every kwargs carry it, so scope and hidden columns follow the user on every path. Each export is recorded."""

    def get_resource_classes(self, request):
        return [cls.for_user(request.user) for cls in super().get_resource_classes(request)]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    def get_export_formats(self):
        return EXPORT_FORMATS

    def get_import_formats(self):
        return IMPORT_FORMATS

    def get_data_for_export(self, request, queryset, **kwargs):
        form = kwargs.get("export_form")
        formats = self.get_export_formats()
        file_format = formats[int(form.cleaned_data["format"])] if form is not None else formats[0]
        # The library gives native dates only to the formats it lists by exact type; ours is a subclass.
        kwargs["force_native_type"] = file_format().is_binary()
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        record_export(
            user=request.user,
            what=f"admin {self.model._meta.label_lower}",
            fmt=file_format().get_extension(),
            rows=len(dataset),
            filters=request.GET.urlencode(),
        )
        return dataset
