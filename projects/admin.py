from django.contrib import admin

from decocrm.core.admin import CompanyWideSettingsMixin, ScopedAdminMixin
from decocrm.core.history import ScopedHistoryAdminMixin

from .models import Acceptance, CareHandover, DelayNotice, ProgressUpdate, Project, QualityIssue, StageTemplate
from .selectors import visible_projects


@admin.register(StageTemplate)
class StageTemplateAdmin(CompanyWideSettingsMixin, admin.ModelAdmin):
    """The stages a new project gets: the admin edits this list (projects already started keep theirs)."""

    list_display = ["position", "code", "name", "node", "active"]
    list_display_links = ["code"]
    list_editable = ["position", "name", "node", "active"]
    list_filter = ["node", "active"]
    search_fields = ["code", "name"]


class ReadOnlyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Written by the services only: the admin reads, scoped like the pages (a team manager sees their team's)."""

    scope_selector = visible_projects
    scope_path = "project"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(ScopedHistoryAdminMixin, ReadOnlyAdmin):
    scope_path = ""
    list_display = ["contract", "customer", "manager", "state", "planned_start", "planned_end", "percent_complete"]
    list_filter = ["state", "team"]
    search_fields = ["contract__number", "customer__name", "manager__username"]
    list_select_related = ["contract", "customer", "manager"]


@admin.register(Acceptance)
class AcceptanceAdmin(ReadOnlyAdmin):
    scope_path = "stage__project"
    list_display = ["stage", "node", "held_on", "result", "reinspection", "rectify_by"]
    list_filter = ["node", "result", "reinspection"]
    search_fields = ["stage__project__contract__number", "stage__name", "issues"]
    list_select_related = ["stage"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["project", "posted_at", "percent_complete", "posted_by"]
    search_fields = ["project__contract__number", "text"]
    list_select_related = ["project__customer", "posted_by"]


@admin.register(DelayNotice)
class DelayNoticeAdmin(ReadOnlyAdmin):
    list_display = ["project", "cause", "effective_on", "given_at", "in_time"]
    list_filter = ["cause", "in_time"]
    search_fields = ["project__contract__number", "what_changes"]
    list_select_related = ["project__customer"]


@admin.register(QualityIssue)
class QualityIssueAdmin(ReadOnlyAdmin):
    list_display = ["project", "raised_at", "responded_at", "rectified_at", "confirmed_at"]
    search_fields = ["project__contract__number", "description"]
    list_select_related = ["project__customer"]


@admin.register(CareHandover)
class CareHandoverAdmin(ReadOnlyAdmin):
    list_display = ["project", "given_on", "given_by", "received_by", "manual_handed_over", "training_given"]
    search_fields = ["project__contract__number", "project__customer__name", "received_by"]
    list_select_related = ["project__customer", "project__contract", "given_by"]
