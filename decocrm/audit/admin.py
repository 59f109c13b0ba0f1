"""The logs in the admin: managers read them (a team manager their team's entries); nobody, superusers included,
adds, changes or deletes an entry."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from decocrm.core.admin import ScopedAdminMixin

from .models import AccessLog, ExportLog
from .selectors import can_read_logs, visible_access_logs, visible_export_logs
from .services import shown_field_labels

USER_SEARCH = ["user__username", "user__first_name", "user__last_name"]


class ReadOnlyLogAdmin(ScopedAdminMixin, admin.ModelAdmin):
    date_hierarchy = "at"
    search_fields = USER_SEARCH
    search_help_text = _("Search by user name.")
    list_select_related = ["user"]
    list_per_page = 50
    show_full_result_count = False  # a log grows without end: no second COUNT over all of it

    def has_module_permission(self, request):
        return can_read_logs(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return can_read_logs(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied  # before the lookup, so a non-reader learns nothing of which entries exist
        return super().history_view(request, object_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyLogAdmin):
    scope_selector = visible_export_logs
    list_display = ["at", "user", "what", "fmt", "rows", "filters"]
    list_filter = ["fmt", "what"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyLogAdmin):
    scope_selector = visible_access_logs
    list_display = ["at", "user", "content_type", "label", "shown_fields", "door"]
    list_filter = ["content_type", "door"]
    list_select_related = ["user", "content_type"]

    @admin.display(description=_("fields shown"))
    def shown_fields(self, obj):
        return ", ".join(shown_field_labels(obj))
