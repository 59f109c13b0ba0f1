"""Large imports in the background (decocrm.core.import_jobs): the admin hands a file of more than IMPORT_ASYNC_ROWS
rows to a Celery task and the importer to its progress page; the task imports all or nothing and the page shows the
rows imported or every bad row; once through a real worker on Redis."""

import time

import pytest
import tablib
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Customer
from customers.resources import CustomerResource
from decocrm.accounts.choices import Role
from decocrm.celery import app
from decocrm.core.import_jobs import import_job_run, import_job_start
from decocrm.core.models import ImportJob, ImportJobState
from tests.conftest import skip_or_fail


def _csv(rows, bad_line=None):
    data = tablib.Dataset(headers=["name", "phone", "kind"])
    for n in range(rows):
        data.append([f"客户{n}", "12345" if n + 2 == bad_line else f"1390000{n:04d}", "residential"])
    return SimpleUploadedFile("big.csv", data.export("csv").encode("utf-8-sig"), "text/csv")


@pytest.fixture
def clerk(make_staff):
    return make_staff(Role.ARCHIVE_CLERK)


@pytest.mark.django_db
def test_the_task_imports_the_file_and_records_the_rows(clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = import_job_start(resource_class=CustomerResource, upload=_csv(30), file_format="csv", by=clerk)
    assert len(queued) == 1 and job.state == ImportJobState.QUEUED and job.file.name.startswith("imports/")
    job = import_job_run(job_id=job.pk)
    assert (job.state, job.imported_rows, job.total_rows, job.errors) == (ImportJobState.DONE, 30, 30, [])
    assert Customer.objects.count() == 30
    assert import_job_run(job_id=job.pk).imported_rows == 30 and Customer.objects.count() == 30  # once only


@pytest.mark.django_db
def test_a_bad_row_imports_nothing_and_the_page_lists_it(client, clerk):
    job = import_job_start(resource_class=CustomerResource, upload=_csv(30, bad_line=17), file_format="csv", by=clerk)
    job = import_job_run(job_id=job.pk)
    assert job.state == ImportJobState.FAILED and not Customer.objects.exists()
    assert [(e["line"], e["column"]) for e in job.errors] == [(17, "电话")] or [
        (e["line"], e["column"]) for e in job.errors] == [(17, "phone")]  # fmt: skip
    client.force_login(clerk)
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'id="import-errors"' in page and "<td>17</td>" in page and "hx-trigger" not in page


@pytest.mark.django_db
def test_the_admin_sends_a_large_file_to_the_background_and_the_page_polls(client, clerk, settings):
    settings.IMPORT_ASYNC_ROWS = 10
    client.force_login(clerk)
    page = client.get("/admin/customers/customer/import/")
    index = next(value for value, label in page.context["form"].fields["format"].choices if label == "csv")
    response = client.post("/admin/customers/customer/import/", {"format": index, "resource": "0",
                                                                  "import_file": _csv(11)})  # fmt: skip
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{job.pk}/"
    assert job.total_rows == 11 and job.created_by == clerk and job.resource == "customers.resources.CustomerResource"
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and 'data-state="queued"' in page  # polls while it runs
    fragment = client.get(f"/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="import-job"') and "<html" not in fragment


@pytest.mark.django_db
def test_someone_elses_import_is_a_404(client, clerk, make_staff):
    job = import_job_start(resource_class=CustomerResource, upload=_csv(3), file_format="csv", by=clerk)
    client.force_login(make_staff(Role.ARCHIVE_CLERK))
    assert client.get(f"/imports/{job.pk}/").status_code == 404


def test_a_file_that_is_no_spreadsheet_is_refused(db, clerk):
    from django.core.exceptions import ValidationError

    fake = SimpleUploadedFile("big.xlsx", b"not a zip at all", "application/octet-stream")
    with pytest.raises(ValidationError):
        import_job_start(resource_class=CustomerResource, upload=fake, file_format="xlsx", by=clerk)


@pytest.fixture
def redis_worker(transactional_db):
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set: the real-worker test needs Redis")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.task_always_eager = True


@pytest.mark.needs_redis
def test_a_real_worker_runs_the_import(redis_worker, make_staff):
    clerk = make_staff(Role.ARCHIVE_CLERK)
    job = import_job_start(resource_class=CustomerResource, upload=_csv(25), file_format="csv", by=clerk)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in (ImportJobState.DONE, ImportJobState.FAILED):
            break
        time.sleep(0.5)
    assert (job.state, job.imported_rows) == (ImportJobState.DONE, 25)
    assert Customer.objects.count() == 25


@pytest.mark.django_db
def test_the_job_is_queued_after_commit_and_the_task_runs_it(clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(resource_class=CustomerResource, upload=_csv(12), file_format="csv", by=clerk)
    job.refresh_from_db()
    assert (job.state, job.imported_rows) == (ImportJobState.DONE, 12) and Customer.objects.count() == 12


@pytest.mark.django_db
def test_the_page_shows_the_progress_the_worker_notes(client, clerk):
    from decocrm.core import import_jobs

    job = import_job_start(resource_class=CustomerResource, upload=_csv(3), file_format="csv", by=clerk)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJobState.RUNNING, total_rows=1000)
    import_jobs._progress_set(import_jobs._progress_key(job.pk), 400)  # as the worker's callback does, every 200 rows
    try:
        client.force_login(clerk)
        fragment = client.get(f"/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
        assert 'value="40"' in fragment and "400" in fragment
    finally:
        import_jobs._progress_clear(import_jobs._progress_key(job.pk))
