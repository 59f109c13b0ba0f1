"""The admin's side of imports (decocrm.core.imports): the preview and the confirmation all or nothing; a
confirmation that finds a bad row (the data changed since the preview) imports nothing and lists the rows instead
of "done"; a file of more than IMPORT_ASYNC_ROWS rows goes to the background (decocrm.core.import_jobs) and the
importer to its progress page, instead of a preview that would take minutes. A preview that shows sensitive columns
(`preview_sensitive_fields`) is written to the access log, like any other view of them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from decocrm.audit.services import door_of, record_sensitive_view

from .import_jobs import import_job_start, read_dataset
from .imports import async_threshold, import_errors


class AtomicImportAdminMixin:
    """For an ImportExportModelAdmin: every import, preview and confirmation, all or nothing (see import_run); a
    file of more than IMPORT_ASYNC_ROWS rows goes to the background (decocrm.core.import_jobs) and the importer to
    its progress page, instead of a preview that would take minutes."""

    import_error_display = ("message",)
    # The library's preview numbers a bad row from the first data row and names its column by its field; ours
    # lists every bad row as the file's line, the column's header in the reader's language and the reason.
    import_template_name = "admin/import_export/atomic_import.html"

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid():
                queued = self._queue_large_file(request, form)
                if queued is not None:
                    return queued
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        result = context.get("result")
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            resource = self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))
            response.context_data["bad_rows"] = import_errors(result, resource)
        if request.method == "POST" and result is not None and result.rows:
            self._record_preview(request, result)
        return response

    def preview_sensitive_fields(self, request) -> list[str]:
        """The sensitive fields the preview shows this user (its columns, for the rows of the file and the records
        they match): declared by the admin of a model that has some (customers.admin.CustomerAdmin)."""
        return []

    def _record_preview(self, request, result):
        """The preview shows the file's rows and, beside them, the stored records they match (the diff): a view of
        those records' sensitive columns, written to the access log (one row per preview; the confirmation shows
        no data, and what it changes is in each record's history)."""
        record_sensitive_view(
            user=request.user, model=self.model, fields=self.preview_sensitive_fields(request), door=door_of(request),
            label=f"{self.model._meta.label_lower} × {len(result.rows)} (import preview)",
        )  # fmt: skip

    def _queue_large_file(self, request, form):
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
