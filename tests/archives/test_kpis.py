"""Archive KPIs for managers: handover timeliness and violations of the archive clocks by team, person and month,
from the SLA engine's outcome rows; scoped (a team manager their team, a company manager every team); month
validation; XLSX export; constant queries."""

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from customers.archives.kpis import ARCHIVE_CLOCK_KINDS, archive_kpis, file_completeness_by_team
from decocrm.accounts.choices import Role
from decocrm.sla.models import ClockOutcomeDay
from tests.querycount import assert_constant_queries

from .borrowing_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
MONTH = date(2026, 10, 1)


def outcome(owner, day, *, on_time=0, late=0, kind="archive_handover"):
    return ClockOutcomeDay.objects.create(day=day, kind=kind, owner_id=owner.pk, team_id=owner.team_id or 0,
                                          on_time=on_time, late=late)  # fmt: skip


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def seller_b(make_staff, team_b):
    return make_staff(Role.SALES, team=team_b, username="seller_b")


def test_rates_and_violations(salesperson, seller_b, general_manager, dept_manager):
    outcome(salesperson, date(2026, 10, 3), on_time=3, late=1)
    outcome(salesperson, date(2026, 10, 9), late=1, kind="archive_defect_fix")
    outcome(seller_b, date(2026, 10, 4), on_time=4)
    outcome(seller_b, date(2026, 9, 4), late=2)  # last month: only in the trend
    outcome(seller_b, date(2026, 10, 5), late=5, kind="first_contact")  # not an archive clock
    kpis = archive_kpis(general_manager, MONTH)
    people = {row["owner_id"]: row for row in kpis.by_person}
    assert (people[salesperson.pk]["on_time"], people[salesperson.pk]["late"]) == (3, 2)
    assert people[salesperson.pk]["rate"] == 60.0 and people[salesperson.pk]["repeat"]
    assert (people[seller_b.pk]["late"], people[seller_b.pk]["rate"]) == (0, 100.0)
    teams = {row["team_id"]: row for row in kpis.by_team}
    assert teams[salesperson.team_id]["rate"] == 60.0 and teams[seller_b.team_id]["rate"] == 100.0
    months = {row["month_label"]: (row["on_time"], row["late"]) for row in kpis.by_month}
    assert months == {"2026-09": (0, 2), "2026-10": (7, 2)}
    # A team manager sees their team only.
    scoped = archive_kpis(dept_manager, MONTH)
    assert {row["owner_id"] for row in scoped.by_person} == {salesperson.pk}
    assert set(ARCHIVE_CLOCK_KINDS) >= {"archive_handover", "archive_aftersales_file", "archive_defect_fix"}


def test_completeness_by_team(salesperson, seller_b, dept_manager):
    """Received required documents over required ones, by the team of the customer's owner, scoped."""
    from customers.archives.choices import HandoverKind
    from customers.archives.services import archive_file_due
    from customers.services import customer_create

    files = []
    for owner, phone in ((salesperson, "15900000001"), (seller_b, "15900000002")):
        customer = customer_create(by=owner, owner=owner, name="档案", phone=phone)
        files.append(archive_file_due(customer=customer, kind=HandoverKind.SALES, by=owner))
    required = files[0].items.filter(required=True)
    half = required.count() // 2
    assert half, "the signing stage asks for documents"
    required.filter(pk__in=list(required.values_list("pk", flat=True)[:half])).update(
        received=True, received_at=files[0].opened_at
    )
    rates = file_completeness_by_team()
    assert rates[salesperson.team.name] == round(100 * half / required.count())
    assert rates[seller_b.team.name] == 0
    assert set(file_completeness_by_team(dept_manager)) == {salesperson.team.name}


def test_page_is_for_managers(salesperson, clerk, dept_manager, general_manager):
    url = reverse("archives:kpis")
    assert client_for(salesperson).get(url).status_code == 403
    assert client_for(clerk).get(url).status_code == 403
    assert client_for(dept_manager).get(url).status_code == 200
    assert client_for(general_manager).get(url).status_code == 200


@pytest.mark.parametrize("month", ["2026-13", "abc", "1999-12", "2999-01", "2026-10-01"])
def test_a_bad_month_is_named_and_replaced(general_manager, month):
    response = client_for(general_manager).get(reverse("archives:kpis"), {"month": month})
    assert response.status_code == 200
    assert list(response.context["messages"])
    assert response.context["kpis"].month.day == 1


def test_queries_are_constant(general_manager, make_staff, team):
    made = []

    def add(n):
        for _ in range(n):
            person = make_staff(Role.SALES, team=team)
            made.append(person)
            outcome(person, date(2026, 10, 2), on_time=1, late=1)

    response = assert_constant_queries(client_for(general_manager), reverse("archives:kpis"), add,
                                       data={"month": "2026-10"})  # fmt: skip
    assert len(response.context["kpis"].by_person) == 20
    assert response.content.count(b"kpi-row") >= 20


def test_xlsx_export(general_manager, salesperson, caplog):
    outcome(salesperson, date(2026, 10, 3), on_time=1, late=1)
    salesperson.last_name, salesperson.first_name = "=HYPERLINK(", ""
    salesperson.save()
    with caplog.at_level("INFO", logger="decocrm.exports"):
        response = client_for(general_manager).get(reverse("archives:kpis"), {"month": "2026-10", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3  # header, a team, a person, a month
    assert any(str(cell).startswith("'=") for row in rows for cell in row if cell)  # formulas neutralised
    assert any("archive kpis" in record.getMessage() for record in caplog.records)
