"""Spreadsheet imports (CSV, XLSX) through django-import-export, all or nothing.

- `import_run(resource=..., dataset=..., dry_run=...)`: the one way an import runs (the admin's preview and
  confirmation, the Celery task for large files, the benchmark): in one transaction, rolled back when any row is
  bad (`rollback_on_validation_errors`), so a file with one bad row imports nothing. Each row is saved by the
  resource through the app's services (the same rules as the pages).
- `import_errors(result)`: every bad row of a result as `RowError(line, column, reason)`, the line as the
  spreadsheet numbers it (the header is line 1), the column by its header in the reader's language.
- `AtomicImportAdminMixin`: the admin import (preview, then confirm) runs the same way; a confirmation that finds
  a bad row (the data changed since the preview) imports nothing and shows the rows instead of "done". Files of
  more than IMPORT_ASYNC_ROWS rows are handed to the background task (decocrm.core.import_jobs).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

HEADER_LINES = 1


@dataclass(frozen=True)
class RowError:
    line: int  # as the spreadsheet numbers it: the first data row is line 2
    column: str  # the column's header, or "" when the error is the row's as a whole
    reason: str

    def as_dict(self):
        return {"line": self.line, "column": self.column, "reason": self.reason}


def import_run(*, resource, dataset, dry_run: bool, **kwargs):
    """Import `dataset` with `resource` (built for the importing user), all or nothing. Returns the library's
    Result; nothing is kept when it has errors (or when `dry_run`)."""
    return resource.import_data(dataset, dry_run=dry_run, raise_errors=False, **kwargs)


class AtomicImportMixin:
    """For a resource whose rows are saved by a service: the whole import is one transaction, rolled back when it
    is a dry run (the preview) or when any row is bad, whatever the caller asked (the admin's confirmation, a
    task). The library's own savepoint around every row is not used: each row's service is `@transaction.atomic`
    (a savepoint of its own, so a row's database error is that row's, and the next rows are still checked), and
    two more statements per row were a third of a 10,000-row import (bench/imports.py)."""

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs):  # fmt: skip
        self.dry_run = dry_run  # a preview: a resource that writes in bulk at the end (after_import) may skip it
        with transaction.atomic():
            result = super().import_data(
                dataset,
                dry_run=False,  # saved for real, inside this transaction, and rolled back below
                raise_errors=raise_errors,
                use_transactions=False,
                collect_failed_rows=collect_failed_rows,
                **kwargs,
            )
            if dry_run or result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        return result

    progress = None  # a background import's callback(rows done) (decocrm.core.import_jobs)

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        number = kwargs.get("row_number") or 0
        if self.progress is not None and number % 200 == 0:
            self.progress(number)
        return row_result


def _column_label(resource, name):
    if resource is None or name == NON_FIELD_ERRORS:
        return "" if name == NON_FIELD_ERRORS else name
    field = resource.fields.get(name)
    if field is None:  # a model field's name that is not a column
        return force_str(name)
    return resource.column_label(field) if hasattr(resource, "column_label") else field.column_name


def import_errors(result, resource=None) -> list[RowError]:
    """Every bad row of `result`, in file order: a validation error per column, or the error of the whole row."""
    errors = []
    for invalid in result.invalid_rows:
        for name, texts in invalid.error_dict.items():
            for message in texts:
                errors.append(RowError(invalid.number + HEADER_LINES, _column_label(resource, name), message))
    for number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append(RowError(number + HEADER_LINES, "", force_str(error.error)))
    for error in result.base_errors:  # the file as a whole (a missing column...)
        errors.append(RowError(0, "", force_str(error.error)))
    return sorted(errors, key=lambda e: (e.line, e.column))


def async_threshold() -> int:
    return getattr(settings, "IMPORT_ASYNC_ROWS", 2000)


class AtomicImportAdminMixin:
    """For an ImportExportModelAdmin: every import, preview and confirmation, all or nothing (see import_run); a
    file of more than IMPORT_ASYNC_ROWS rows goes to the background (decocrm.core.import_jobs) and the importer to
    its progress page, instead of a preview that would take minutes."""

    import_error_display = ("message",)

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid():
                queued = self._queue_large_file(request, form)
                if queued is not None:
                    return queued
        return super().import_action(request, **kwargs)

    def _queue_large_file(self, request, form):
        from .import_jobs import import_job_start, read_dataset

        upload = form.cleaned_data["import_file"]
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]().get_extension()
        try:
            rows = len(read_dataset(upload.read(), file_format))
        except Exception:  # an unreadable file: the library's own form says so
            return None
        finally:
            upload.seek(0)
        if rows <= async_threshold():
            return None
        resource_class = self.choose_import_resource_class(form, request)
        try:
            job = import_job_start(
                resource_class=resource_class, upload=upload, file_format=file_format, by=request.user, total_rows=rows
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return None
        return HttpResponseRedirect(reverse("import_job", args=[job.pk]))

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            for error in import_errors(result)[:50]:
                messages.error(
                    request,
                    _("Line %(line)s, %(column)s: %(reason)s")
                    % {"line": error.line, "column": error.column or "-", "reason": error.reason},
                )
            messages.error(request, _("Nothing was imported: correct these rows and import the file again."))
            meta = self.model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_import", current_app=self.admin_site.name)
            return HttpResponseRedirect(url)
        return super().process_result(result, request)
