"""The household's file: one per customer, paper and electronic; its number comes from a yearly counter."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..choices import FileState


class ArchiveFile(models.Model):
    customer = models.OneToOneField(
        "customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="archive_file"
    )
    number = models.CharField(_("file number"), max_length=30, unique=True)
    paper_location = models.CharField(_("paper file location"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=FileState.choices, default=FileState.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    retain_until = models.DateField(_("kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("archive file")
        verbose_name_plural = _("archive files")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return f"{self.number} {self.customer}"

    def get_absolute_url(self):
        return reverse("admin:archives_archivefile_change", args=[self.pk])

    @property
    def is_destroyed(self) -> bool:
        return self.state == FileState.DESTROYED


class ArchiveNumber(models.Model):
    """The last file number given in a year: locked while a file is opened, so numbers are never shared and an
    undone opening leaves no gap (like contracts' ContractNumber)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("file number counter")
        verbose_name_plural = _("file number counters")

    def __str__(self):
        return f"{self.year}: {self.last}"
