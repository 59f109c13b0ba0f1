import logging

import pytest
from django.utils import timezone

from decocrm.core.models import PeriodicRun
from decocrm.core.runs import HEARTBEAT_RUN
from decocrm.core.tasks import heartbeat


@pytest.mark.django_db
def test_heartbeat_logs_a_line_and_stamps_its_run(caplog):
    with caplog.at_level(logging.INFO, logger="decocrm.core.tasks"):
        stamp = heartbeat()
    assert "+08:00" in stamp  # local Asia/Shanghai time
    assert "DecoCRM heartbeat" in caplog.text
    first = PeriodicRun.objects.get(name=HEARTBEAT_RUN)
    assert timezone.localtime(first.finished_at).isoformat() == stamp
    heartbeat()
    assert PeriodicRun.objects.get().finished_at >= first.finished_at  # one row, overwritten


def test_beat_schedules_the_heartbeat_every_minute():
    from decocrm.celery import app

    entry = app.conf.beat_schedule["heartbeat"]
    assert entry["task"] == "decocrm.core.tasks.heartbeat"
    assert entry["schedule"] == 60.0
    assert "decocrm.core.tasks.heartbeat" in app.tasks
