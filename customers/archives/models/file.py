"""The household's file: one per customer, paper and electronic."""

from django.db import models
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
