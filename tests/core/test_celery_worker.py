"""Once through a real Celery worker on Redis: the task really leaves the process and comes back."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from decocrm.celery import app
from decocrm.core.tasks import heartbeat
from tests.conftest import skip_or_fail


@pytest.fixture
def redis_worker(transactional_db):
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set: the real-worker test needs Redis")
    app.conf.task_always_eager = False
    old_backend = app.conf.result_backend
    app.conf.result_backend = settings.REDIS_URL
    app.conf.task_ignore_result = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.result_backend = old_backend
        app.conf.task_ignore_result = True


@pytest.mark.needs_redis
def test_heartbeat_runs_in_a_real_worker(redis_worker):
    result = heartbeat.apply_async(ignore_result=False)
    stamp = result.get(timeout=30)
    assert stamp.endswith("+08:00")
