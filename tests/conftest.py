"""Shared fixtures. The suite runs on whatever DATABASE_URL / REDIS_URL say (scripts/test picks the local
PostgreSQL and Redis when they answer) and prints which, at the top and at the bottom of the run."""

import os

import pytest
from django.conf import settings

from decocrm.accounts.choices import Role
from decocrm.celery import app as celery_app

from .factories import StaffFactory, TeamFactory

REQUIRE_SERVICES = os.environ.get("DECOCRM_REQUIRE_SERVICES") == "1"


def _backend_summary():
    db = settings.DATABASES["default"]
    where = db["ENGINE"].rsplit(".", 1)[-1]
    if where == "postgresql":
        where += f" ({db.get('HOST') or 'socket'}:{db.get('PORT') or 5432}/{db['NAME']} -> test_{db['NAME']})"
    broker = "redis " + settings.REDIS_URL if settings.REDIS_URL else "embedded filesystem broker (no REDIS_URL)"
    return f"DecoCRM tests: database={where}; broker={broker}"


def pytest_report_header(config):
    return _backend_summary()


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(_backend_summary())


def skip_or_fail(reason):
    """Without a service a test is skipped (and reported); in CI (DECOCRM_REQUIRE_SERVICES=1) it fails."""
    if REQUIRE_SERVICES:
        pytest.fail(reason + " (DECOCRM_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (tests/settings.py: local memory): no figures kept from another test."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process unless a test starts a real worker (see tests/core/test_celery_worker.py)."""
    old = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = old
    # An eager task makes Celery build and cache a result backend from the configuration of the moment (none);
    # forget it, so a later real-worker test that configures Redis as the backend gets one.
    celery_app._local.__dict__.pop("backend", None)
    celery_app._backend_cache = None


@pytest.fixture
def team(db):
    return TeamFactory()


@pytest.fixture
def make_staff(db):
    def make(role=Role.SALES, **kwargs):
        return StaffFactory(role=role, **kwargs)

    return make


@pytest.fixture
def salesperson(make_staff, team):
    return make_staff(Role.SALES, team=team)


@pytest.fixture
def manager(make_staff, team):
    return make_staff(Role.MANAGER, team=team)


@pytest.fixture
def team_manager(make_staff, team):
    """The manager of `team` (Team.manager points at them): sees that team's staff, leads and clocks."""
    from decocrm.accounts.services import team_set_manager

    boss = make_staff(Role.MANAGER, team=team)
    team_set_manager(team=team, manager=boss)
    return boss


@pytest.fixture
def company_manager(make_staff):
    """A manager who sees every team (company_wide)."""
    return make_staff(Role.MANAGER, company_wide=True)
