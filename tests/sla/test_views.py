from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from decocrm.core.figures import bump_figures
from decocrm.sla.choices import ClockKind
from decocrm.sla.reports import OVERDUE_FIGURES
from decocrm.sla.services import clock_start, clock_stop
from decocrm.sla.sweep import sla_sweep
from tests.querycount import queries_of
from tests.spreadsheets import FORMULA_PAYLOADS, assert_csv_neutralised, assert_xlsx_neutralised, csv_cells, xlsx_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_staff):
    """Two teams, each with a manager and two salespeople, and a company manager; overdue clocks everywhere."""
    now = timezone.now()
    teams = {}
    for name in ("销售一部", "销售二部"):
        boss = make_staff(Role.MANAGER)
        team = team_create(name=name, manager=boss)
        people = [make_staff(Role.SALES, team=team) for _ in range(2)]
        teams[name] = {"team": team, "boss": boss, "people": people}
    gm = make_staff(Role.MANAGER, company_wide=True)
    started = now - timedelta(hours=5)
    n = 0
    for name, t in teams.items():
        for person in t["people"]:
            for _ in range(3):
                n += 1
                subject = team_create(name=f"客户{n}")
                clock_start(
                    kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=person, at=started, label=f"{name}客户{n}"
                )
            # one on-time, one due later today
            subject = team_create(name=f"准时{n}")
            clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=person, at=started)
            clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=subject, at=started + timedelta(hours=1))
    sla_sweep(now=now)
    return {"teams": teams, "gm": gm}


def test_only_managers_open_the_dashboard(client, world):
    client.force_login(world["teams"]["销售一部"]["people"][0])
    assert client.get(reverse("sla:dashboard")).status_code == 403


def test_team_manager_sees_only_their_team(client, world):
    client.force_login(world["teams"]["销售一部"]["boss"])
    response = client.get(reverse("sla:dashboard"))
    assert response.status_code == 200
    assert response.context["totals"]["breached"] == 6
    assert {row["team_name"] for row in response.context["by_team"]} == {"销售一部"}
    labels = [c.subject_label for c in response.context["page"].object_list]
    assert labels and all(label.startswith("销售一部") for label in labels)
    # Another team's clocks are not reachable by filter either.
    other = world["teams"]["销售二部"]["team"]
    response = client.get(reverse("sla:dashboard"), {"team": other.pk})
    assert response.context["filter"].errors  # not a valid choice for this manager
    assert response.context["totals"]["breached"] == 6


def test_company_manager_sees_all_and_filters(client, world):
    client.force_login(world["gm"])
    response = client.get(reverse("sla:dashboard"))
    assert response.context["totals"]["breached"] == 12
    assert len(response.context["by_person"]) == 4
    team2 = world["teams"]["销售二部"]["team"]
    response = client.get(reverse("sla:dashboard"), {"team": team2.pk})
    assert response.context["totals"]["breached"] == 6
    person = world["teams"]["销售二部"]["people"][0]
    response = client.get(reverse("sla:dashboard"), {"owner": person.pk, "kind": ClockKind.REPAIR_CONTACT})
    assert response.context["page"].paginator.count == 3
    rates = {row["owner_id"]: row for row in response.context["rates_by_person"]}
    assert rates[person.pk]["on_time"] == 1 and rates[person.pk]["total"] == 4 and rates[person.pk]["rate"] == 25.0


def test_dashboard_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    client.force_login(world["gm"])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("sla:dashboard"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 12


def test_dashboard_runs_as_many_queries_with_1_and_20_more_overdue_clocks(client, world):
    """Issue 13: constant in the number of clocks, counted cold (every clock saved drops the kept figures)."""
    person = world["teams"]["销售二部"]["people"][1]
    started = timezone.now() - timedelta(hours=5)
    made = []

    def add(n):
        for _ in range(n):
            made.append(team_create(name=f"又一个{len(made)}"))
            clock_start(kind=ClockKind.REPAIR_CONTACT, subject=made[-1], owner=person, at=started, label="又一个")
        sla_sweep()

    client.force_login(world["gm"])
    url = reverse("sla:dashboard")
    counts = {}
    for n in (1, 19):
        add(n)
        client.get(url)  # the session, content types and the like
        bump_figures(OVERDUE_FIGURES)  # the figures computed afresh (cold)...
        _, counts[f"cold with {len(made)}"] = queries_of(client, url)
        response, counts[f"warm with {len(made)}"] = queries_of(client, url)  # ...and kept (warm)
    sizes = {name: len(sql) for name, sql in counts.items()}
    assert sizes == {"cold with 1": 12, "warm with 1": 5, "cold with 20": 12, "warm with 20": 5}, counts
    assert response.context["totals"]["breached"] == 12 + 20
    assert response.context["page"].paginator.count == 32 and len(response.context["page"].object_list) == 25


def test_dashboard_figures_follow_the_sweep_and_the_services(client, world):
    """The counts are kept between views, and dropped by a sweep that breaches (its SQL sends no signal) and by a
    clock stopped through the services."""
    client.force_login(world["gm"])
    person = world["teams"]["销售一部"]["people"][0]
    subject = team_create(name="刚过期")
    clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=person, at=timezone.now() - timedelta(hours=5))
    assert client.get(reverse("sla:dashboard")).context["totals"]["breached"] == 12  # running, past due: not swept
    warm, sql = queries_of(client, reverse("sla:dashboard"))
    assert warm.context["totals"]["breached"] == 12
    assert not [q for q in sql if "COUNT(" in q and '"sla_clock"' in q]  # kept: not counted again
    sla_sweep()
    response = client.get(reverse("sla:dashboard"))
    assert response.context["totals"]["breached"] == 13
    assert {row["owner_id"]: row["breached"] for row in response.context["by_person"]}[person.pk] == 4
    clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=subject)
    assert client.get(reverse("sla:dashboard")).context["totals"]["breached"] == 12


def test_export_breach_list_csv_and_xlsx(client, world):
    client.force_login(world["teams"]["销售一部"]["boss"])
    response = client.get(reverse("sla:dashboard"), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 + 6
    assert "销售二部" not in text
    response = client.get(reverse("sla:dashboard"), {"export": "xlsx"})
    assert response.content[:2] == b"PK"
    rows = xlsx_cells(response.content)
    assert len(rows) == 1 + 6 and all(row[4].is_date for row in rows[1:])  # "Due at" as real date cells
    from decocrm.audit.models import ExportLog  # each export stored: who, what, format, rows

    boss = world["teams"]["销售一部"]["boss"]
    stored = [(e.user, e.what, e.fmt, e.rows) for e in ExportLog.objects.order_by("pk")]
    assert stored == [(boss, "sla breaches", "csv", 6), (boss, "sla breaches", "xlsx", 6)]


def test_my_deadlines_on_home_and_own_page(client, world):
    person = world["teams"]["销售一部"]["people"][0]
    client.force_login(person)
    body = client.get(reverse("home")).content.decode()
    assert 'id="my-clocks"' in body
    assert body.count("clock-breached") == 3
    response = client.get(reverse("sla:mine"))
    assert len(response.context["overdue"]) == 3
    assert all(c.owner_id == person.pk for c in response.context["overdue"])


def test_managers_edit_policies_in_the_admin_and_clocks_are_read_only(client, world):
    from decocrm.sla.models import Clock, SlaPolicy

    client.force_login(world["gm"])
    policy = SlaPolicy.objects.get(kind=ClockKind.REPAIR_CONTACT)
    assert client.get(f"/admin/sla/slapolicy/{policy.pk}/change/").status_code == 200
    clock = Clock.objects.first()
    response = client.get(f"/admin/sla/clock/{clock.pk}/change/")
    assert response.status_code == 200
    assert 'name="due_at"' not in response.content.decode()  # no hand-edited dates
    assert client.get("/admin/sla/clock/add/").status_code == 403
    client.force_login(world["teams"]["销售一部"]["people"][0])
    assert client.get(f"/admin/sla/slapolicy/{policy.pk}/change/").status_code == 302  # not staff


def test_export_neutralises_formulae_in_csv_and_xlsx(client, make_staff, caplog):
    """A subject label (a customer's name) that starts a formula is text in both downloads; hours stay numbers."""
    gm = make_staff(Role.MANAGER, company_wide=True)
    person = make_staff(Role.SALES, team=team_create(name="销售三部"))
    started = timezone.now() - timedelta(hours=5)
    for n, payload in enumerate(FORMULA_PAYLOADS):
        subject = team_create(name=f"客户{n}")
        clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=person, at=started, label=payload)
    sla_sweep(now=timezone.now())
    client.force_login(gm)
    with caplog.at_level("INFO", logger="decocrm.exports"):
        csv_response = client.get(reverse("sla:dashboard"), {"export": "csv"})
        xlsx_response = client.get(reverse("sla:dashboard"), {"export": "xlsx"})
    rows = csv_cells(csv_response.content)
    assert len(rows) == 1 + len(FORMULA_PAYLOADS)
    assert_csv_neutralised(rows)
    cells = xlsx_cells(xlsx_response.content)
    assert_xlsx_neutralised(cells)
    assert {row[5].data_type for row in cells[1:]} == {"n"}  # hours late: a number, not text
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("export sla breaches")]
    assert len(logged) == 2 and f"rows={len(FORMULA_PAYLOADS)} by={gm.pk}" in logged[1]


def test_export_survives_characters_a_workbook_cannot_hold(client, make_staff):
    gm = make_staff(Role.MANAGER, company_wide=True)
    person = make_staff(Role.SALES, team=team_create(name="销售三部"))
    clock_start(kind=ClockKind.REPAIR_CONTACT, subject=team_create(name="x"), owner=person,
                at=timezone.now() - timedelta(hours=5), label="王\x0b先生")  # fmt: skip
    sla_sweep(now=timezone.now())
    client.force_login(gm)
    response = client.get(reverse("sla:dashboard"), {"export": "xlsx"})
    assert response.status_code == 200
    assert xlsx_cells(response.content)[1][1].value == "王\N{REPLACEMENT CHARACTER}先生"
