"""Each role's group carries exactly the permissions the apps register for it."""

import pytest
from django.contrib.auth.models import Group, Permission

from decocrm.accounts.choices import Role
from decocrm.accounts.roles import sync_role_groups

pytestmark = pytest.mark.django_db

# Every role's effective permissions as they were when decocrm/accounts/roles.py still named every app's codenames
# (issue 8). Moving the codenames into each app's AppConfig.ready() must leave these sets exactly as they are.
SNAPSHOT = {
    Role.SALES: set(),
    Role.DESIGNER: set(),
    Role.PROJECT_MANAGER: set(),
    Role.AFTER_SALES: set(),
    Role.CUSTOMER_RELATIONS: set(),
    Role.MANAGER: {
        "accounts.change_user",
        "accounts.view_staffchange",
        "accounts.view_team",
        "accounts.view_user",
        "customers.add_district",
        "customers.change_customer",
        "customers.change_district",
        "customers.view_contactperson",
        "customers.view_customer",
        "customers.view_district",
        "leads.change_salesrotation",
        "leads.view_appeal",
        "leads.view_collision",
        "leads.view_contactlog",
        "leads.view_lead",
        "leads.view_leadtransition",
        "leads.view_salesrotation",
        "sla.change_slapolicy",
        "sla.view_clock",
        "sla.view_clockevent",
        "sla.view_slapolicy",
        "workdays.add_calendaroverride",
        "workdays.change_calendaroverride",
        "workdays.confirm_calendaryear",
        "workdays.delete_calendaroverride",
        "workdays.view_calendaroverride",
        "workdays.view_calendaryear",
    },
    Role.ARCHIVE_CLERK: {
        "accounts.view_team",
        "accounts.view_user",
        "customers.add_customer",
        "customers.change_customer",
        "customers.view_contactperson",
        "customers.view_customer",
        "customers.view_district",
    },
}


def _group_permissions():
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def test_every_role_group_carries_exactly_the_permissions_it_had():
    assert _group_permissions() == {role.value: perms for role, perms in SNAPSHOT.items()}


def test_sync_puts_back_exactly_those_permissions_after_a_group_was_changed_by_hand():
    sales = Group.objects.get(name=Role.SALES)
    sales.permissions.add(Permission.objects.get(codename="delete_customer"))
    Group.objects.get(name=Role.MANAGER).permissions.clear()
    sync_role_groups(Group, Permission)
    assert _group_permissions() == {role.value: perms for role, perms in SNAPSHOT.items()}
