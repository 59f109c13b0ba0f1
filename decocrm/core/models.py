"""What the core kit stores itself: the background imports (decocrm.core.import_jobs) and the last run of each
periodic task that monitoring watches (decocrm.core.runs)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .uploads import SPREADSHEET_RULE


def validate_spreadsheet(upload):
    SPREADSHEET_RULE.validate(upload)


class ImportJobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Nothing imported")


class ImportJob(models.Model):
    """A large file imported in the background (a Celery task), all or nothing, and what came of it: how many rows
    were imported, or every bad row (line, column, reason) and nothing imported."""

    resource = models.CharField(_("resource"), max_length=200)  # the resource class's dotted path
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", validators=[validate_spreadsheet])
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    state = models.CharField(_("state"), max_length=10, choices=ImportJobState.choices, default=ImportJobState.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_rows = models.PositiveIntegerField(_("imported rows"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{"line", "column", "reason"}]
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.original_name or f"#{self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in (ImportJobState.DONE, ImportJobState.FAILED)


class PeriodicRun(models.Model):
    """The last run of a periodic task (the SLA sweep, beat's heartbeat): one row per task, overwritten by each run,
    read by the health check, the metrics and the dashboards' "late" banner (decocrm.core.runs)."""

    name = models.CharField(_("task"), max_length=100, unique=True)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    duration = models.FloatField(_("duration (s)"))

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")

    def __str__(self):
        return f"{self.name} {self.finished_at:%Y-%m-%d %H:%M:%S}"
