"""Spreadsheet imports (CSV, XLSX) through django-import-export, all or nothing.

- `import_run(resource=..., dataset=..., dry_run=...)`: the one way an import runs (the admin's preview and
  confirmation, the Celery task for large files, the benchmark): in one transaction, rolled back when any row is
  bad (`rollback_on_validation_errors`), so a file with one bad row imports nothing. Each row is saved by the
  resource through the app's services (the same rules as the pages).
- `import_errors(result)`: every bad row of a result as `RowError(line, column, reason)`, the line as the
  spreadsheet numbers it (the header is line 1), the column by its header in the reader's language.
- the admin's side is decocrm.core.import_admin.AtomicImportAdminMixin; files of more than IMPORT_ASYNC_ROWS rows
  are imported in the background (decocrm.core.import_jobs).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.encoding import force_str

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
