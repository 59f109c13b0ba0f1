"""The navigation: one list of entries, each shown to the roles that use it.

An entry whose URL name does not resolve yet (its issue has not landed) is left out, so each issue only
adds its line here.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    icon: str
    roles: frozenset = ALL_ROLES
    staff_only: bool = False  # the Django admin site


NAV_ENTRIES = [
    NavEntry(_("My work"), "home", "house-door"),
    NavEntry(_("Leads"), "leads:list", "person-plus", frozenset({Role.SALES, Role.MANAGER, Role.DESIGNER})),
    NavEntry(_("Customers"), "customers:list", "people", ALL_ROLES - {Role.ARCHIVE_CLERK}),
    NavEntry(_("Contracts"), "contracts:list", "file-earmark-text", frozenset({Role.SALES, Role.MANAGER})),
    NavEntry(
        _("Projects"), "projects:list", "building", frozenset({Role.PROJECT_MANAGER, Role.MANAGER, Role.DESIGNER})
    ),
    NavEntry(_("Repairs"), "aftersales:list", "tools", frozenset({Role.AFTER_SALES, Role.MANAGER})),
    NavEntry(
        _("Complaints"),
        "complaints:list",
        "chat-square-text",
        frozenset({Role.CUSTOMER_RELATIONS, Role.MANAGER}),
    ),
    NavEntry(_("Overdue dashboard"), "sla:dashboard", "speedometer2", frozenset({Role.MANAGER})),
    NavEntry(_("Lead reports"), "leads:reports", "bar-chart-line", frozenset({Role.MANAGER})),
    NavEntry(_("Admin site"), "admin:index", "gear", staff_only=True),
]


def nav_for(user):
    """The entries this user sees, with their resolved URLs."""
    items = []
    for entry in NAV_ENTRIES:
        if entry.staff_only:
            if not user.is_staff:
                continue
        elif not (user.is_superuser or user.role in entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": entry.label, "url": url, "icon": entry.icon, "url_name": entry.url_name})
    return items
