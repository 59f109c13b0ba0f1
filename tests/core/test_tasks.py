import logging

from decocrm.core.tasks import heartbeat


def test_heartbeat_logs_a_line(caplog):
    with caplog.at_level(logging.INFO, logger="decocrm.core.tasks"):
        stamp = heartbeat()
    assert "+08:00" in stamp  # local Asia/Shanghai time
    assert "DecoCRM heartbeat" in caplog.text


def test_beat_schedules_the_heartbeat_every_minute():
    from decocrm.celery import app

    entry = app.conf.beat_schedule["heartbeat"]
    assert entry["task"] == "decocrm.core.tasks.heartbeat"
    assert entry["schedule"] == 60.0
    assert "decocrm.core.tasks.heartbeat" in app.tasks
