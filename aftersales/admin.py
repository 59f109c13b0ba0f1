from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from decocrm.core.admin import ScopedAdminMixin

from .models import ImprovementMeasure, Revisit, RevisitPoint, RevisitTransition, Survey
from .selectors import visible_revisits, visible_surveys


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
