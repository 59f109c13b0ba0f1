"""The calendar in the admin: overrides (company managers edit them; team managers read them), the years with a
month-grid preview, and "confirm year". Every write goes through services.py; every calendar page shows a banner
while this or next year is provisional."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from decocrm.accounts.selectors import can_change_company_settings
from decocrm.core.admin import CompanyWideSettingsMixin

from .models import CalendarOverride, CalendarYear
from .selectors import calendar_year_preview, provisional_years
from .services import calendar_override_delete, calendar_override_set, calendar_year_confirm, calendar_years_refresh
from .sources import MAX_YEAR, MIN_YEAR


def calendar_warnings() -> list[dict]:
    """The banner: this year and next year, if provisional, with a link to each one's preview."""
    return [
        {"year": year, "url": reverse("admin:workdays_calendaryear_preview", args=[year])}
        for year in provisional_years(timezone.localdate())
    ]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(CompanyWideSettingsMixin, admin.ModelAdmin):
    list_display = ["date", "weekday", "is_working", "note", "updated_by", "updated_at"]
    list_filter = ["is_working"]
    list_select_related = ["updated_by"]
    search_fields = ["note"]
    date_hierarchy = "date"
    fields = ["date", "is_working", "note"]

    @admin.display(description=gettext_lazy("weekday"))
    def weekday(self, obj):
        return WEEKDAYS_ABBR[obj.date.weekday()]

    def get_readonly_fields(self, request, obj=None):
        return ["date"] if obj else []  # another date is another override

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "calendar_warnings": calendar_warnings()})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = {**(extra_context or {}), "calendar_warnings": calendar_warnings()}
        return super().changeform_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        saved = calendar_override_set(day=obj.date, is_working=obj.is_working, note=obj.note, by=request.user)
        obj.pk, obj.created_at, obj.updated_at, obj.updated_by = (
            saved.pk,
            saved.created_at,
            saved.updated_at,
            saved.updated_by,
        )
        obj._state.adding = False

    def delete_model(self, request, obj):
        calendar_override_delete(override=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            calendar_override_delete(override=override, by=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(CompanyWideSettingsMixin, admin.ModelAdmin):
    list_display = [
        "year",
        "source",
        "status",
        "source_version",
        "filled_at",
        "confirmed_by",
        "confirmed_at",
        "preview",
    ]
    list_select_related = ["confirmed_by"]
    actions = ["confirm_years"]

    def has_add_permission(self, request):
        return False  # years are filled from their source when first needed

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_confirm_permission(self, request):
        return can_change_company_settings(request.user, "workdays.confirm_calendaryear")

    @admin.display(description=gettext_lazy("status"))
    def status(self, obj):
        if obj.confirmed_at:
            return _("confirmed")
        return _("provisional") if obj.is_provisional else _("from the package")

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, obj):
        url = reverse("admin:workdays_calendaryear_preview", args=[obj.year])
        return format_html('<a href="{}">{}</a>', url, _("Month grid"))

    def get_urls(self):
        return [
            path(
                "<int:year>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="workdays_calendaryear_preview",
            ),
            path(
                "<int:year>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="workdays_calendaryear_confirm",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        today = timezone.localdate()
        calendar_years_refresh(today=today)  # this and next year are always listed, filled from the newest source
        context = {
            **(extra_context or {}),
            "calendar_warnings": calendar_warnings(),
            "preview_years": [today.year, today.year + 1],
        }
        return super().changelist_view(request, context)

    @admin.action(description=gettext_lazy("Confirm the selected years' calendars"), permissions=["confirm"])
    def confirm_years(self, request, queryset):
        for row in queryset:
            self._confirm(request, row.year)

    def _confirm(self, request, year):
        try:
            calendar_year_confirm(year=year, by=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.WARNING)
        else:
            self.message_user(request, _("The %(year)s calendar is confirmed.") % {"year": year}, messages.SUCCESS)

    def _year_or_404(self, year):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise Http404
        return year

    def preview_view(self, request, year):
        if not self.has_view_permission(request):
            raise PermissionDenied
        preview = calendar_year_preview(self._year_or_404(year))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Working-day calendar %(year)s") % {"year": year},
            "preview": preview,
            "weekday_names": [WEEKDAYS_ABBR[i] for i in range(7)],
            "calendar_warnings": calendar_warnings(),
            "previous_year": year - 1 if year > MIN_YEAR else None,
            "next_year": year + 1 if year < MAX_YEAR else None,
            "can_confirm": self.has_confirm_permission(request) and preview.year.confirmed_at is None,
            "can_override": can_change_company_settings(request.user, "workdays.add_calendaroverride"),
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "admin/workdays/calendar_preview.html", context)

    def confirm_view(self, request, year):
        return require_POST(self._confirm_post)(request, self._year_or_404(year))

    def _confirm_post(self, request, year):
        if not self.has_confirm_permission(request):
            raise PermissionDenied
        self._confirm(request, year)
        return HttpResponseRedirect(reverse("admin:workdays_calendaryear_preview", args=[year]))
