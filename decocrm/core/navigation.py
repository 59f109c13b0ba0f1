"""The navigation menu: a registry of entries, each shown to the roles that use it.

Core never names a domain app: each app registers its own entries in its AppConfig.ready()
(`register_nav_entry(NavEntry(...))`), and the menu lists them by `order` (smaller first), so where an entry sits
does not depend on which app's ready() ran first. The orders in use: 10 my work, 20-29 selling (leads), 30
customers, 40 contracts, 50 projects, 60 after-sales, 70 complaints, 80-89 managers' reports, 1000 the admin site.

An entry whose URL name does not resolve (its app has no page there yet) is left out of the menu.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
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
    order: int = 100


_ENTRIES: dict[str, NavEntry] = {}


def register_nav_entry(entry: NavEntry) -> NavEntry:
    """Add an entry to the menu. Registering the same URL name again replaces the entry (ready() may run twice)."""
    _ENTRIES[entry.url_name] = entry
    return entry


def nav_entries() -> list[NavEntry]:
    """Every registered entry, in menu order (registration order among equal orders)."""
    return sorted(_ENTRIES.values(), key=lambda entry: entry.order)


@lru_cache(maxsize=256)
def _url(url_name, urlconf, prefix):
    """An entry's URL (None if it does not resolve), reversed once per URL configuration and script prefix instead
    of on every page (a reverse is about 90 function calls, a menu ten of them)."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def nav_for(user):
    """The entries this user sees, with their resolved URLs."""
    items = []
    for entry in nav_entries():
        if entry.staff_only:
            if not user.is_staff:
                continue
        elif not (user.is_superuser or user.role in entry.roles):
            continue
        url = _url(entry.url_name, get_urlconf(settings.ROOT_URLCONF), get_script_prefix())
        if url is None:
            continue
        items.append({"label": entry.label, "url": url, "icon": entry.icon, "url_name": entry.url_name})
    return items


def register_core_entries():
    register_nav_entry(NavEntry(_("My work"), "home", "house-door", order=10))
    register_nav_entry(NavEntry(_("Admin site"), "admin:index", "gear", staff_only=True, order=1000))
