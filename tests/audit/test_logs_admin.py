"""The export and access logs in the admin: every admin URL of both x every role (the access matrix leaves the admin
site to such tests, tests/core/access.py). Managers read them, a team manager only their team's entries; nobody,
superusers included, adds, changes or deletes an entry, by GET or by POST."""

import pytest
from django.test import Client
from django.urls import reverse

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.services import team_set_manager
from decocrm.audit.models import AccessLog, ExportLog
from decocrm.audit.services import export_log_record, record_sensitive_view
from tests.factories import StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"
NOT_THERE = "not there"  # the admin's answer to an object outside the user's queryset: a redirect to its index
READERS = ("team_manager", "company_manager", "superuser")


@pytest.fixture
def world():
    team, other_team = TeamFactory(name="日志A组"), TeamFactory(name="日志B组")
    roles = {
        "sales": (Role.SALES, team),
        "team_manager": (Role.MANAGER, team),
        "other_team_manager": (Role.MANAGER, other_team),
        "designer": (Role.DESIGNER, team),
        "project_manager": (Role.PROJECT_MANAGER, team),
        "after_sales": (Role.AFTER_SALES, team),
        "customer_relations": (Role.CUSTOMER_RELATIONS, team),
        "archive_clerk": (Role.ARCHIVE_CLERK, team),
    }
    users = {key: StaffFactory(role=role, team=t, username=f"log_{key}") for key, (role, t) in roles.items()}
    users["company_manager"] = StaffFactory(role=Role.MANAGER, company_wide=True, username="log_company")
    users["superuser"] = User.objects.create_superuser(username="log_root", password="x", email="r@x.test")
    team_set_manager(team=team, manager=users["team_manager"])
    team_set_manager(team=other_team, manager=users["other_team_manager"])
    export = export_log_record(user=users["sales"], what="leads", fmt="csv", rows=3, filters="q=王")
    access = record_sensitive_view(user=users["sales"], obj=team, fields=["id_number"], door="customers:detail")
    return {"users": users, "objects": {"exportlog": export, "accesslog": access}}


def expected_read(role):
    """What reading the list, an entry of team A or its history answers each role."""
    if role == "anonymous":
        return LOGIN
    if role in ("sales", "designer", "project_manager", "after_sales", "customer_relations"):
        return LOGIN  # no admin-site access at all
    if role == "archive_clerk":
        return 403
    if role == "other_team_manager":
        return 200  # their list opens (empty of team A); the entry itself is "not there", below
    return 200


def answer(response):
    if response.status_code == 302:
        return LOGIN if "/login/" in response["Location"] else NOT_THERE
    return response.status_code


ROLES = ("anonymous", "sales", "designer", "project_manager", "after_sales", "customer_relations", "archive_clerk",
         "team_manager", "other_team_manager", "company_manager", "superuser")  # fmt: skip


@pytest.mark.parametrize("model", ["exportlog", "accesslog"])
def test_every_log_admin_url_for_every_role(world, model):
    obj = world["objects"][model]
    urls = {
        "changelist": reverse(f"admin:audit_{model}_changelist"),
        "change": reverse(f"admin:audit_{model}_change", args=[obj.pk]),
        "history": reverse(f"admin:audit_{model}_history", args=[obj.pk]),
        "add": reverse(f"admin:audit_{model}_add"),
        "delete": reverse(f"admin:audit_{model}_delete", args=[obj.pk]),
    }
    problems = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world["users"][role])
        read = expected_read(role)
        for name, url in urls.items():
            if name in ("add", "delete"):
                want = read if read in (LOGIN,) else 403  # nobody adds or deletes, superusers included
            elif name in ("change", "history") and role == "other_team_manager":
                want = NOT_THERE  # another team's entry is not in their admin
            else:
                want = read
            got = answer(client.get(url))
            if got != want:
                problems.append(f"GET {name} as {role}: {got}, expected {want}")
            if name in ("change", "add", "delete") and role in READERS:
                data = {"post": "yes", "what": "changed", "rows": 0, "fields": "[]"}
                got = answer(client.post(url, data))
                if got not in (403, NOT_THERE):
                    problems.append(f"POST {name} as {role}: {got}, expected a refusal")
    assert not problems, "\n".join(problems)
    model_class = ExportLog if model == "exportlog" else AccessLog
    assert model_class.objects.count() == 1
    assert model_class.objects.get().user == world["users"]["sales"]  # untouched


def test_managers_read_the_list_team_managers_their_teams(client, world, make_staff):
    users = world["users"]
    outsider = make_staff(Role.SALES, team=users["other_team_manager"].team)
    export_log_record(user=outsider, what="sla breaches", fmt="xlsx", rows=9)
    url = reverse("admin:audit_exportlog_changelist")
    client.force_login(users["team_manager"])
    response = client.get(url)
    assert [entry.what for entry in response.context["cl"].result_list] == ["leads"]
    client.force_login(users["company_manager"])
    assert {e.what for e in client.get(url).context["cl"].result_list} == {"leads", "sla breaches"}
    # filters, date hierarchy and search by user
    assert [e.what for e in client.get(url, {"fmt": "xlsx"}).context["cl"].result_list] == ["sla breaches"]
    assert [e.what for e in client.get(url, {"q": "log_sales"}).context["cl"].result_list] == ["leads"]
    entry_year = ExportLog.objects.get(what="leads").at.year
    assert len(client.get(url, {"at__year": entry_year}).context["cl"].result_list) == 2  # the date hierarchy
    assert list(client.get(url, {"at__year": entry_year - 1}).context["cl"].result_list) == []
    entry = ExportLog.objects.get(what="leads")
    body = client.get(reverse("admin:audit_exportlog_change", args=[entry.pk])).content.decode()
    assert 'name="what"' not in body and "q=王" in body  # read-only: shown, not an input


def test_superusers_get_no_delete_action_either(client, world):
    client.force_login(world["users"]["superuser"])
    response = client.get(reverse("admin:audit_accesslog_changelist"))
    assert "delete_selected" not in response.content.decode()
    data = {"action": "delete_selected", "_selected_action": [world["objects"]["accesslog"].pk], "post": "yes"}
    client.post(reverse("admin:audit_accesslog_changelist"), data)
    assert AccessLog.objects.count() == 1


def test_the_access_log_names_the_fields_as_readers_know_them(client, world, salesperson):
    from django.conf import settings

    from customers.services import customer_create

    customer = customer_create(by=salesperson, owner=salesperson, name="冯先生", phone="13500009999")
    entry = record_sensitive_view(user=salesperson, obj=customer, fields=["id_number", "decision_maker_contacts"],
                                  door="customers:detail")  # fmt: skip
    client.force_login(world["users"]["superuser"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("admin:audit_accesslog_changelist")).content.decode()
    assert "ID number, decision-maker contacts" in body and entry.pk


@pytest.mark.parametrize("model", ["exportlog", "accesslog"])
def test_the_log_lists_run_a_constant_number_of_queries(client, world, model):
    from tests.querycount import assert_constant_queries

    users = world["users"]
    team = users["team_manager"].team

    def add(n):
        for i in range(n):
            user = StaffFactory(role=Role.SALES, team=team)
            if model == "exportlog":
                export_log_record(user=user, what="leads", fmt="csv", rows=i)
            else:
                record_sensitive_view(user=user, obj=team, fields=["id_number"], door="customers:detail")

    client.force_login(users["team_manager"])
    response = assert_constant_queries(client, reverse(f"admin:audit_{model}_changelist"), add)
    assert len(response.context["cl"].result_list) == 20 + 1  # and the world's own entry
