"""Real `celery worker` processes for the tests that check queues end to end (tests/sla/test_queues.py,
tests/projects/test_report_filing.py): each its own process with its own Django, on the test database, Redis and
MEDIA_ROOT, consuming only the queues it is given. The test needs `transactional_db` (the worker reads what the
test committed) and sets `app.conf.task_always_eager = False` (tests/conftest.py puts it back)."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

READY_SECONDS = 60


def start_worker(queues: str, log_dir):
    """A real worker process on `queues` ("sweep,notify"), logging to a file in `log_dir`: (process, log path)."""
    db = connection.settings_dict
    user = f"{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}",
        "REDIS_URL": settings.REDIS_URL,
        "DEBUG": "1",  # a development key: this process is not run by pytest
        "EMAIL_URL": "memorymail://",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    log = Path(log_dir) / f"{queues.replace(',', '-')}.log"
    command = [sys.executable, "-m", "celery", "-A", "decocrm", "worker", f"--queues={queues}", "--pool=solo",
               f"--hostname={queues.replace(',', '-')}-{uuid.uuid4().hex[:8]}@%h", "--without-mingle",
               "--without-gossip", "--loglevel=INFO"]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=out, stderr=subprocess.STDOUT)
    return process, log


def wait_for(condition, seconds, what, logs=()):
    """Poll `condition` until true; past `seconds`, fail with the workers' log tails."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    tails = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for log in logs)
    raise AssertionError(f"{what}: not within {seconds} s\n{tails}")


def stop_workers(workers) -> None:
    for process, _log in workers:
        process.terminate()
    for process, _log in workers:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def running_workers(*queue_lists: str, log_dir):
    """One ready worker per queue list ("imports", "sweep,notify"); yields their log paths; stops them after."""
    workers = []
    try:
        for queues in queue_lists:
            workers.append(start_worker(queues, log_dir))
        logs = [log for _process, log in workers]
        for _process, log in workers:
            wait_for(lambda log=log: " ready." in log.read_text(), READY_SECONDS, f"{log.name} worker ready", logs)
        yield logs
    finally:
        stop_workers(workers)
