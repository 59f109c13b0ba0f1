"""The file (一户一档) in the admin: its checklist (received, scanned, signatures checked), its handovers and
defects inline, its customer's credit status and transaction history (hooks), and the link to record a handover."""

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from customers.phones import search_digits
from decocrm.core.uploads import UploadField

from ..choices import Completeness
from ..hooks import archive_credit, archive_history
from ..models import ArchiveFile, ArchiveItem, FileDefect, Handover
from ..selectors import with_completeness
from ..services import archive_checklist_refresh, archive_file_open, archive_file_update, item_check
from ..uploads import SCAN
from .common import ArchiveAdmin, ReadOnlyInline, refusals


def _day(when) -> str:
    """A history entry's day in the company's time zone (entries give dates or moments)."""
    if isinstance(when, datetime):
        when = timezone.localtime(when).date()
    return when.isoformat() if when else ""


class CompletenessFilter(admin.SimpleListFilter):
    title = _("completeness")
    parameter_name = "completeness"

    def lookups(self, request, model_admin):
        return Completeness.choices

    def queryset(self, request, queryset):
        if self.value() == Completeness.COMPLETE:
            return queryset.filter(received_count=F("required_count"))
        if self.value() == Completeness.INCOMPLETE:
            return queryset.filter(received_count__lt=F("required_count"))
        return queryset


class ItemForm(forms.ModelForm):
    """What the clerk checks on a received document; its scan screened like every upload (types, size)."""

    scan_upload = UploadField(rule=SCAN, required=False, label=_("scan"), widget=forms.FileInput)

    class Meta:
        model = ArchiveItem
        fields = ["customer_signature_ok", "internal_signature_ok", "note"]


class ItemInline(admin.TabularInline):
    model = ArchiveItem
    form = ItemForm
    extra = 0
    can_delete = False
    fields = ["document_kind", "stage", "required", "received", "received_at", "scan_link", "scan_upload",
              "customer_signature_ok", "internal_signature_ok", "note"]  # fmt: skip
    readonly_fields = ["document_kind", "stage", "required", "received", "received_at", "scan_link"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document_kind")

    @admin.display(description=_("scan on file"))
    def scan_link(self, item):
        if not item.scan:
            return "—"
        url = reverse("admin:archives_archiveitem_scan", args=[item.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, item.scan_name or _("scan"))


class HandoverInline(ReadOnlyInline):
    model = Handover
    fields = ["at", "kind", "handed_by_name", "received_by_name", "missing_note"]
    readonly_fields = fields


class DefectInline(ReadOnlyInline):
    model = FileDefect
    fields = ["found_at", "what", "responsible", "corrected_at", "correction"]
    readonly_fields = fields


class FileForm(forms.ModelForm):
    class Meta:
        model = ArchiveFile
        fields = ["customer", "paper_location"]


@admin.register(ArchiveFile)
class ArchiveFileAdmin(ArchiveAdmin):
    form = FileForm
    scope_path = ""
    list_display = ["number", "customer_name", "customer_kind", "completeness_shown", "state", "opened_at",
                    "paper_location"]  # fmt: skip
    list_filter = ["state", CompletenessFilter, "customer__kind", "customer__is_organisation"]
    search_fields = ["number", "customer__name"]
    search_help_text = _("File number, customer name, or the customer's whole phone number.")
    date_hierarchy = "opened_at"
    list_select_related = ["customer"]
    autocomplete_fields = ["customer"]
    actions = ["refresh_checklist"]
    inlines = [ItemInline, HandoverInline, DefectInline]

    def get_queryset(self, request):
        return with_completeness(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        """A number typed whole finds its customer's file (normalised: "138 0013 8000", "+86 13800138000")."""
        digits = search_digits(search_term)
        if len(digits) >= 7 and not any(ch.isalpha() for ch in search_term):
            return queryset.filter(Q(customer__phone_digits=digits) | Q(number__icontains=search_term.strip())), False
        return super().get_search_results(request, queryset, search_term)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["customer", "paper_location"]
        return ["number", "customer", "state", "opened_at", "retain_until", "paper_location", "completeness_shown",
                "credit_status", "record_handover", "history"]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["number", "customer", "state", "opened_at", "retain_until", "completeness_shown", "credit_status",
                "record_handover", "history"]  # fmt: skip

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=_("customer"), ordering="customer__name")
    def customer_name(self, file):
        return file.customer.name

    @admin.display(description=_("customer kind"), ordering="customer__kind")
    def customer_kind(self, file):
        kind = file.customer.get_kind_display()
        return f"{kind} · {_('organisation')}" if file.customer.is_organisation else kind

    @admin.display(description=_("completeness"), ordering="completeness")
    def completeness_shown(self, file):
        return f"{file.completeness}% ({file.received_count}/{file.required_count})"

    @admin.display(description=_("credit status"))
    def credit_status(self, file):
        return " ".join(archive_credit(file.customer)) or "—"

    @admin.display(description=_("handover"))
    def record_handover(self, file):
        url = reverse("admin:archives_handover_add") + f"?file={file.pk}"
        return format_html('<a class="button" id="record-handover" href="{}">{}</a>', url, _("Record a handover"))

    @admin.display(description=_("transaction history"))
    def history(self, file):
        rows = archive_history(file.customer)
        if not rows:
            return "—"
        entries = ((_day(when), url, label) for when, label, url in rows)
        return format_html(
            '<ul id="file-history">{}</ul>', format_html_join("", '<li>{} · <a href="{}">{}</a></li>', entries)
        )

    def save_model(self, request, obj, form, change):
        with refusals():
            saved = self._save(request, obj, form, change)
        obj.pk = saved.pk

    def _save(self, request, obj, form, change):
        if change:
            return archive_file_update(file=obj, by=request.user, paper_location=form.cleaned_data["paper_location"])
        return archive_file_open(
            customer=form.cleaned_data["customer"], by=request.user, paper_location=form.cleaned_data["paper_location"]
        )

    def save_formset(self, request, form, formset, change):
        """The checklist's checks through the service, one changed document at a time (the read-only inlines save
        nothing). What changed is told to the admin's change message as a formset save would."""
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is not ArchiveItem:
            return
        for item_form in formset.forms:
            if item_form.instance.pk and item_form.has_changed():
                data = item_form.cleaned_data
                with refusals():
                    item_check(item=item_form.instance, by=request.user, scan=data.get("scan_upload"),
                               customer_signature_ok=data["customer_signature_ok"],
                               internal_signature_ok=data["internal_signature_ok"], note=data["note"])  # fmt: skip
                formset.changed_objects.append((item_form.instance, item_form.changed_data))

    @admin.action(description=_("Bring the checklist up to the stages reached"), permissions=["change"])
    def refresh_checklist(self, request, queryset):
        with refusals():
            added = sum(len(archive_checklist_refresh(file=file, by=request.user)) for file in queryset)
        self.message_user(
            request,
            ngettext("%(count)d document added.", "%(count)d documents added.", added) % {"count": added},
            messages.SUCCESS,
        )
