"""The checklist in the admin: the document kinds the company asks for (a company-wide setting), and every file's
documents, where the clerk marks missing ones received and opens a scan."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from decocrm.core.admin import CompanyWideSettingsMixin
from decocrm.core.uploads import file_response

from ..models import ArchiveItem, DocumentKind
from ..services import item_receive
from ..uploads import SCAN_KINDS
from .common import ArchiveAdmin, refusals


@admin.register(DocumentKind)
class DocumentKindAdmin(CompanyWideSettingsMixin, admin.ModelAdmin):
    list_display = ["name", "stage", "holder", "customer_kind", "required", "order", "active", "system_document"]
    list_filter = ["stage", "holder", "customer_kind", "required", "active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False  # files refer to it: make it inactive instead


@admin.register(ArchiveItem)
class ArchiveItemAdmin(ArchiveAdmin):
    list_display = ["file", "document_kind", "stage", "required", "received", "received_at",
                    "customer_signature_ok", "internal_signature_ok"]  # fmt: skip
    list_filter = ["received", "stage", "required", "customer_signature_ok", "internal_signature_ok",
                   ("document_kind", admin.RelatedOnlyFieldListFilter)]  # fmt: skip
    search_fields = ["file__number", "file__customer__name", "document_kind__name"]
    list_select_related = ["file__customer", "document_kind"]
    date_hierarchy = "received_at"
    actions = ["mark_received"]
    readonly_fields = ["file", "document_kind", "stage", "required", "received", "received_at", "received_by",
                       "scan_name", "scan_generated", "customer_signature_ok", "internal_signature_ok", "note",
                       "added_at"]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # a file's checklist comes from its stages (services.checklist)

    def get_urls(self):
        view = self.admin_site.admin_view(self.scan_view)
        return [path("<int:pk>/scan/", view, name="archives_archiveitem_scan"), *super().get_urls()]

    def scan_view(self, request, pk):
        """A document's scan, for whoever sees its file (scoped; never a public media URL)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        item = get_object_or_404(self.get_queryset(request), pk=pk)
        return file_response(item.scan, SCAN_KINDS, original_name=item.scan_name)

    @admin.action(description=_("Mark the selected documents received"), permissions=["change"])
    def mark_received(self, request, queryset):
        items = list(queryset.select_related("file", "document_kind"))
        with refusals():
            for item in items:
                item_receive(item=item, by=request.user)
        count = len(items)
        self.message_user(
            request,
            ngettext("%(count)d document marked received.", "%(count)d documents marked received.", count)
            % {"count": count},
            messages.SUCCESS,
        )
