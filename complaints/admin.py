"""The complaints in the admin site: read-only (every write is a service the pages call), searchable, filtered, and
scoped like the pages (decocrm.core.admin.ScopedAdminMixin over complaints.selectors.visible_complaints: a team
manager's lists show their team's complaints)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from decocrm.core.admin import CompanyWideSettingsMixin, ScopedAdminMixin
from decocrm.core.history import ScopedHistoryAdminMixin

from .models import Complaint, ComplaintEvidence, ComplaintTransition, MonthlyStatistics
from .selectors import visible_complaints


class ReadOnlyMixin:
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_selector = visible_complaints
    scope_path = "complaint"


class TransitionInline(ReadOnlyMixin, admin.TabularInline):
    model = ComplaintTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "by", "event_text", "note"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("event"))
    def event_text(self, obj):
        return obj.event_text


class EvidenceInline(ReadOnlyMixin, admin.TabularInline):
    model = ComplaintEvidence
    extra = 0
    can_delete = False
    fields = ["original_name", "uploaded_by", "uploaded_at"]


@admin.register(Complaint)
class ComplaintAdmin(ScopedHistoryAdminMixin, ReadOnlyAdmin):
    scope_path = ""
    list_display = ["number", "complainant", "channel", "severity", "state", "handler", "team", "received_at"]
    list_filter = ["state", "severity", "category", "channel", ("team", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["complainant_name", "complainant_phone", "customer__name", "content"]
    list_select_related = ["customer", "handler", "team"]
    date_hierarchy = "received_at"
    inlines = [EvidenceInline, TransitionInline]


@admin.register(ComplaintTransition)
class ComplaintTransitionAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "at", "from_state", "to_state", "by"]
    list_filter = ["to_state"]
    list_select_related = ["complaint", "by"]


@admin.register(ComplaintEvidence)
class ComplaintEvidenceAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "original_name", "uploaded_by", "uploaded_at"]
    list_select_related = ["complaint", "uploaded_by"]


@admin.register(MonthlyStatistics)
class MonthlyStatisticsAdmin(CompanyWideSettingsMixin, ReadOnlyMixin, admin.ModelAdmin):
    """The company's monthly statistics: read by whoever holds the view permission, written by the services."""

    list_display = ["month", "created_at", "filed_at", "filed_by"]
    list_select_related = ["filed_by"]
