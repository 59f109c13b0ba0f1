"""What the archive's admins share: scoped like the pages (selectors.visible_*), writes through the services.

What the archive's admin lists share: read-only records (every write is a service, run by an action), the
transition inlines, and actions that ask for a note (or what was destroyed) on an intermediate page first."""

from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

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


class ReadOnlyScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionInline(admin.TabularInline):
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "from_state", "to_state", "by", "note"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def run_each(modeladmin, request, queryset, run, done_message) -> int:
    """`run(obj)` (one service call) for each selected row; a refusal is named per row and the others go on."""
    done = 0
    for obj in queryset:
        try:
            run(obj)
            done += 1
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.WARNING)
        except DomainError as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.WARNING)
    if done:
        modeladmin.message_user(request, done_message % {"count": done})
    return done


def with_form(modeladmin, request, queryset, *, form_class, title, action, run, done_message):
    """An action that first asks for its form (a note, what was destroyed) on an intermediate page, then runs
    `run(obj, cleaned_data)` for each selected row."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        run_each(modeladmin, request, queryset, lambda obj: run(obj, form.cleaned_data), done_message)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "objects": queryset,
        "action": action,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/archives/action_form.html", context)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, widget=forms.TextInput(attrs={"size": 60}))
