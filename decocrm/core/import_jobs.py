"""Large imports in the background: a file of more than IMPORT_ASYNC_ROWS rows (default 2,000) is stored (through
the uploads kit: checked to be the CSV or XLSX it says) and imported by a Celery task, all or nothing like every
import (decocrm.core.imports); its page (/imports/<pk>/) polls its progress and then shows how many rows were
imported, or every bad row and that nothing was.

- `import_job_start(resource_class=..., upload=..., file_format=..., by=...)`: the job, queued after commit;
- `import_job_run(job_id=...)`: what the task runs (safe to run again: a finished job is left as it is);
- `import_job_progress(job)`: rows done so far, kept in Redis (REDIS_URL), which the web process and the worker
  share (the import's own transaction hides its rows from every other connection until it ends, so progress
  cannot be read from the database); without Redis, in this process's cache (the page then shows the result only).
"""

import redis
from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from .errors import DomainError
from .imports import import_errors, import_run
from .models import ImportJob, ImportJobState
from .uploads import SPREADSHEET_RULE

FORMATS = {"csv": base_formats.CSV, "xlsx": base_formats.XLSX}
IMPORT_TASK = "decocrm.core.tasks.run_import_job"


def _progress_key(job_id):
    return f"decocrm:import-job:{job_id}:progress"


def _progress_get(key):
    if settings.REDIS_URL:
        return redis.Redis.from_url(settings.REDIS_URL).get(key)
    return cache.get(key)


def _progress_set(key, value):
    if settings.REDIS_URL:
        redis.Redis.from_url(settings.REDIS_URL).set(key, value, ex=24 * 3600)
    else:
        cache.set(key, value, timeout=24 * 3600)


def _progress_clear(key):
    if settings.REDIS_URL:
        redis.Redis.from_url(settings.REDIS_URL).delete(key)
    else:
        _progress_clear(key)


def visible_import_jobs(user):
    """A job is its importer's (a superuser sees every one): anyone else gets a 404."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    return ImportJob.objects.all() if user.is_superuser else ImportJob.objects.filter(created_by=user)


def import_job_progress(job) -> int:
    if job.finished:
        return job.total_rows
    return int(_progress_get(_progress_key(job.pk)) or 0)


def read_dataset(content: bytes, file_format: str):
    """The file's rows as the admin reads them (CSV as UTF-8 with or without BOM, else GB18030)."""
    if file_format == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("gb18030")
        return FORMATS["csv"]().create_dataset(text)
    return FORMATS[file_format]().create_dataset(content)


@transaction.atomic
def import_job_start(*, resource_class, upload, file_format: str, by, total_rows: int = 0) -> ImportJob:
    """Store the file and queue its import (after commit). `resource_class`: the resource (a class of the app's
    resources module) the rows go through; it is built for `by` when the task runs."""
    if not getattr(by, "is_authenticated", False):
        raise DomainError(_("Sign in to import."))
    if file_format not in FORMATS:
        raise DomainError(_("Import a CSV or XLSX file."))
    base = next(cls for cls in resource_class.__mro__ if "bound_user" not in cls.__dict__)  # for_user's subclass
    job = ImportJob(
        resource=f"{base.__module__}.{base.__qualname__}",
        file=SPREADSHEET_RULE.screen(upload),
        original_name=getattr(upload, "name", "")[:200],
        file_format=file_format,
        created_by=by,
        created_at=timezone.now(),
        total_rows=total_rows,
    )
    job.full_clean()
    job.save()
    # By its name (decocrm.core.tasks, which imports this module), queued once the job is committed.
    current_app.tasks[IMPORT_TASK].delay_on_commit(job.pk)
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Import the job's file through its resource, for the user who started it; record the result."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("created_by").get(pk=job_id)
        if job.state != ImportJobState.QUEUED:
            return job  # already run (a redelivered task): once is enough
        job.state = ImportJobState.RUNNING
        job.save(update_fields=["state"])
    resource = import_string(job.resource)(user=job.created_by)
    with job.file.open("rb") as stored:
        dataset = read_dataset(stored.read(), job.file_format)
    key = _progress_key(job.pk)

    def progress(done):
        _progress_set(key, done)

    resource.progress = progress
    result = import_run(resource=resource, dataset=dataset, dry_run=False)
    errors = import_errors(result, resource)
    job.total_rows = len(dataset)
    job.errors = [error.as_dict() for error in errors[:1000]]
    job.imported_rows = 0 if errors else result.totals.get("new", 0) + result.totals.get("update", 0)
    job.state = ImportJobState.FAILED if errors else ImportJobState.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["total_rows", "errors", "imported_rows", "state", "finished_at"])
    _progress_clear(key)
    return job
