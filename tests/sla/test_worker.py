"""Once through a real Celery worker and a real beat on Redis: a beat tick records a breach."""

import time
from datetime import timedelta

import pytest
from celery.beat import EmbeddedService
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from decocrm.celery import app
from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.models import Clock
from decocrm.sla.services import clock_start
from tests.conftest import skip_or_fail


@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_beat_tick_breaches_an_overdue_clock_through_a_real_worker(make_staff, tmp_path):
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set: the real worker and beat need Redis")
    owner = make_staff(Role.SALES, email="owner@example.com")
    subject = team_create(name="一位客户")
    clock = clock_start(
        kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owner, at=timezone.now() - timedelta(hours=3)
    )
    app.conf.task_always_eager = False
    old_schedule = app.conf.beat_schedule
    app.conf.beat_schedule = {"sla-sweep": {**old_schedule["sla-sweep"], "schedule": 1.0}}
    beat = EmbeddedService(app, thread=True, schedule_filename=str(tmp_path / "beat-schedule"), max_interval=1)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            beat.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if Clock.objects.filter(pk=clock.pk, state=ClockState.BREACHED).exists():
                    break
                time.sleep(0.5)
    finally:
        beat.stop()
        app.conf.beat_schedule = old_schedule
    clock.refresh_from_db()
    assert clock.state == ClockState.BREACHED
    assert Notification.objects.filter(recipient=owner, kind="sla_breach").count() == 1
