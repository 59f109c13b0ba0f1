"""The checklist: which documents a file must hold (DocumentKind, edited in the admin by the company), and each
document of one file, received or missing (ArchiveItem)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.choices import CustomerKind

from ..choices import DocumentHolder, DocumentStage
from ..uploads import scan_upload_to, validate_scan
from .file import ArchiveFile


class DocumentKind(models.Model):
    name = models.CharField(_("document"), max_length=100, unique=True)
    holder = models.CharField(_("asked of"), max_length=20, choices=DocumentHolder.choices, default=DocumentHolder.ANY)
    customer_kind = models.CharField(
        _("customer kind"),
        max_length=20,
        choices=CustomerKind.choices,
        blank=True,
        help_text=_("Empty: customers of every kind."),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=DocumentStage.choices)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive: no longer asked of new files."))

    class Meta:
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def applies_to(self, customer) -> bool:
        if self.customer_kind and self.customer_kind != customer.kind:
            return False
        if self.holder == DocumentHolder.PERSON:
            return not customer.is_organisation
        if self.holder == DocumentHolder.ORGANISATION:
            return customer.is_organisation
        return True


class ArchiveItem(models.Model):
    file = models.ForeignKey(ArchiveFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="items")
    document_kind = models.ForeignKey(
        DocumentKind, verbose_name=_("document"), on_delete=models.PROTECT, related_name="items"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=DocumentStage.choices)
    required = models.BooleanField(_("required"), default=True)
    received = models.BooleanField(_("received"), default=False)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scan = models.FileField(_("scan"), upload_to=scan_upload_to, validators=[validate_scan], blank=True)
    scan_name = models.CharField(_("scan's file name"), max_length=200, blank=True)
    customer_signature_ok = models.BooleanField(_("customer's signature checked"), default=False)
    internal_signature_ok = models.BooleanField(_("internal signature checked"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("asked since"))

    class Meta:
        verbose_name = _("file document")
        verbose_name_plural = _("file documents")
        ordering = ["file", "document_kind__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["file", "document_kind"], name="archives_item_once_per_file"),
            models.CheckConstraint(
                condition=models.Q(received=False) | models.Q(received_at__isnull=False),
                name="archives_item_received_when",
            ),
        ]
        indexes = [models.Index(fields=["file", "stage", "received"], name="archives_item_file_stage")]

    def __str__(self):
        return str(self.document_kind)
