from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from decocrm.core.admin import ScopedAdminMixin

from .models import Notification
from .selectors import visible_notifications
from .services import notification_retry_delivery


@admin.register(Notification)
class NotificationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: notifications are written by the system. Failed deliveries can be retried. Anyone but a superuser
    sees only their own."""

    scope_selector = visible_notifications
    list_display = ["title", "recipient", "kind", "level", "created_at", "read_at", "email_state", "webhook_state"]
    list_filter = ["kind", "email_state", "webhook_state", "created_at"]
    search_fields = ["title", "dedupe_key", "recipient__username", "recipient__last_name", "recipient__first_name"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["retry_delivery"]
    show_full_result_count = False  # no COUNT(*) over a large table on every page

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry failed deliveries"), permissions=["view"])
    def retry_delivery(self, request, queryset):
        count = notification_retry_delivery(notifications=queryset)
        self.message_user(
            request,
            ngettext("%(count)d delivery re-queued.", "%(count)d deliveries re-queued.", count) % {"count": count},
            messages.SUCCESS,
        )
