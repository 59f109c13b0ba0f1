"""What the company's data rules ask to keep (PRODUCT.md, "Archives and confidentiality"; seed 003): every export and
every view of a sensitive field, written by decocrm.audit.services and never changed afterwards."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportLog(models.Model):
    """One export: who, what, in which format, with which filters, how many rows, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    what = models.CharField(_("what"), max_length=200)
    fmt = models.CharField(_("format"), max_length=10)
    filters = models.TextField(_("filters"), blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="audit_export_at"),
            models.Index(fields=["user", "-at"], name="audit_export_user_at"),
        ]

    def __str__(self):
        return f"{self.what} ({self.rows})"


class AccessLog(models.Model):
    """One view of sensitive fields: a page or admin page showing one object's (object_id set), or an export showing
    many (object_id empty, the label says how many)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object ID"), null=True, blank=True)
    label = models.CharField(_("object"), max_length=200)
    fields = models.JSONField(_("fields shown"), default=list)
    door = models.CharField(_("where"), max_length=200, help_text=_("The page, admin page or export that showed them."))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="audit_access_at"),
            models.Index(fields=["user", "-at"], name="audit_access_user_at"),
            models.Index(fields=["content_type", "object_id"], name="audit_access_object"),
        ]

    def __str__(self):
        return f"{self.label} ({self.door})"
