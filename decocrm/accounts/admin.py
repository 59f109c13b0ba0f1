"""Staff and teams in the admin site.

Superusers have Django's full user admin: powers (superuser, admin-site access, company-wide view), groups,
permissions and passwords. Everyone else sees the staff they see on the pages (`visible_staff`) and changes only
the role and team of those they may manage, through `staff_change_refusal` / `staff_change_role_team`. Every change
to an account's role, team or powers is recorded (StaffChange), whoever made it."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from decocrm.core.admin import ScopedAdminMixin, ServiceErrorsAdminMixin

from .choices import Role, StaffField
from .models import StaffChange, Team, User
from .selectors import assignable_roles, can_change_staff, is_company_manager, visible_staff, visible_teams
from .services import (
    NEW_ACCOUNT,
    StaffChangeRefused,
    staff_change_role_team,
    staff_changes_record,
    staff_check_role_team,
    staff_record_password_change,
    staff_set_role,
    staff_snapshot,
)


@admin.register(Team)
class TeamAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_selector = visible_teams
    list_display = ["name", "manager"]
    search_fields = ["name"]
    autocomplete_fields = ["manager"]


class StaffRoleTeamForm(forms.ModelForm):
    """What a manager may change on a staff account. UserAdmin.get_form sets `changed_by` for each request."""

    changed_by = None

    class Meta:
        model = User
        fields = ["role", "team"]

    def clean(self):
        cleaned = super().clean()
        if "role" in cleaned and "team" in cleaned:
            try:
                # self.instance still holds the saved values here: the form applies its own in _post_clean.
                staff_check_role_team(
                    user=self.instance, by=self.changed_by, role=cleaned["role"], team=cleaned["team"]
                )
            except StaffChangeRefused as refusal:
                self.add_error(refusal.field, refusal.message)
        return cleaned


# What a manager sees of a staff account; of it they change only the role and the team.
MANAGER_FIELDSETS = [
    (None, {"fields": ["username", "first_name", "last_name", "email", "phone", "is_active"]}),
    (_("Staff profile"), {"fields": ["team", "role", "company_wide", "is_staff", "is_superuser"]}),
    (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
]
MANAGER_EDITABLE = {"role", "team"}


@admin.register(User)
class UserAdmin(ScopedAdminMixin, ServiceErrorsAdminMixin, DjangoUserAdmin):
    scope_selector = visible_staff
    list_display = ["username", "full_name", "role", "team", "phone", "is_active"]
    list_filter = ["role", ("team", admin.RelatedOnlyFieldListFilter), "is_active", "company_wide"]
    search_fields = ["username", "first_name", "last_name", "phone", "email"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Staff profile"), {"fields": ["phone", "team", "role", "company_wide"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Staff profile"), {"fields": ["phone", "team", "role"]}),
    ]

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, user):
        return user.get_full_name()

    # --- who may do what: superusers everything; managers the role and team of the staff they manage

    def has_add_permission(self, request):
        return request.user.is_superuser  # a new account chooses its powers and password

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or request.user.is_superuser or can_change_staff(request.user, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied  # everyone changes their own password on the password page
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                staff_record_password_change(staff=User.objects.get(pk=id), by=request.user)
        return response

    # --- the manager's form: role and team only

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return MANAGER_FIELDSETS

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        shown = [name for _title, options in MANAGER_FIELDSETS for name in options["fields"]]
        return [name for name in shown if name not in MANAGER_EDITABLE]

    def get_form(self, request, obj=None, **kwargs):
        if request.user.is_superuser:
            return super().get_form(request, obj, **kwargs)
        form = super().get_form(request, obj, **{**kwargs, "form": StaffRoleTeamForm})
        form.changed_by = request.user
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "team" and not is_company_manager(request.user):
            kwargs.update(required=True, empty_label=None)  # a team manager's staff stay in their team
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(role.value, role.label) for role in assignable_roles(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # --- saving: a manager's change through the service; a superuser's recorded after the form saved it

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            data = form.cleaned_data
            staff_change_role_team(user=obj, by=request.user, role=data["role"], team=data["team"])
            return
        obj._staff_before = staff_snapshot(User.objects.get(pk=obj.pk)) if change else dict(NEW_ACCOUNT)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not request.user.is_superuser:
            return
        if user.role and ("role" in form.changed_data or not change):
            # After the form has saved its groups: the role's group and admin-site access follow the role.
            staff_set_role(user=user, role=user.role)
        staff_changes_record(staff=user, by=request.user, before=user._staff_before)


@admin.register(StaffChange)
class StaffChangeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: the staff services write it."""

    scope_selector = visible_staff
    scope_path = "staff"
    list_display = ["at", "staff", "field", "old", "new", "by"]
    list_filter = ["field"]
    search_fields = ["staff__username", "staff__last_name", "staff__first_name", "by__username"]
    date_hierarchy = "at"
    list_select_related = ["staff", "by"]
    fields = ["at", "staff", "field", "old", "new", "by"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("from"))
    def old(self, obj):
        return self._shown(obj, obj.old_value, new=False)

    @admin.display(description=_("to"))
    def new(self, obj):
        return self._shown(obj, obj.new_value, new=True)

    @staticmethod
    def _shown(obj, value, *, new):
        if obj.field == StaffField.PASSWORD:  # the password itself is never recorded
            return _("(set)") if new else "-"
        if value in ("True", "False"):
            return _("yes") if value == "True" else _("no")
        if obj.field == StaffField.ROLE and value in Role.values:
            return Role(value).label
        return value or "-"
