"""The contract list's download (decocrm.core.list_exports): the rows the list shows (scope and filters), for the
salespeople and managers only; the customers' background columns for managers only (and then in the access log);
phones in full for the customer's owner and managers; every download in the export log; cells safe to open; CSV and
XLSX; the same queries whatever the number of rows."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.resources import CONTRACT_COLUMNS
from contracts.services import contract_draft
from decocrm.accounts.choices import Role
from decocrm.audit.models import AccessLog, ExportLog
from decocrm.core.exports import safe_cell
from tests.leads.conftest import outsider as outsider  # the fixture, for these tests too
from tests.spreadsheets import assert_csv_neutralised, assert_xlsx_neutralised, csv_cells, export_rows, xlsx_cells

from .conftest import DRAFTED_AT, accepted_lead

pytestmark = pytest.mark.django_db
URL = reverse("contracts:export")
SENSITIVE = {"occupation", "income_level"}


def contract_of(capture, owner, **kwargs):
    return contract_draft(lead=accepted_lead(capture, owner, **kwargs), by=owner, at=DRAFTED_AT)


def test_a_salesperson_downloads_their_own_contracts_without_the_sensitive_columns(
    client, capture, salesperson, colleague
):
    mine = contract_of(capture, salesperson, name="自己的客户", occupation="医生")
    contract_of(capture, colleague, name="同事的客户")
    client.force_login(salesperson)
    response = client.get(URL, {"state": "draft", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    (row,) = export_rows(response, CONTRACT_COLUMNS)
    assert row["customer"] == "自己的客户" and not SENSITIVE & set(row)
    assert row["phone"] == safe_cell(mine.customer.phone)  # their own customer: in full
    assert row["amount"] == str(mine.amount)
    (entry,) = ExportLog.objects.all()
    assert (entry.user, entry.what, entry.fmt, entry.rows, entry.filters) == (
        salesperson, "contracts", "csv", 1, "state=draft"
    )  # fmt: skip
    assert not AccessLog.objects.exists()


def test_a_team_manager_gets_the_team_with_the_background_and_the_access_log(
    client, capture, salesperson, team_manager, outsider
):
    mine = contract_of(capture, salesperson, name="本组客户", occupation="医生")
    contract_of(capture, outsider, name="外组客户")
    client.force_login(team_manager)
    response = client.get(URL, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    (row,) = export_rows(response, CONTRACT_COLUMNS)
    assert (row["customer"], row["occupation"]) == ("本组客户", "医生")
    assert row["phone"] == safe_cell(mine.customer.phone) and Decimal(str(row["amount"])) == mine.amount
    (access,) = AccessLog.objects.all()
    assert (access.user, access.object_id, access.door) == (team_manager, None, "contracts:export")
    assert access.fields == ["occupation", "income_level"]
    assert ExportLog.objects.get().rows == 1


@pytest.mark.parametrize("role", [Role.DESIGNER, Role.PROJECT_MANAGER, Role.AFTER_SALES, Role.ARCHIVE_CLERK])
def test_those_who_only_read_contracts_are_refused(client, make_staff, team, role):
    client.force_login(make_staff(role, team=team))
    assert client.get(URL).status_code == 403
    assert not ExportLog.objects.exists()


def test_a_formula_in_a_name_is_neutralised_in_csv_and_xlsx(client, capture, salesperson):
    payload = '=HYPERLINK("http://x","y")'
    contract_of(capture, salesperson, name=payload)
    client.force_login(salesperson)
    assert_csv_neutralised(csv_cells(b"".join(client.get(URL).streaming_content))[1:], [payload])
    assert_xlsx_neutralised(xlsx_cells(client.get(URL, {"format": "xlsx"}).content), [payload])


def test_a_download_runs_the_same_queries_with_more_rows(
    client, capture, salesperson, team_manager, django_assert_max_num_queries
):
    contract_of(capture, salesperson)
    client.force_login(team_manager)
    b"".join(client.get(URL).streaming_content)  # the session and per-process caches (content types)
    counts = []
    for _more in range(2):
        for fmt in ("csv", "xlsx"):
            # session, user, count, rows; the export log and the access log (each in a savepoint, with its checks)
            with django_assert_max_num_queries(15) as queries:
                rows = export_rows(client.get(URL, {"format": fmt}), CONTRACT_COLUMNS)
            counts.append((fmt, len(rows), len(queries)))
        contract_of(capture, salesperson)
    (csv1, xlsx1, csv2, xlsx2) = counts
    assert (csv1[1], csv2[1]) == (1, 2) and csv1[2] == csv2[2] and xlsx1[2] == xlsx2[2], counts
