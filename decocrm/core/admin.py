"""Building blocks for the admin site, so that it is scoped like the pages (ENGINEERING.md rule 9).

- `ScopedAdminMixin`: an admin whose lists, change pages, actions, list edits, exports and autocompletes start
  from the pages' selector (`visible_leads`, `visible_clocks`, ...). An object outside the user's scope is never
  listed, and its change URL answers like a missing object. Foreign-key choices to another scoped admin's model
  are limited the same way.
- `CompanyWideSettingsMixin`: a company-wide setting (SLA policies, the working-day calendar, districts): anyone
  with the view permission reads it; only company managers and superusers change it.
- `ServiceErrorsAdminMixin`: writes in the admin go through services; a DomainError they raise becomes an error
  message and everything the save wrote is rolled back — never a 500.

Declare, in the app's admin.py:

    @admin.register(Clock)
    class ClockAdmin(ScopedAdminMixin, admin.ModelAdmin):
        scope_selector = visible_clocks          # selector(user) -> queryset of the selector's model
        scope_path = ""                          # lookup from this model to it ("lead", "collision"...); "" = same
"""

from django.contrib import messages
from django.db import router, transaction
from django.http import HttpResponseRedirect

from decocrm.accounts.selectors import can_change_company_settings

from .errors import DomainError


class ScopedAdminMixin:
    """Limit everything the admin shows a non-superuser to what the pages' selector lets them see.

    Superusers see every row: the admin site is their full tool (and the only place to reach inactive staff)."""

    scope_selector = None
    scope_path = ""

    def scope_queryset(self, request):
        """The rows of the selector's model that the user may see."""
        selector = type(self).scope_selector  # read from the class: a plain function stays unbound
        if selector is None:
            raise NotImplementedError(f"{type(self).__name__} sets no scope_selector")
        return selector(request.user)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        lookup = f"{self.scope_path}__in" if self.scope_path else "pk__in"
        return qs.filter(**{lookup: self.scope_queryset(request).values("pk")})

    def _scoped_related_queryset(self, db_field, request):
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if request.user.is_superuser or not isinstance(related_admin, ScopedAdminMixin):
            return None
        return related_admin.get_queryset(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and (scoped := self._scoped_related_queryset(db_field, request)) is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and (scoped := self._scoped_related_queryset(db_field, request)) is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class CompanyWideSettingsMixin:
    """Settings that hold for the whole company: read with the view permission, changed (added, deleted) only by
    company managers and superusers who also hold the model's permission for it."""

    def has_company_permission(self, request):
        return can_change_company_settings(request.user)

    def has_add_permission(self, request, *args, **kwargs):
        return self.has_company_permission(request) and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return self.has_company_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_company_permission(request) and super().has_delete_permission(request, obj)


class ServiceErrorsAdminMixin:
    """A refusal by a service (DomainError) while saving shows as an error message on the page it came from, and
    the save's transaction (Django's for a change form; ours for a changelist's actions and list edits) is rolled
    back, so nothing of it is written."""

    def _refused(self, request, error):
        self.message_user(request, str(error), messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except DomainError as error:
            return self._refused(request, error)

    def changelist_view(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().changelist_view(request, *args, **kwargs)
        try:
            # Actions and list edits together: a refusal half-way through undoes the rows done before it.
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, *args, **kwargs)
        except DomainError as error:
            return self._refused(request, error)
