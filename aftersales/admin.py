"""Repair tickets in the admin site: read-only (every write is a service the pages call), searchable, filtered, and
scoped like the pages (decocrm.core.admin.ScopedAdminMixin over aftersales.selectors.visible_tickets)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from decocrm.core.admin import ScopedAdminMixin
from decocrm.core.history import ScopedHistoryAdminMixin

from .models import (
    ImprovementMeasure,
    RepairTicket,
    RepairTicketTransition,
    Revisit,
    RevisitPoint,
    RevisitTransition,
    Survey,
    TicketPhoto,
)
from .selectors import visible_revisits, visible_surveys, visible_tickets

TEAM_FILTER = admin.RelatedOnlyFieldListFilter  # only the teams of the rows the user sees


class ReadOnlyMixin:
    """Repair tickets change only through the services; the admin looks and filters."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_selector = visible_tickets
    scope_path = "ticket"


class TransitionInline(ReadOnlyMixin, admin.TabularInline):
    model = RepairTicketTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "by", "event_text", "note"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("event"))
    def event_text(self, obj):
        return obj.event_text  # the system's sentence, in the reader's language


class PhotoInline(ReadOnlyMixin, admin.TabularInline):
    model = TicketPhoto
    extra = 0
    can_delete = False
    fields = ["original_name", "taken_in", "uploaded_at", "uploaded_by"]


@admin.register(RepairTicket)
class RepairTicketAdmin(ScopedHistoryAdminMixin, ReadOnlyAdmin):
    scope_path = ""
    list_display = ["__str__", "item", "state", "warranty", "channel", "technician", "team", "requested_at"]
    list_filter = ["state", "warranty", "channel", "severity", ("team", TEAM_FILTER)]
    search_fields = ["item", "description", "contact_name", "customer__name", "customer__phone_digits"]
    date_hierarchy = "requested_at"
    list_select_related = ["customer", "technician", "team"]
    inlines = [PhotoInline, TransitionInline]


@admin.register(RepairTicketTransition)
class RepairTicketTransitionAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "from_state", "to_state", "by", "at"]
    list_filter = ["to_state"]
    search_fields = ["note", "ticket__customer__name", "ticket__item"]
    date_hierarchy = "at"
    list_select_related = ["ticket__customer", "by"]


@admin.register(TicketPhoto)
class TicketPhotoAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "ticket", "taken_in", "uploaded_by", "uploaded_at"]
    list_filter = ["taken_in"]
    search_fields = ["original_name", "ticket__customer__name", "ticket__item"]
    date_hierarchy = "uploaded_at"
    list_select_related = ["ticket__customer", "uploaded_by"]


class ReadOnly:
    """Written by the services only: the admin reads, scoped like the pages."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PointInline(ReadOnly, admin.TabularInline):
    model = RevisitPoint
    fields = ["text", "owner", "answer", "answered_at", "answered_by"]
    readonly_fields = fields
    extra = 0


class StepInline(ReadOnly, admin.TabularInline):
    model = RevisitTransition
    fields = ["at", "from_state", "to_state", "by", "event_text", "note"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("event"))
    def event_text(self, obj):
        return obj.event_text


@admin.register(Revisit)
class RevisitAdmin(ReadOnly, ScopedAdminMixin, admin.ModelAdmin):
    scope_selector = visible_revisits
    scope_path = ""
    list_display = ["__str__", "customer", "kind", "state", "method", "satisfaction", "done_by", "done_at"]
    list_filter = ["kind", "state", "method", "satisfaction"]
    search_fields = ["subject_label", "customer__name", "customer__phone_digits", "outcome"]
    date_hierarchy = "created_at"
    list_select_related = ["customer", "done_by"]
    inlines = [PointInline, StepInline]


@admin.register(RevisitPoint)
class RevisitPointAdmin(ReadOnly, ScopedAdminMixin, admin.ModelAdmin):
    scope_selector = visible_revisits
    scope_path = "revisit"
    list_display = ["__str__", "revisit", "owner", "answered_at"]
    list_filter = [("answered_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "answer", "revisit__customer__name"]
    list_select_related = ["revisit__customer", "owner"]


class MeasureInline(ReadOnly, admin.TabularInline):
    model = ImprovementMeasure
    fields = ["text", "responsible", "due_on", "done_at", "done_note"]
    readonly_fields = fields
    extra = 0


@admin.register(Survey)
class SurveyAdmin(ReadOnly, ScopedAdminMixin, admin.ModelAdmin):
    """The token's hash is never shown: a link is issued on the survey page and shown once."""

    scope_selector = visible_surveys
    scope_path = ""
    list_display = ["__str__", "kind", "about", "staff", "recommend", "channel", "answered_at"]
    list_filter = ["kind", "channel", ("answered_at", admin.EmptyFieldListFilter)]
    search_fields = ["customer__name", "about", "suggestions"]
    date_hierarchy = "created_at"
    list_select_related = ["customer", "staff"]
    exclude = ["token_hash"]
    inlines = [MeasureInline]


@admin.register(ImprovementMeasure)
class ImprovementMeasureAdmin(ReadOnly, ScopedAdminMixin, admin.ModelAdmin):
    scope_selector = visible_surveys
    scope_path = "survey"
    list_display = ["__str__", "responsible", "due_on", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "done_note"]
    list_select_related = ["responsible"]
