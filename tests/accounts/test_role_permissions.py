"""Each role's group carries exactly the permissions the apps register for it."""

import pytest
from django.contrib.auth.models import Group, Permission

from decocrm.accounts.choices import Role
from decocrm.accounts.roles import sync_role_groups
from tests.layering import DOMAIN_APPS, layering_offences, names_in_python, names_in_template

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
        "archives.add_documentkind",
        "archives.change_documentkind",
        "archives.view_archivefile",
        "archives.view_archiveitem",
        "archives.view_documentkind",
        "archives.view_filedefect",
        "archives.view_handover",
        "audit.view_accesslog",  # issue 12: managers read the export and access logs
        "audit.view_exportlog",
        "archives.view_borrowrequest",  # issue 12: borrowing and destructions, read and approved in the admin
        "archives.view_destruction",
        "archives.view_retainedfile",
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
        "archives.add_archivefile",
        "archives.add_archiveitem",
        "archives.add_filedefect",
        "archives.add_handover",
        "archives.change_archivefile",
        "archives.change_archiveitem",
        "archives.change_filedefect",
        "archives.change_handover",
        "archives.view_archivefile",
        "archives.view_archiveitem",
        "archives.view_documentkind",
        "archives.view_filedefect",
        "archives.view_handover",
        "archives.view_borrowrequest",  # issue 12: the clerk works them through the admin's actions (services)
        "archives.view_destruction",
        "archives.view_retainedfile",
        "customers.view_contactperson",
        "customers.view_customer",
        "customers.view_district",
    },
}


def _group_permissions():
    """What the project's apps give each role (the kit app that only the test settings install, tests/kitapp,
    registers its own: tests/kitapp/test_kit.py checks it)."""
    return {
        group.name: {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.all()
            if p.content_type.app_label != "kitapp"
        }
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


# Capability groups (roles.register_capability_group): duties that are not roles, filled by superusers.
CAPABILITIES = {
    "quality_control": {"leads.appeal_quality_control"},
    "general_office": {"leads.appeal_general_office"},
    "sales_head": {"customers.mark_key_accounts"},  # the sales department head marks key accounts [004 §5]
    "legal": {"complaints.receive_major_complaint_warnings"},  # warned of every major complaint [002 §2.5]
}


def test_every_role_group_carries_exactly_the_permissions_it_had():
    assert _group_permissions() == {role.value: perms for role, perms in SNAPSHOT.items()} | CAPABILITIES


def test_sync_puts_back_exactly_those_permissions_after_a_group_was_changed_by_hand():
    sales = Group.objects.get(name=Role.SALES)
    sales.permissions.add(Permission.objects.get(codename="delete_customer"))
    Group.objects.get(name=Role.MANAGER).permissions.clear()
    Group.objects.get(name="quality_control").permissions.add(Permission.objects.get(codename="delete_customer"))
    sync_role_groups(Group, Permission)
    assert _group_permissions() == {role.value: perms for role, perms in SNAPSHOT.items()} | CAPABILITIES


@pytest.fixture
def registry(monkeypatch):
    """The role-permission registry as the apps filled it, restored after the test."""
    from decocrm.accounts import roles

    monkeypatch.setattr(roles, "_REGISTERED", {role: set(perms) for role, perms in roles._REGISTERED.items()})
    return roles


def test_a_role_gets_the_union_of_what_the_apps_register_and_unknown_codenames_wait(registry):
    registry.register_role_permissions(Role.SALES, ["customers.view_customer"])
    registry.register_role_permissions(Role.SALES, ["leads.view_lead", "later.view_thing"])  # no such model yet
    sync_role_groups(Group, Permission)
    assert _group_permissions()[Role.SALES] == {"customers.view_customer", "leads.view_lead"}
    assert _group_permissions()[Role.MANAGER] == SNAPSHOT[Role.MANAGER]


def test_a_capability_group_is_not_a_role(registry):
    with pytest.raises(ValueError):
        registry.register_capability_group(Role.SALES.value, ["leads.view_lead"])
    with pytest.raises(ValueError):
        registry.register_capability_group("archive_office", ["view_lead"])


@pytest.mark.parametrize("bad", ["view_customer", ".view_customer", "customers."])
def test_a_codename_without_its_app_label_is_refused(registry, bad):
    with pytest.raises(ValueError, match="app_label.codename"):
        registry.register_role_permissions(Role.SALES, [bad])
    assert registry.role_permissions(Role.SALES) == frozenset()


def test_the_cross_cutting_apps_name_no_domain_app():
    """The registries are the only way a domain app reaches the menu, the role groups, the home page and the demo
    data (ENGINEERING.md layout). The project's settings and root URLconf are not apps and list them all."""
    cross_cutting = ["decocrm/core", "decocrm/accounts", "decocrm/notifications", "decocrm/sla", "decocrm/workdays",
                     "decocrm/audit"]  # fmt: skip
    assert layering_offences(cross_cutting, DOMAIN_APPS) == {}


def test_the_layering_check_sees_a_hard_coded_menu_entry_permission_import_or_template():
    source = (
        'NavEntry(_("Leads"), "leads:list")\nPERMS = ["leads.view_lead"]\nimport customers.models\n"""A leads. b"""\n'
    )
    assert sorted(names_in_python(source, DOMAIN_APPS)) == [1, 2, 3]
    template = '{% load i18n %}\n<p>leads: none</p>\n{% include "leads/_pager.html" %}\n'
    assert names_in_template(template, DOMAIN_APPS) == [3]
