"""The complaint queue's download (decocrm.core.list_exports): the rows the queue shows (scope and filters), for
customer relations and managers only; phones in full for managers only; every download in the export log; cells
safe to open; CSV and XLSX; a bounded number of queries."""

import pytest
from django.urls import reverse

from complaints.resources import COMPLAINT_COLUMNS
from decocrm.accounts.choices import Role
from decocrm.audit.models import ExportLog
from decocrm.core.exports import safe_cell
from tests.factories import TeamFactory
from tests.spreadsheets import (
    FORMULA_PAYLOADS,
    assert_csv_neutralised,
    assert_xlsx_neutralised,
    csv_cells,
    export_rows,
    xlsx_cells,
)

from .conftest import record

pytestmark = pytest.mark.django_db
URL = reverse("complaints:export")


def test_customer_relations_download_the_queue_masked_and_logged(client, relations, complaint, customer):
    client.force_login(relations)
    page = client.get(reverse("complaints:list"), {"state": "received"}).content.decode()
    assert f'href="{URL}?state=received&format=xlsx"' in page  # the link carries the list's filters
    response = client.get(URL, {"state": "received", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    (row,) = export_rows(response, COMPLAINT_COLUMNS)
    assert row["number"] == complaint.number and row["complainant"] == "王女士"
    assert row["phone"] == "138****8000"  # the customer is not theirs: masked
    (entry,) = ExportLog.objects.all()
    assert (entry.user, entry.what, entry.fmt, entry.rows) == (relations, "complaints", "csv", 1)
    assert entry.filters == "state=received"


def test_managers_get_full_phones_within_their_scope(client, team_manager, complaint, customer, make_staff,
                                                    relations):  # fmt: skip
    elsewhere = make_staff(Role.SALES, team=TeamFactory())
    theirs = record(relations, complainant_name="李先生", complainant_phone="13900139000", accused_staff=elsewhere)
    client.force_login(team_manager)
    rows = export_rows(client.get(URL, {"format": "xlsx"}), COMPLAINT_COLUMNS)
    assert [(row["number"], row["phone"]) for row in rows] == [(complaint.number, safe_cell(customer.phone))]
    assert theirs.number not in {row["number"] for row in rows}  # another team's complaint: not in the file


@pytest.mark.parametrize("role", [Role.SALES, Role.AFTER_SALES, Role.DESIGNER, Role.ARCHIVE_CLERK])
def test_other_roles_are_refused_and_nothing_is_logged(client, make_staff, team, complaint, role):
    client.force_login(make_staff(role, team=team))
    assert 'id="export-csv"' not in client.get(reverse("complaints:list")).content.decode()
    assert client.get(URL).status_code == 403
    assert not ExportLog.objects.exists()


def test_a_refused_filter_or_format_goes_back_to_the_list(client, relations, complaint):
    client.force_login(relations)
    response = client.get(URL, {"state": "nonsense"})
    assert response.status_code == 302 and response["Location"] == reverse("complaints:list") + "?state=nonsense"
    response = client.get(URL, {"format": "pdf"})
    assert response.status_code == 302 and response["Location"] == reverse("complaints:list")
    assert not ExportLog.objects.exists()


def test_formulae_are_neutralised_in_csv_and_xlsx(client, relations):
    payloads = [payload for payload in FORMULA_PAYLOADS if payload == payload.strip()]  # the intake strips the rest
    for payload in payloads:
        record(relations, complainant_name=payload, content=payload)
    client.force_login(relations)
    rows = csv_cells(b"".join(client.get(URL).streaming_content))
    assert len(rows) == 1 + len(payloads)
    assert_csv_neutralised(rows[1:], payloads)
    assert_xlsx_neutralised(xlsx_cells(client.get(URL, {"format": "xlsx"}).content), payloads)


def test_a_download_runs_a_bounded_number_of_queries(client, relations, customer, django_assert_max_num_queries):
    for n in range(30):
        record(relations, customer=customer if n % 2 else None, complainant_name=f"客户{n}")
    client.force_login(relations)
    client.get(reverse("complaints:list"))  # the session and per-process caches
    for fmt in ("csv", "xlsx"):
        with django_assert_max_num_queries(8):
            response = client.get(URL, {"format": fmt})
            rows = export_rows(response, COMPLAINT_COLUMNS)
        assert len(rows) == 30
