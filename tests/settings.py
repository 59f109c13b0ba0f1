"""The test settings: production's (decocrm.settings), plus the kit app declared under tests/ (tests/kitapp) that
proves a new app needs no edit of decocrm/core, decocrm/sla, decocrm/accounts or customers (issue 8). pytest reads
this module (pyproject.toml); `manage.py` and the servers never do, so the kit app is not installed in production
and `makemigrations --check` there does not see it."""

from decocrm.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.kitapp"]  # noqa: F405
ROOT_URLCONF = "tests.urls"
# Rate limits count per address, and every test client is 127.0.0.1: off, except in the tests of a limit, which
# turn it on (settings.RATELIMIT_ENABLE = True) with a cleared cache.
RATELIMIT_ENABLE = False
# Each test process keeps its cache in memory, emptied before every test (tests/conftest.py): figures kept from one
# test must not answer another's. The Redis cache production uses: tests/core/test_figures.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions as production keeps them when it has its shared cache (decocrm/settings/), whatever REDIS_URL says
# here, so that the query counts the tests pin do not depend on it.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
