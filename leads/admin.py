from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportMixin

from decocrm.accounts.selectors import visible_staff
from decocrm.core.admin import ScopedAdminMixin, ServiceErrorsAdminMixin
from decocrm.core.errors import DomainError
from decocrm.core.exports import UserResourceAdminMixin
from decocrm.core.history import ScopedHistoryAdminMixin
from decocrm.core.import_admin import AtomicImportAdminMixin

from .models import (
    Appeal,
    AppealStep,
    Appointment,
    AppointmentReschedule,
    Collision,
    ContactLog,
    DesignProposal,
    Lead,
    LeadAssignment,
    LeadTransition,
    MeasurementPhoto,
    MeasurementRoom,
    MeasurementVisit,
    ProposalFile,
    SalesRotation,
)
from .resources import LeadImportResource
from .selectors import can_capture_leads, visible_appeals, visible_collisions, visible_leads
from .services import lead_release_to_pool, sales_rotation_set_on_duty

TEAM_FILTER = admin.RelatedOnlyFieldListFilter  # only the teams of the rows the user sees


class ReadOnlyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Lead records change only through the services (the pages call them); the admin looks and filters, within
    the user's scope (the lead's, by default)."""

    scope_selector = visible_leads
    scope_path = "lead"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    model = LeadTransition
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "from_state", "to_state", "by", "event_text", "note"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("event"))
    def event_text(self, obj):
        return obj.event_text  # the system's sentence, in the reader's language


class ContactInline(TransitionInline):
    model = ContactLog
    fields = readonly_fields = ["at", "channel", "summary", "next_step", "by"]


class AssignmentInline(TransitionInline):
    model = LeadAssignment
    fields = readonly_fields = ["at", "kind", "from_owner", "to_owner", "by", "note"]


@admin.register(Lead)
class LeadAdmin(UserResourceAdminMixin, AtomicImportAdminMixin, ImportMixin, ScopedHistoryAdminMixin, ReadOnlyAdmin):
    """Read-only but for the import (a preview, then confirm; all or nothing: decocrm.core.imports), which enters
    each row through lead_capture, so only those who enter leads import them."""

    scope_path = ""
    resource_classes = [LeadImportResource]
    list_display = ["customer", "channel", "state", "owner", "designer", "team", "next_due_at", "created_at"]
    list_filter = ["state", "channel", ("team", TEAM_FILTER), "referral_reward_status", "reject_reason", "lost_reason"]
    search_fields = ["customer__name", "customer__phone_digits", "channel_detail"]
    date_hierarchy = "created_at"
    list_select_related = ["customer", "owner", "designer", "team"]
    inlines = [TransitionInline, ContactInline, AssignmentInline]
    actions = ["return_to_pool"]

    def has_import_permission(self, request):
        return can_capture_leads(request.user)

    @admin.action(description=_("Return the selected leads to the pool"))
    def return_to_pool(self, request, queryset):
        done = 0
        for lead in queryset:
            try:
                lead_release_to_pool(lead=lead, by=request.user, note=str(_("returned in the admin site")))
                done += 1
            except DomainError as error:
                self.message_user(request, f"{lead}: {error}", messages.WARNING)
        if done:
            self.message_user(
                request, ngettext("%d lead returned to the pool.", "%d leads returned to the pool.", done) % done
            )


@admin.register(Collision)
class CollisionAdmin(ReadOnlyAdmin):
    scope_selector = visible_collisions
    scope_path = ""
    list_display = ["attempted_name", "customer", "matched_on", "owner", "attempted_by", "attempted_at"]
    list_filter = ["matched_on", "channel"]
    search_fields = ["attempted_name", "attempted_phone", "customer__name"]
    date_hierarchy = "attempted_at"
    list_select_related = ["customer", "owner", "attempted_by"]


class AppealStepInline(TransitionInline):
    model = AppealStep


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    scope_selector = visible_appeals
    scope_path = ""
    inlines = [AppealStepInline]
    list_display = ["collision", "by", "state", "decision", "decided_by", "created_at"]
    list_filter = ["state", "decision"]
    search_fields = ["collision__customer__name", "reason"]
    date_hierarchy = "created_at"
    list_select_related = ["collision", "by", "decided_by"]


@admin.register(ContactLog)
class ContactLogAdmin(ReadOnlyAdmin):
    list_display = ["lead", "channel", "at", "by"]
    list_filter = ["channel"]
    search_fields = ["lead__customer__name", "summary"]
    date_hierarchy = "at"
    list_select_related = ["lead__customer", "by"]


@admin.register(SalesRotation)
class SalesRotationAdmin(ScopedAdminMixin, ServiceErrorsAdminMixin, admin.ModelAdmin):
    """Who is on duty, for the staff the user sees (a team manager: their team); set through the service."""

    scope_selector = visible_staff
    scope_path = "user"
    list_display = ["user", "on_duty", "last_assigned_at"]
    list_filter = ["on_duty"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    date_hierarchy = "last_assigned_at"
    list_select_related = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "last_assigned_at"] if obj else ["last_assigned_at"]  # a row belongs to one salesperson

    def save_model(self, request, obj, form, change):
        saved = sales_rotation_set_on_duty(user=obj.user, on_duty=obj.on_duty, by=request.user)
        obj.pk = saved.pk


# --- Appointments, measurement, proposals (read-only: the lead page's services write them)


class DesignReadOnlyAdmin(ReadOnlyAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields] + [f.name for f in self.model._meta.many_to_many]


class RescheduleInline(TransitionInline):
    model = AppointmentReschedule
    fields = readonly_fields = ["at", "from_time", "to_time", "cause", "reason", "by"]


@admin.register(Appointment)
class AppointmentAdmin(DesignReadOnlyAdmin):
    list_display = ["lead", "kind", "scheduled_at", "place", "state", "reconfirmed_at", "created_by"]
    list_filter = ["kind", "state", ("lead__team", TEAM_FILTER)]
    search_fields = ["lead__customer__name", "lead__customer__phone_digits", "place", "customer_attendees"]
    date_hierarchy = "scheduled_at"
    list_select_related = ["lead__customer", "created_by"]
    inlines = [RescheduleInline]


@admin.register(AppointmentReschedule)
class AppointmentRescheduleAdmin(DesignReadOnlyAdmin):
    scope_path = "appointment__lead"
    list_display = ["appointment", "from_time", "to_time", "cause", "reason", "by", "at"]
    list_filter = ["cause", "appointment__kind"]
    search_fields = ["appointment__lead__customer__name", "reason"]
    date_hierarchy = "at"
    list_select_related = ["appointment", "by"]


class RoomInline(TransitionInline):
    model = MeasurementRoom
    fields = readonly_fields = ["name", "length_m", "width_m", "height_m", "note"]


class PhotoInline(TransitionInline):
    model = MeasurementPhoto
    fields = readonly_fields = ["file", "original_name"]


@admin.register(MeasurementVisit)
class MeasurementVisitAdmin(DesignReadOnlyAdmin):
    list_display = ["lead", "held_at", "recorded_by", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter), ("lead__team", TEAM_FILTER)]
    search_fields = ["lead__customer__name", "lead__customer__phone_digits", "notes", "orientation"]
    date_hierarchy = "held_at"
    list_select_related = ["lead__customer", "recorded_by"]
    inlines = [RoomInline, PhotoInline]


class ProposalFileInline(TransitionInline):
    model = ProposalFile
    fields = readonly_fields = ["kind", "file", "original_name"]


@admin.register(DesignProposal)
class DesignProposalAdmin(DesignReadOnlyAdmin):
    list_display = ["lead", "version", "style", "quote_amount", "construction_days", "delivered_at", "response"]
    list_filter = ["response", ("delivered_at", admin.EmptyFieldListFilter), ("lead__team", TEAM_FILTER)]
    search_fields = ["lead__customer__name", "lead__customer__phone_digits", "style", "material_list"]
    date_hierarchy = "created_at"
    list_select_related = ["lead__customer"]
    inlines = [ProposalFileInline]
