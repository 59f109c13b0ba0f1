from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Team, User
from .services import staff_set_role


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "manager"]
    search_fields = ["name"]
    autocomplete_fields = ["manager"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "role", "team", "phone", "is_active"]
    list_filter = ["role", "team", "is_active", "company_wide"]
    search_fields = ["username", "first_name", "last_name", "phone", "email"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Staff profile"), {"fields": ["phone", "team", "role", "company_wide"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Staff profile"), {"fields": ["phone", "team", "role"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.role and ("role" in form.changed_data or not change):
            # The role's group and admin-site access follow the role (services own that rule).
            staff_set_role(user=obj, role=obj.role)
