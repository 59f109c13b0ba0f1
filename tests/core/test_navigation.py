"""The navigation: what each role sees, in which order, and that an entry whose page does not exist yet is left out."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from decocrm.accounts.choices import Role
from decocrm.core import navigation

TEST_ONLY = "kitapp:"  # the kit app's entry: only the test settings install it (tests/kitapp/test_kit.py checks it)


def nav_for(user):
    return [item for item in navigation.nav_for(user) if not item["url_name"].startswith(TEST_ONLY)]


# The menu of every role as it was when the entries were still one hard-coded list in decocrm/core (issue 8): moving
# each entry into its app's AppConfig.ready() must not change who sees what, nor the order. Contracts (issue 10)
# joined the salespeople's and managers' menus once its list page existed, and projects (issue 10) the designers',
# project managers' and managers' menus; complaints (issue 11) customer relations' and managers' menus; repairs,
# revisits and surveys (issue 11) after-sales', customer relations' and managers' menus; file borrowing (issue 12)
# everyone's, the archive KPIs the managers'.
MENU_BY_ROLE = {
    Role.SALES: ["home", "leads:list", "customers:list", "contracts:list", "archives:borrow_list"],
    Role.DESIGNER: ["home", "leads:list", "customers:list", "projects:list", "archives:borrow_list"],
    Role.PROJECT_MANAGER: ["home", "customers:list", "projects:list", "archives:borrow_list"],
    Role.AFTER_SALES: [
        "home",
        "customers:list",
        "aftersales:list",
        "aftersales:revisits",
        "aftersales:surveys",
        "archives:borrow_list",
    ],
    Role.CUSTOMER_RELATIONS: [
        "home",
        "customers:list",
        "aftersales:revisits",
        "aftersales:surveys",
        "complaints:list",
        "archives:borrow_list",
    ],  # fmt: skip
    Role.MANAGER: [
        "home",
        "leads:list",
        "customers:list",
        "contracts:list",
        "projects:list",
        "aftersales:list",
        "aftersales:revisits",
        "aftersales:surveys",
        "complaints:list",
        "archives:borrow_list",
        "sla:dashboard",
        "leads:reports",
        "archives:kpis",
        "staff_handovers",
        "admin:index",
    ],
    Role.ARCHIVE_CLERK: ["home", "archives:borrow_list", "admin:index"],
}
SUPERUSER_MENU = [
    "home",
    "leads:list",
    "customers:list",
    "contracts:list",
    "projects:list",
    "aftersales:list",
    "aftersales:revisits",
    "aftersales:surveys",
    "complaints:list",
    "archives:borrow_list",
    "sla:dashboard",
    "leads:reports",
    "archives:kpis",
    "staff_handovers",
    "admin:index",
]
ADMIN_SITE_ROLES = {Role.MANAGER, Role.ARCHIVE_CLERK}


def _user(role, *, superuser=False):
    return SimpleNamespace(role=role, is_superuser=superuser, is_staff=superuser or role in ADMIN_SITE_ROLES)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_entries_in_the_menu_order(role):
    items = nav_for(_user(role))
    assert [item["url_name"] for item in items] == MENU_BY_ROLE[role]
    assert all(item["url"] == reverse(item["url_name"]) for item in items)


def test_a_superuser_sees_every_entry_that_resolves():
    assert [item["url_name"] for item in nav_for(_user(Role.SALES, superuser=True))] == SUPERUSER_MENU


@pytest.mark.django_db
def test_the_page_renders_the_menu_of_the_signed_in_role(client, make_staff, team):
    client.force_login(make_staff(Role.MANAGER, team=team))
    page = client.get(reverse("home")).content.decode()
    positions = [page.find(f'href="{reverse(name)}"') for name in MENU_BY_ROLE[Role.MANAGER]]
    assert -1 not in positions and positions == sorted(positions)


@pytest.fixture
def registry(monkeypatch):
    """The menu registry as the apps filled it, restored after the test."""
    monkeypatch.setattr(navigation, "_ENTRIES", dict(navigation._ENTRIES))
    return navigation


def test_an_entry_is_placed_by_its_order_not_by_when_it_was_registered(registry):
    registry.register_nav_entry(registry.NavEntry("Last", "home", "x", order=2000))  # replaces My work
    registry.register_nav_entry(registry.NavEntry("First", "customers:list", "x", order=1))
    names = [item["url_name"] for item in nav_for(_user(Role.SALES))]
    assert names == ["customers:list", "leads:list", "contracts:list", "archives:borrow_list", "home"]
    assert [entry.url_name for entry in registry.nav_entries()].count("home") == 1


def test_an_entry_whose_page_does_not_exist_yet_is_left_out(registry):
    registry.register_nav_entry(registry.NavEntry("Soon", "nowhere:list", "x", order=15))
    assert "nowhere:list" in [entry.url_name for entry in registry.nav_entries()]
    assert [item["url_name"] for item in nav_for(_user(Role.SALES, superuser=True))] == SUPERUSER_MENU


def test_the_later_apps_have_declared_their_entries_ahead_of_their_pages():
    from decocrm.core.navigation import nav_entries

    declared = {entry.url_name: entry.order for entry in nav_entries()}
    assert [declared[name] for name in ("contracts:list", "projects:list", "aftersales:list", "complaints:list")] == [
        40,
        50,
        60,
        70,
    ]
