"""The repair list's download (decocrm.core.list_exports): the tickets the list shows (scope, filters, open ones by
default), for after-sales staff and managers only; phones in full for managers only; every download in the export
log; cells safe to open; CSV and XLSX; the same queries whatever the number of rows."""

import pytest
from django.urls import reverse

from aftersales import services
from aftersales.resources import TICKET_COLUMNS
from decocrm.accounts.choices import Role
from decocrm.audit.models import ExportLog
from tests.spreadsheets import (
    FORMULA_PAYLOADS,
    assert_csv_neutralised,
    assert_xlsx_neutralised,
    csv_cells,
    export_rows,
    xlsx_cells,
)

from .conftest import REQUESTED_AT, hours, record

pytestmark = pytest.mark.django_db
URL = reverse("aftersales:export")


def test_after_sales_staff_download_their_list_masked_and_logged(client, completed, after_sales, team_manager,
                                                                 make_staff):  # fmt: skip
    mine = record(completed, after_sales, item="门锁")
    waiting = record(completed, team_manager, item="窗户")  # unassigned: on every after-sales list
    record(completed, make_staff(Role.AFTER_SALES, team=after_sales.team), item="吊顶")  # a colleague's
    done = record(completed, after_sales, item="墙面")
    services.ticket_cancel(ticket=done, by=after_sales, reason="重复", at=REQUESTED_AT + hours(1))
    client.force_login(after_sales)
    response = client.get(URL, {"q": "", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = export_rows(response, TICKET_COLUMNS)
    assert sorted(row["number"] for row in rows) == sorted(str(ticket.pk) for ticket in (mine, waiting))
    assert {row["contact_phone"] for row in rows} == {"139****5678"}  # not their customer: masked
    (entry,) = ExportLog.objects.all()
    assert (entry.user, entry.what, entry.fmt, entry.rows, entry.filters) == (
        after_sales, "repair tickets", "csv", 2, "q="
    )  # fmt: skip
    every = export_rows(client.get(URL, {"state": ""}), TICKET_COLUMNS)  # the list's "all states"
    assert str(done.pk) in {row["number"] for row in every}


def test_managers_get_full_phones(client, completed, after_sales, team_manager):
    record(completed, after_sales)
    client.force_login(team_manager)
    (row,) = export_rows(client.get(URL, {"format": "xlsx"}), TICKET_COLUMNS)
    assert row["contact_phone"] == "'+8613912345678" and row["customer"] == completed.customer.name  # safe_cell


@pytest.mark.parametrize("role", [Role.SALES, Role.CUSTOMER_RELATIONS, Role.DESIGNER, Role.PROJECT_MANAGER])
def test_those_who_do_not_work_repairs_are_refused(client, completed, after_sales, make_staff, team, role):
    record(completed, after_sales)
    client.force_login(make_staff(role, team=team))
    assert client.get(URL).status_code == 403
    assert not ExportLog.objects.exists()


def test_the_customers_salesperson_reads_the_list_but_does_not_download_it(client, completed, after_sales):
    ticket = record(completed, after_sales)
    salesperson = completed.customer.owner
    client.force_login(salesperson)
    assert ticket.get_absolute_url() in client.get(reverse("aftersales:list")).content.decode()
    assert 'id="export-csv"' not in client.get(reverse("aftersales:list")).content.decode()
    assert client.get(URL).status_code == 403


def test_formulae_are_neutralised_in_csv_and_xlsx(client, completed, after_sales):
    payloads = [payload for payload in FORMULA_PAYLOADS if payload == payload.strip()]  # the form strips the rest
    for payload in payloads:
        record(completed, after_sales, item=payload, contact_name=payload)
    client.force_login(after_sales)
    page = client.get(reverse("aftersales:list")).content.decode()
    assert 'id="export-csv"' in page and 'id="export-xlsx"' in page
    rows = csv_cells(b"".join(client.get(URL).streaming_content))
    assert len(rows) == 1 + len(payloads)
    assert_csv_neutralised(rows[1:], payloads)
    assert_xlsx_neutralised(xlsx_cells(client.get(URL, {"format": "xlsx"}).content), payloads)


def test_a_download_runs_the_same_queries_with_more_rows(client, completed, after_sales,
                                                         django_assert_max_num_queries):  # fmt: skip
    record(completed, after_sales)
    client.force_login(after_sales)
    b"".join(client.get(URL).streaming_content)  # the session and per-process caches
    counts = []
    for more in (5, 0):
        for fmt in ("csv", "xlsx"):
            with django_assert_max_num_queries(10) as queries:
                rows = export_rows(client.get(URL, {"format": fmt}), TICKET_COLUMNS)
            counts.append((len(rows), len(queries)))
        for _n in range(more):
            record(completed, after_sales)
    assert [rows for rows, _queries in counts] == [1, 1, 6, 6]
    assert counts[0][1] == counts[2][1] and counts[1][1] == counts[3][1], counts
