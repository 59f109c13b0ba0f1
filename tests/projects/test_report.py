"""The completion acceptance report: a printable page and a PDF whose text carries the contract, the customer, every
stage's acceptances and the warranty periods; only for a completed project, only to who sees it."""

import io
import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from decocrm.core.pdf import cjk_font_available
from tests.conftest import skip_or_fail
from tests.querycount import queries_of

from .conftest import FIRST_DAY
from .helpers import accept, run_through, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(approved, pm):
    first = approved.stages.first()
    start(first, pm)
    failed_on = FIRST_DAY + timedelta(days=4)
    accept(first, pm, result="failed", issues="水管接口渗水", rectify_by=failed_on + timedelta(days=2), day=failed_on)
    accept(first, pm)  # the re-inspection passes
    run_through_rest(approved, pm)
    approved.refresh_from_db()
    return approved


def run_through_rest(project, pm):
    for stage in project.stages.all()[1:]:
        start(stage, pm)
        accept(stage, pm)


def pdf_text(content: bytes) -> str:
    # without white space: a table cell's text wraps onto several lines in the PDF
    return re.sub(r"\s", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def test_the_report_of_a_completed_project_as_a_page_and_as_a_pdf(client, completed, salesperson):
    if not cjk_font_available():
        skip_or_fail("no CJK font for PDF documents: apt-get install fonts-noto-cjk")
    client.force_login(salesperson)
    url = reverse("projects:report", args=[completed.pk])
    response, queries = queries_of(client, url)
    page = response.content.decode()
    assert completed.contract.number in page and completed.customer.name in page and "水管接口渗水" in page
    assert len(queries) <= 8, queries  # constant: the stages and their acceptances are prefetched
    started = time.perf_counter()
    response = client.get(url, {"format": "pdf"})
    elapsed = time.perf_counter() - started
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "竣工验收报告" in text or "Completionacceptancereport" in text
    assert completed.contract.number in text and completed.customer.name in text and "水管接口渗水" in text
    assert "2028-" in text and "2031-" in text  # the warranty periods completion started (2 and 5 years)
    assert elapsed < 60  # a bound against a hang (22 s seen beside a test run: the fonts load once per process)


def test_no_report_before_completion_and_none_out_of_scope(client, approved, pm, salesperson, make_staff):
    client.force_login(salesperson)
    assert client.get(reverse("projects:report", args=[approved.pk])).status_code == 404  # not completed yet
    run_through(approved, pm)
    other_pm = make_staff("project_manager")
    client.force_login(other_pm)
    assert client.get(reverse("projects:report", args=[approved.pk]), {"format": "pdf"}).status_code == 404
