from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..uploads import evidence_upload_to, validate_evidence
from .complaint import Complaint


class ComplaintEvidence(models.Model):
    """A file the complainant handed in (photos, letters, scans), served only through the complaint's page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, validators=[validate_evidence])
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("complaint evidence")
        verbose_name_plural = _("complaint evidence")
        ordering = ["complaint", "pk"]

    def __str__(self):
        return self.original_name or self.file.name


class MonthlyStatistics(models.Model):
    """The month's complaint statistics, due by the 10th of the next month [seed 002 第二十七条: 每月初10日内填报投诉
    统计表]. Created by a beat task on the 1st (its clock counts from the 1st), filed by customer relations."""

    month = models.DateField(_("month"), unique=True)  # its first day
    created_at = models.DateTimeField(_("created at"))
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    summary = models.TextField(_("summary for the general manager"), blank=True)

    class Meta:
        verbose_name = _("monthly complaint statistics")
        verbose_name_plural = _("monthly complaint statistics")
        ordering = ["-month"]

    def __str__(self):
        return _("Complaint statistics %(month)s") % {"month": self.month.strftime("%Y-%m")}

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("complaints:statistics") + f"?month={self.month:%Y-%m}"
