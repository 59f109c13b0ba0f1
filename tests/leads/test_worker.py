"""Once through a real Celery worker and a real beat on Redis: the beat entry leads registers from its AppConfig
makes a stale next_due_at current (the catch-up behind a failed deadline listener)."""

import time

import pytest
from celery.beat import EmbeddedService
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from decocrm.celery import app
from decocrm.sla.selectors import clocks_for_subject
from leads.models import Lead
from tests.conftest import skip_or_fail

ENTRY = "leads-reconcile-next-due"


@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_beat_tick_makes_a_stale_next_due_current_through_a_real_worker(capture, salesperson, tmp_path):
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set: the real worker and beat need Redis")
    lead = capture(salesperson)
    due = clocks_for_subject(lead).get().due_at
    Lead.objects.filter(pk=lead.pk).update(next_due_at=None)  # the listener never ran
    app.conf.task_always_eager = False
    old_schedule = app.conf.beat_schedule
    app.conf.beat_schedule = {ENTRY: {**old_schedule[ENTRY], "schedule": 1.0}}
    beat = EmbeddedService(app, thread=True, schedule_filename=str(tmp_path / "beat-schedule"), max_interval=1)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            beat.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and Lead.objects.get(pk=lead.pk).next_due_at is None:
                time.sleep(0.5)
    finally:
        beat.stop()
        app.conf.beat_schedule = old_schedule
    assert Lead.objects.get(pk=lead.pk).next_due_at == due
