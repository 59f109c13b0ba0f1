"""The handover ledger (签收簿) and the defects found in files [seed 002 档案管理]: who handed which documents over,
when, who received them, what was missing, signed by both; a defect is corrected within a working day."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import HandoverKind
from .checklist import ArchiveItem
from .file import ArchiveFile


class Handover(models.Model):
    file = models.ForeignKey(ArchiveFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="handovers")
    kind = models.CharField(_("kind"), max_length=20, choices=HandoverKind.choices)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handed over by"), on_delete=models.PROTECT, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("handed over at"))
    received_items = models.ManyToManyField(
        ArchiveItem, verbose_name=_("documents received"), blank=True, related_name="received_in"
    )
    missing_items = models.ManyToManyField(
        ArchiveItem, verbose_name=_("documents missing"), blank=True, related_name="missing_in"
    )
    missing_note = models.TextField(_("what was missing"), blank=True)
    handed_by_signed = models.BooleanField(_("signed by who handed over"), default=False)
    handed_by_name = models.CharField(_("signature of who handed over"), max_length=100)
    received_by_signed = models.BooleanField(_("signed by the clerk"), default=False)
    received_by_name = models.CharField(_("signature of the clerk"), max_length=100)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handover ledger")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["file", "at"], name="archives_handover_file_at")]

    def __str__(self):
        return f"{self.file.number} · {self.get_kind_display()}"


class FileDefect(models.Model):
    file = models.ForeignKey(ArchiveFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="defects")
    item = models.ForeignKey(
        ArchiveItem,
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defects",
    )
    what = models.CharField(_("what is wrong"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to be corrected by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("found by"), on_delete=models.PROTECT, related_name="+"
    )
    found_at = models.DateTimeField(_("found at"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    correction = models.CharField(_("correction"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("file defect")
        verbose_name_plural = _("file defects")
        ordering = ["-found_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(corrected_at__isnull=True) | models.Q(corrected_by__isnull=False),
                name="archives_defect_corrected_by_whom",
            )
        ]

    def __str__(self):
        return f"{self.file.number} · {self.what}"

    def get_absolute_url(self):
        return reverse("admin:archives_filedefect_change", args=[self.pk])

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None
