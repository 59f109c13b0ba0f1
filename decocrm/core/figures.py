"""Figures a page shows that an aggregate over many rows computes (a list's totals), kept in the shared cache
between writes instead of being computed on every view.

    totals = cached_figures("receivables", scope_key(user), today, compute=lambda: ...)
    bump_figures("receivables")   # in the services, on every write the figures read

A figure is stored under its name's current version; a write moves the version on (at once, and again when the
transaction commits, so that a reader who computed from the rows before the commit cannot leave its figures under
the new version), so the next view computes afresh. FIGURES_TTL bounds what a write that forgot to bump can leave
behind. The cache is Redis when REDIS_URL is set (one for every process: decocrm/settings/), local memory
otherwise."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction


def _version_key(name: str) -> str:
    return f"figures:{name}:version"


def _version(name: str) -> int:
    key = _version_key(name)
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, timeout=None)
        version = cache.get(key) or 1
    return version


def scope_key(user) -> str:
    """What decides which rows a user sees (decocrm/core/scopes.py): the user, role, team and company-wide flag."""
    return f"{user.pk}.{getattr(user, 'role', '')}.{getattr(user, 'team_id', '')}.{int(bool(user.company_wide))}"


def cached_figures(name: str, *parts, compute):
    """compute(), kept under `name`, its current version and `parts` (each part's str) for FIGURES_TTL seconds."""
    key = ":".join(["figures", name, str(_version(name)), *map(str, parts)])
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, timeout=settings.FIGURES_TTL)
    return figures


def bump_figures(name: str) -> None:
    """The rows under `name`'s figures changed: every reader computes afresh, now and after the commit."""

    def bump():
        try:
            cache.incr(_version_key(name))
        except ValueError:  # no version yet: nothing is stored under one
            cache.add(_version_key(name), 1, timeout=None)

    bump()
    transaction.on_commit(bump)
