"""Which permissions each role's group carries.

Codenames that do not exist yet are skipped, so each issue that adds models adds their codenames here
and the next `migrate` (post_migrate) attaches them.
"""

from .choices import Role

VIEW_STAFF = ["accounts.view_user", "accounts.view_team"]
# A manager changes only the role and team of the staff they manage (decocrm/accounts/admin.py and
# selectors.staff_change_refusal say which); powers, groups, permissions and passwords are the superuser's.
MANAGE_STAFF = [*VIEW_STAFF, "accounts.change_user", "accounts.view_staffchange"]
# Company-wide settings (calendar, SLA policies, districts): team managers hold these permissions too but only read
# (decocrm/core/admin.CompanyWideSettingsMixin and the services check company_wide); company managers change them.
EDIT_CALENDAR = [
    "workdays.view_calendaryear",
    "workdays.confirm_calendaryear",
    "workdays.view_calendaroverride",
    "workdays.add_calendaroverride",
    "workdays.change_calendaroverride",
    "workdays.delete_calendaroverride",
]

EDIT_SLA_POLICIES = ["sla.view_slapolicy", "sla.change_slapolicy", "sla.view_clock", "sla.view_clockevent"]

VIEW_CUSTOMERS = ["customers.view_customer", "customers.view_contactperson", "customers.view_district"]
MANAGE_CUSTOMERS = [
    *VIEW_CUSTOMERS,
    "customers.change_customer",
    "customers.add_district",
    "customers.change_district",
    "leads.view_lead",
    "leads.view_collision",
    "leads.view_appeal",
    "leads.view_contactlog",
    "leads.view_leadtransition",
    "leads.view_salesrotation",
    "leads.change_salesrotation",
]

ROLE_PERMISSIONS = {
    Role.SALES: [],
    Role.DESIGNER: [],
    Role.PROJECT_MANAGER: [],
    Role.AFTER_SALES: [],
    Role.CUSTOMER_RELATIONS: [],
    Role.MANAGER: [*MANAGE_STAFF, *EDIT_CALENDAR, *EDIT_SLA_POLICIES, *MANAGE_CUSTOMERS],
    Role.ARCHIVE_CLERK: [*VIEW_STAFF, *VIEW_CUSTOMERS, "customers.add_customer", "customers.change_customer"],
}

# Roles whose members work in the Django admin site (is_staff).
ADMIN_SITE_ROLES = {Role.MANAGER, Role.ARCHIVE_CLERK}


def sync_role_groups(group_model, permission_model):
    """Create one group per role and give it exactly the permissions listed above (those that exist)."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role.value)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            wanted.extend(permission_model.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def sync_role_groups_after_migrate(sender, apps=None, **kwargs):
    # Runs after every app's post_migrate (auth creates that app's permissions first), so the groups
    # pick up permissions of apps migrated later in the same run.
    if apps is None:  # `flush` (transactional tests) sends the signal without a migration state
        from django.apps import apps
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    sync_role_groups(group_model, permission_model)
