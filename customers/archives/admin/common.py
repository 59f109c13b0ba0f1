"""What the archive's admins share: scoped like the pages (selectors.visible_*), writes through the services."""

from contextlib import contextmanager

from django.contrib import admin
from django.core.exceptions import ValidationError

from decocrm.core.admin import ScopedAdminMixin, ServiceErrorsAdminMixin
from decocrm.core.errors import DomainError

from ..selectors import visible_files


@contextmanager
def refusals():
    """A rule the form could not check (ValidationError from a service) becomes a message, nothing saved."""
    try:
        yield
    except ValidationError as error:
        raise DomainError(" ".join(error.messages)) from error


class ArchiveAdmin(ServiceErrorsAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """A scoped archive admin whose records are not deleted (a destroyed file is recorded by the retention work)."""

    scope_selector = visible_files
    scope_path = "file"

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
