from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from decocrm.core.admin import CompanyWideSettingsMixin, ScopedAdminMixin

from .models import Clock, ClockEvent, SlaPolicy
from .selectors import visible_clocks


@admin.register(SlaPolicy)
class SlaPolicyAdmin(CompanyWideSettingsMixin, admin.ModelAdmin):
    """The company's service promises: every manager reads them, company managers change them."""

    list_display = [
        "kind",
        "amount",
        "unit",
        "variant_attribute",
        "warn_before",
        "escalate_after",
        "recurring",
        "active",
    ]
    list_editable = ["amount", "active"]
    list_filter = ["unit", "active", "recurring"]
    readonly_fields = ["kind", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "active", "source", "updated_at"]}),
        (_("Deadline"), {"fields": ["amount", "unit", "variant_attribute", "variants", "counts_back", "recurring"]}),
        (
            _("Warning and escalation"),
            {"fields": ["warn_before", "notify_owner", "notify_team_manager", "escalate_after", "escalate_to_company"]},
        ),
    ]

    def has_add_permission(self, request):
        return False  # one policy per clock kind, seeded by migration

    def has_delete_permission(self, request, obj=None):
        return False


# A clock's and an event's reason is stored as a code and parameters: the pages show its sentence in the reader's
# language (ClockNoteFields.system_text) beside the person's note, never the raw code.
CODED_FIELDS = ("code", "params")


@admin.display(description=_("reason"))
def reason(obj):
    return obj.system_text


class ClockEventInline(admin.TabularInline):
    model = ClockEvent
    extra = 0
    can_delete = False
    fields = readonly_fields = ["action", "at", "by", reason, "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Clock)
class ClockAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: clocks start and stop on business events, never by hand-edited dates. Scoped like the dashboard."""

    scope_selector = visible_clocks
    list_display = ["subject_label", "kind", "state", "owner", "team", "due_at", "escalation_level", "provisional"]
    list_filter = ["state", "kind", "escalation_level", "provisional", ("team", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["subject_label", "owner__username", "owner__last_name"]
    date_hierarchy = "due_at"
    list_select_related = ["owner", "team"]
    inlines = [ClockEventInline]

    exclude = CODED_FIELDS

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in self.model._meta.fields if f.name not in CODED_FIELDS and f.name != "note"]
        return [*fields, reason, "note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
