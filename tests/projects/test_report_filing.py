"""The completion acceptance report filed in the customer's archive (issue 14, the "pdf" queue): when the final
acceptance passes, a task queued after the commit renders the report and files it on the archive checklist's item
for it, marked generated; once, whatever the number of runs; a failed rendering leaves the acceptance as it is; the
filed copy is downloaded by whoever sees the project; one real worker consuming only "pdf" does it end to end."""

import tempfile
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.db import connection
from django.urls import reverse

from customers.archives.models import ArchiveItem
from customers.archives.services import archive_checklist_refresh, item_check, item_receive
from decocrm.accounts.choices import Role
from decocrm.celery import app
from decocrm.core.pdf import cjk_font_available
from projects.archives import COMPLETION_REPORT
from projects.choices import ProjectState
from projects.models import Acceptance, Project
from projects.report import report_filename
from projects.tasks import queue_missing_acceptance_reports, render_acceptance_report_pdf
from tests.celery_workers import running_workers, wait_for
from tests.conftest import skip_or_fail
from tests.uploads import pdf_bytes, upload

from .helpers import accept, run_through, start
from .test_report import pdf_text


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def report_item(project):
    return ArchiveItem.objects.get(file__customer=project.customer, document_kind__system_document=COMPLETION_REPORT)


def archived_files(media):
    """The files stored in the archive's folder (the signed contract's scan is stored under contracts/)."""
    return sorted(path for path in (media / "archives").rglob("*") if path.is_file())


def complete(project, pm):
    """Every stage but the last accepted; then the last one's acceptance (the completion), returned."""
    stages = list(project.stages.all())
    for stage in stages[:-1]:
        start(stage, pm)
        accept(stage, pm)
    start(stages[-1], pm)
    return accept(stages[-1], pm)


@pytest.mark.django_db
def test_the_task_files_the_report_once_as_a_pdf_of_the_project(approved, pm, media):
    if not cjk_font_available():
        skip_or_fail("no CJK font for PDF documents: apt-get install fonts-noto-cjk")
    run_through(approved, pm)
    project = Project.objects.select_related("contract", "customer").get(pk=approved.pk)

    first = render_acceptance_report_pdf(project.pk)

    item = report_item(project)
    assert first == item.pk and item.scan_generated and item.scan_name == report_filename(project)
    assert not item.received  # the signed paper is still to be handed to the clerk
    with item.scan.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"%PDF") and project.contract.number in pdf_text(content)
    files = archived_files(media)
    assert len(files) == 1 and files[0].suffix == ".pdf"

    assert render_acceptance_report_pdf(project.pk) == item.pk  # run again (a redelivery, a retry)
    again = report_item(project)
    assert (again.scan.name, again.scan_name) == (item.scan.name, item.scan_name)
    assert archived_files(media) == files


@pytest.mark.django_db
def test_the_clerks_own_scan_is_kept_and_an_unfinished_project_gets_nothing(approved, pm, make_staff, media):
    run_through(approved, pm, upto=2)
    assert render_acceptance_report_pdf(approved.pk) is None  # not completed
    run_through_rest = list(approved.stages.all())[2:]
    for stage in run_through_rest:
        start(stage, pm)
        accept(stage, pm)
    clerk = make_staff(Role.ARCHIVE_CLERK)
    archive_checklist_refresh(file=approved.customer.archive_file, by=clerk)  # the completion's documents asked
    item = item_receive(item=report_item(approved), by=clerk)
    item_check(item=item, by=clerk, customer_signature_ok=True, internal_signature_ok=True,
               scan=upload("签字版.pdf", pdf_bytes(), "application/pdf"))  # fmt: skip
    with mock.patch("projects.services.report_filing.render_pdf") as render:
        render_acceptance_report_pdf(approved.pk)
    render.assert_not_called()
    kept = report_item(approved)
    assert kept.scan_name == "签字版.pdf" and not kept.scan_generated


@pytest.mark.django_db
def test_the_final_acceptance_queues_the_task_after_its_commit(approved, pm, django_capture_on_commit_callbacks):
    stages = list(approved.stages.all())
    with mock.patch.object(render_acceptance_report_pdf, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            for stage in stages[:-1]:
                start(stage, pm)
                accept(stage, pm)
            start(stages[-1], pm)
            accept(stages[-1], pm, result="failed", issues="墙面开裂", rectify_by=stages[-1].planned_end)
        delay.assert_not_called()  # a stage's acceptance, or a failed completion, is not the completion
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            accept(stages[-1], pm)  # the re-inspection passes: the project completes
        delay.assert_not_called()  # not before the commit
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(approved.pk)


@pytest.mark.django_db
def test_a_failed_rendering_leaves_the_acceptance_as_it_is(approved, pm, django_capture_on_commit_callbacks, media):
    failing = mock.patch("projects.services.report_filing.render_pdf", side_effect=OSError("no font"))
    with failing as render, django_capture_on_commit_callbacks(execute=True):
        complete(approved, pm)
    assert render.called
    with failing, pytest.raises(Retry, match="no font"):  # scheduled again, with a backoff (raised when eager)
        render_acceptance_report_pdf.apply(args=[approved.pk])
    project = Project.objects.get(pk=approved.pk)
    assert project.state == ProjectState.COMPLETED
    assert Acceptance.objects.filter(stage__project=project, node="completion", result="passed").exists()
    assert not ArchiveItem.objects.filter(scan_generated=True).exists() and not archived_files(media)


@pytest.mark.django_db
def test_the_daily_catch_up_queues_the_reports_still_missing(approved, pm):
    run_through(approved, pm)  # a plain django_db test: the completion's on_commit never runs, as if the broker failed
    with mock.patch.object(render_acceptance_report_pdf, "delay") as delay:
        assert queue_missing_acceptance_reports() == 1
    delay.assert_called_once_with(approved.pk)
    render_acceptance_report_pdf(approved.pk)
    with mock.patch.object(render_acceptance_report_pdf, "delay") as delay:
        assert queue_missing_acceptance_reports() == 0
    delay.assert_not_called()
    entry = app.conf.beat_schedule["projects-missing-reports"]  # daily, on the default queue; a backlog dropped
    assert entry["task"] == queue_missing_acceptance_reports.name and entry["options"]["expires"] < 86400


@pytest.mark.django_db
def test_the_filed_copy_is_for_whoever_sees_the_project(client, approved, pm, salesperson, make_staff):
    if not cjk_font_available():
        skip_or_fail("no CJK font for PDF documents: apt-get install fonts-noto-cjk")
    url = reverse("projects:archived_report", args=[approved.pk])
    run_through(approved, pm)
    client.force_login(salesperson)
    assert client.get(url).status_code == 404  # not filed yet
    page = client.get(reverse("projects:detail", args=[approved.pk])).content.decode()
    assert 'id="acceptance-report-archived"' not in page
    render_acceptance_report_pdf(approved.pk)
    page = client.get(reverse("projects:detail", args=[approved.pk])).content.decode()
    assert 'id="acceptance-report-archived"' in page
    for user in (salesperson, pm):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
        assert "attachment" in response["Content-Disposition"]
    client.force_login(make_staff(Role.PROJECT_MANAGER))  # another PM's project
    assert client.get(url).status_code == 404


@pytest.mark.needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_on_the_pdf_queue_files_the_report_after_the_final_acceptance(approved, pm, media):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        skip_or_fail("REDIS_URL and PostgreSQL are needed: a real worker shares them with this test")
    if not cjk_font_available():
        skip_or_fail("no CJK font for PDF documents: apt-get install fonts-noto-cjk")
    app.conf.task_always_eager = False  # back on after the test (tests/conftest.py)
    with tempfile.TemporaryDirectory() as log_dir, running_workers("pdf", log_dir=log_dir) as logs:
        complete(approved, pm)  # committed: its on_commit sends the task to the "pdf" queue

        def filed():
            return ArchiveItem.objects.filter(file__customer=approved.customer, scan_generated=True).exists()

        wait_for(filed, 60, "the report filed by the pdf worker", logs)
        assert "projects.tasks.render_acceptance_report_pdf" in logs[0].read_text()
    item = report_item(approved)
    with item.scan.open("rb") as stored:
        assert stored.read().startswith(b"%PDF")
    assert Project.objects.get(pk=approved.pk).state == ProjectState.COMPLETED
