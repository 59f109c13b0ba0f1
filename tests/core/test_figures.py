"""Figures kept between writes (decocrm/core/figures.py), in the Redis cache production uses: computed once per
version, dropped for every reader by a write, and dropped again at the write's commit."""

import os
import uuid

import pytest
from django.db import transaction
from django.test import override_settings

from decocrm.core.figures import bump_figures, cached_figures

REDIS = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS.startswith("redis://"), reason="needs Redis (REDIS_URL)")


@pytest.fixture
def redis_cache():
    prefix = f"test-figures-{uuid.uuid4().hex}"  # this test's own keys: nothing kept from another run
    settings = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS, "KEY_PREFIX": prefix}
    with override_settings(CACHES={"default": settings}):
        from django.core.cache import cache

        yield cache


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    return compute, calls


@pytest.mark.django_db
def test_computed_once_until_a_write_drops_it(redis_cache):
    compute, calls = _counting()
    assert cached_figures("sums", "u1", compute=compute) == {"n": 1}
    assert cached_figures("sums", "u1", compute=compute) == {"n": 1}
    assert cached_figures("sums", "u2", compute=compute) == {"n": 2}  # another scope, its own figures
    bump_figures("sums")
    assert cached_figures("sums", "u1", compute=compute) == {"n": 3}
    assert len(calls) == 3


@pytest.mark.django_db(transaction=True)
def test_a_reader_between_the_write_and_its_commit_leaves_nothing_behind(redis_cache):
    compute, calls = _counting()
    with transaction.atomic():
        bump_figures("sums")
        stale = cached_figures("sums", "u1", compute=compute)  # read the rows as they were before the commit
    assert stale == {"n": 1}
    assert cached_figures("sums", "u1", compute=compute) == {"n": 2}  # the commit dropped it again
