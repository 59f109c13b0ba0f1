"""Separate Celery queues (issue 14): every task is routed to its queue with its own limits, and through two real
worker processes (one on "imports", one on "sweep" and "notify") a breach notice is delivered while a long import
is still running."""

import tempfile
import time
from datetime import timedelta

import pytest
import tablib
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from decocrm.celery import app
from decocrm.core.import_jobs import import_job_start
from decocrm.core.models import ImportJob, ImportJobState
from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_start
from decocrm.sla.tasks import sweep_clocks
from tests.celery_workers import running_workers, wait_for
from tests.conftest import skip_or_fail

from .slow_import import SECONDS_PER_ROW, SlowCustomerResource

ROUTES = {
    "decocrm.sla.tasks.sweep_clocks": "sweep",
    "decocrm.core.tasks.heartbeat": "sweep",
    "decocrm.notifications.tasks.deliver_notifications": "notify",
    "decocrm.core.tasks.run_import_job": "imports",
    "customers.tasks.export_customers": "imports",  # the pattern the apps' future background exports take
    "projects.tasks.render_acceptance_pdf": "pdf",  # and their PDFs
    "projects.tasks.render_acceptance_report_pdf": "pdf",
    "decocrm.sla.tasks.recompute_deadlines": "celery",
    "leads.tasks.return_breached_leads_to_pool": "celery",
    "decocrm.workdays.tasks.calendar_daily_check": "celery",
}


def _queue(task_name):
    return app.amqp.router.route({}, task_name)["queue"].name


@pytest.mark.parametrize(("task_name", "queue"), ROUTES.items())
def test_each_task_goes_to_its_queue(task_name, queue):
    assert _queue(task_name) == queue


def test_every_registered_task_has_a_declared_queue_and_the_urgent_ones_short_limits():
    app.loader.import_default_modules()
    declared = {queue.name for queue in app.conf.task_queues}
    assert declared == {"sweep", "notify", "imports", "pdf", "celery"}
    ours = [name for name in app.tasks if not name.startswith("celery.")]
    assert len(ours) >= 10 and all(_queue(name) in declared for name in ours)
    sweep = app.tasks["decocrm.sla.tasks.sweep_clocks"]
    notify = app.tasks["decocrm.notifications.tasks.deliver_notifications"]
    imports = app.tasks["decocrm.core.tasks.run_import_job"]
    assert (sweep.soft_time_limit, sweep.time_limit) == (100, 120)
    assert (notify.soft_time_limit, notify.time_limit) == (240, 300)
    assert (imports.soft_time_limit, imports.time_limit) == (29 * 60, 30 * 60)
    pdf = app.tasks["projects.tasks.render_acceptance_report_pdf"]  # limited by its route's pattern
    assert _queue(pdf.name) == "pdf" and (pdf.soft_time_limit, pdf.time_limit) == (60, 90)


def _csv(rows):
    data = tablib.Dataset(headers=["name", "phone", "kind"])
    for n in range(rows):
        data.append([f"客户{n}", f"1390000{n:04d}", "residential"])
    return SimpleUploadedFile("slow.csv", data.export("csv").encode("utf-8-sig"), "text/csv")


@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_long_import_does_not_delay_a_breach_notice(make_staff):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        skip_or_fail("REDIS_URL and PostgreSQL are needed: two real workers share them with this test")
    owner = make_staff(Role.SALES, email="owner@example.com")
    clerk = make_staff(Role.ARCHIVE_CLERK)
    clock_start(kind=ClockKind.REPAIR_CONTACT, subject=team_create(name="一位客户"), owner=owner,
                at=timezone.now() - timedelta(hours=3))  # fmt: skip
    rows = 60  # 15 s of import at SECONDS_PER_ROW
    app.conf.task_always_eager = False  # back on after the test (tests/conftest.py)
    with tempfile.TemporaryDirectory() as log_dir, running_workers("imports", "sweep,notify", log_dir=log_dir) as logs:
        job = import_job_start(resource_class=SlowCustomerResource, upload=_csv(rows), file_format="csv", by=clerk)
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).state == ImportJobState.RUNNING, 30, "import", logs)
        started = time.monotonic()
        sweep_clocks.delay()  # as beat sends it: to the sweep queue, the breach's delivery then to "notify"

        def delivered():
            return Notification.objects.filter(recipient=owner, kind="sla_breach", email_state="sent").exists()

        wait_for(delivered, rows * SECONDS_PER_ROW, "the breach notice delivered", logs)
        waited = time.monotonic() - started
        assert ImportJob.objects.get(pk=job.pk).state == ImportJobState.RUNNING, "the import ended first"
        assert waited < rows * SECONDS_PER_ROW / 2
        wait_for(lambda: ImportJob.objects.get(pk=job.pk).finished, 120, "the import to end", logs)
        assert ImportJob.objects.get(pk=job.pk).state == ImportJobState.DONE
