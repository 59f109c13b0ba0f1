"""Sessions live in the database (read through the shared Redis cache when there is one: cached_db), shared by
every web process (tests/core/test_two_web_processes.py); a daily beat
task deletes the expired ones, which Django never does by itself."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from decocrm.accounts.tasks import clear_expired_sessions
from decocrm.celery import app as celery_app


def _session(expires_in):
    store = SessionStore()
    store["who"] = "someone"
    store.set_expiry(expires_in)
    store.save()
    return store.session_key


def test_sessions_are_in_the_database():
    # cached_db writes every session to the database and reads it through the cache (Redis, shared by the web
    # processes when REDIS_URL is set; tests/settings.py uses it too): never a per-process store.
    assert settings.SESSION_ENGINE in {
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    }


@pytest.mark.django_db
def test_the_expired_sessions_are_deleted_and_only_they():
    live = _session(timedelta(hours=1))
    expired = _session(timedelta(hours=1))
    Session.objects.filter(pk=expired).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert clear_expired_sessions.delay().get() == 1
    assert list(Session.objects.values_list("pk", flat=True)) == [live]
    assert SessionStore(session_key=live)["who"] == "someone"


def test_beat_runs_it_daily():
    entry = celery_app.conf.beat_schedule["accounts-clear-expired-sessions"]
    assert entry["task"] == clear_expired_sessions.name
    assert entry["schedule"].hour == {3} and entry["schedule"].minute == {40}
