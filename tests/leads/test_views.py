"""The lead pages: status, scoping (another salesperson's lead is a 404 by URL, list, search and export), sensitive
fields, quick actions with and without htmx, and constant query counts with 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decocrm.accounts.choices import Role
from leads.choices import LeadState
from leads.home import todays_appointments_card
from leads.models import Appeal, Collision, Lead
from tests.spreadsheets import FORMULA_PAYLOADS, assert_csv_neutralised, csv_cells

from .conftest import new_phone

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def _lead(capture, by, **kwargs):
    kwargs.setdefault("at", None)
    return capture(by, **kwargs)


def test_pages_answer_for_a_salesperson(client_for, salesperson, capture):
    lead = _lead(capture, salesperson)
    client = client_for(salesperson)
    for name, args in [
        ("leads:list", []),
        ("leads:create", []),
        ("leads:detail", [lead.pk]),
        ("leads:pool", []),
        ("leads:appeals", []),
        ("customers:list", []),
        ("customers:detail", [lead.customer_id]),
        ("home", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_another_salespersons_lead_is_404_by_url_list_search_and_export(client_for, salesperson, colleague, capture):
    phone = new_phone()
    theirs = _lead(capture, colleague, name="李四", phone=phone)
    mine = _lead(capture, salesperson, name="王五")
    client = client_for(salesperson)
    assert client.get(reverse("leads:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("customers:detail", args=[theirs.customer_id])).status_code == 404
    assert client.post(reverse("leads:action", args=[theirs.pk, "contact"]), {}).status_code == 404
    page = client.get(reverse("leads:list")).content.decode()
    assert "王五" in page and "李四" not in page
    assert "李四" not in client.get(reverse("leads:list"), {"q": phone[-7:]}).content.decode()
    assert 'id="no-customers"' in client.get(reverse("customers:list"), {"q": "李四"}).content.decode()
    export = b"".join(client.get(reverse("leads:export")).streaming_content).decode("utf-8-sig")
    assert "王五" in export and "李四" not in export  # a salesperson's export: their own leads only
    assert "身份证" not in export.splitlines()[0] and "ID number" not in export.splitlines()[0]
    assert mine.pk


def test_manager_export_is_scoped_and_logged(client_for, team_manager, salesperson, outsider, capture, caplog):
    _lead(capture, salesperson, name="本组客户")
    _lead(capture, outsider, name="外组客户")
    with caplog.at_level("INFO", logger="leads.views"):
        response = client_for(team_manager).get(reverse("leads:export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "本组客户" in body and "外组客户" not in body
    assert "ID number" in body.splitlines()[0] or "身份证" in body.splitlines()[0]
    assert any("export leads" in record.getMessage() for record in caplog.records)
    # stored: the export log (who, what, rows) and, for the sensitive columns, one access log row for the export
    from decocrm.audit.models import AccessLog, ExportLog

    (entry,) = ExportLog.objects.all()
    assert (entry.user, entry.what, entry.fmt, entry.rows) == (team_manager, "leads", "csv", 1)
    (access,) = AccessLog.objects.all()
    assert (access.user, access.object_id, access.door) == (team_manager, None, "leads:export")
    assert access.fields == ["occupation", "income_level", "id_number"]


def test_lead_csv_neutralises_formulae_in_names_and_channel_details(client_for, team_manager, salesperson, capture):
    for payload in FORMULA_PAYLOADS:
        _lead(capture, salesperson, name=payload, channel_detail=payload)
    response = client_for(team_manager).get(reverse("leads:export"))
    rows = csv_cells(b"".join(response.streaming_content))
    assert len(rows) == 1 + len(FORMULA_PAYLOADS)
    assert_csv_neutralised([row[1:2] for row in rows[1:]])  # customer
    header = rows[0]
    detail = header.index("Channel detail") if "Channel detail" in header else header.index("渠道详情")
    assert_csv_neutralised([row[detail : detail + 1] for row in rows[1:]])
    assert {row[0].isdigit() for row in rows[1:]} == {True}  # ids stay numbers


def test_export_drops_sensitive_columns_for_whoever_may_not_see_them(client_for, salesperson, capture):
    from decocrm.audit.models import AccessLog, ExportLog
    from leads.resources import LEAD_COLUMNS
    from tests.spreadsheets import export_rows

    _lead(capture, salesperson, name="王五", occupation="医生", id_number="110101199003071234")
    response = client_for(salesperson).get(reverse("leads:export"), {"format": "xlsx"})
    (row,) = export_rows(response, LEAD_COLUMNS)
    assert row["name"] == "王五" and not {"occupation", "income_level", "id_number"} & set(row)
    assert ExportLog.objects.get().fmt == "xlsx" and not AccessLog.objects.exists()


def test_sensitive_fields_only_for_managers(client_for, salesperson, team_manager, capture):
    lead = _lead(capture, salesperson, occupation="医生", id_number="110101199003071234")
    assert "110101199003071234" not in client_for(salesperson).get(lead.get_absolute_url()).content.decode()
    assert "110101199003071234" in client_for(team_manager).get(lead.get_absolute_url()).content.decode()
    customer_url = reverse("customers:detail", args=[lead.customer_id])
    assert "医生" in client_for(team_manager).get(customer_url).content.decode()


def test_search_by_phone_digits_name_and_filters(client_for, salesperson, capture):
    _lead(capture, salesperson, name="赵六", phone="13912345678")
    _lead(capture, salesperson, name="钱七", phone="13698765432")
    client = client_for(salesperson)
    page = client.get(reverse("leads:list"), {"q": "2345678"}).content.decode()
    assert "赵六" in page and "钱七" not in page
    page = client.get(reverse("leads:list"), {"q": "钱"}).content.decode()
    assert "钱七" in page and "赵六" not in page.replace('value="赵', "")
    page = client.get(reverse("leads:list"), {"state": "won"}).content.decode()
    assert "no-leads" in page
    partial = client.get(reverse("leads:list"), {"q": "赵"}, **HTMX).content.decode()
    assert "赵六" in partial and "<html" not in partial


def test_capture_creates_the_lead_and_goes_to_its_page(client_for, salesperson):
    response = client_for(salesperson).post(
        reverse("leads:create"), {"name": "孙八", "phone": "139 1111 2222", "channel": "walk_in"}
    )
    lead = Lead.objects.get(customer__name="孙八")
    assert response.status_code == 302 and response["Location"] == lead.get_absolute_url()
    assert lead.owner == salesperson and lead.customer.phone == "+8613911112222"


def test_capture_names_the_phone_field_on_a_bad_number(client_for, salesperson):
    response = client_for(salesperson).post(
        reverse("leads:create"), {"name": "孙八", "phone": "12345", "channel": "walk_in"}
    )
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert not Lead.objects.exists()


def test_capture_of_someone_elses_customer_shows_the_owner_and_offers_an_appeal(
    client_for, salesperson, colleague, capture, team_manager
):
    theirs = _lead(capture, colleague, name="周九", phone="13922223333")
    client = client_for(salesperson)
    response = client.post(reverse("leads:create"), {"name": "周先生", "phone": "13922223333", "channel": "expo"})
    page = response.content.decode()
    assert response.status_code == 200 and "collision-warning" in page
    assert colleague.display_name in page and "appeal-form" in page
    assert Lead.objects.count() == 1  # never a silent duplicate
    collision = Collision.objects.get()
    assert collision.customer == theirs.customer
    response = client.post(reverse("leads:appeal_open", args=[collision.pk]), {"reason": "我先接触的"})
    assert response.status_code == 302 and Appeal.objects.get().by == salesperson


def test_re_entering_ones_own_customer_links_the_open_lead_and_asks(client_for, salesperson, capture):
    """Issue 9: no silent second lead; the open lead is linked; "Create a new enquiry anyway" adds the enquiry."""
    mine = _lead(capture, salesperson, name="钱先生", phone="13922224444")
    client = client_for(salesperson)
    data = {"name": "钱先生", "phone": "139 2222 4444", "channel": "phone", "enquiry": "再加一间书房"}
    response = client.post(reverse("leads:create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="repeat-enquiry"' in page
    assert f'href="{mine.get_absolute_url()}"' in page and 'id="confirm-repeat"' in page
    assert Lead.objects.count() == 1 and mine.history.count() == 1  # nothing written yet
    response = client.post(reverse("leads:create"), {**data, "confirm_repeat": "on"})
    assert response.status_code == 302 and response["Location"] == mine.get_absolute_url()
    assert Lead.objects.count() == 1
    assert Lead.objects.get(pk=mine.pk).enquiry.endswith("再加一间书房")


@pytest.mark.parametrize("role", ["designer", "project_manager", "after_sales", "customer_relations", "archive_clerk"])
def test_capture_is_refused_to_roles_that_do_not_own_leads(client_for, make_staff, team, role):
    client = client_for(make_staff(role, team=team))
    assert client.get(reverse("leads:create")).status_code == 403
    response = client.post(reverse("leads:create"), {"name": "孙八", "phone": "139 1111 2222", "channel": "walk_in"})
    assert response.status_code == 403 and not Lead.objects.exists()
    page = client.get(reverse("leads:list")).content.decode()
    assert reverse("leads:create") not in page and reverse("leads:pool") not in page


def test_quick_actions_without_javascript_redirect(client_for, salesperson, capture):
    lead = _lead(capture, salesperson)
    client = client_for(salesperson)
    url = reverse("leads:action", args=[lead.pk, "contact"])
    response = client.post(url, {"contact-channel": "phone", "contact-summary": "聊了装修预算"})
    assert response.status_code == 302 and response["Location"] == lead.get_absolute_url()
    response = client.post(reverse("leads:action", args=[lead.pk, "qualify"]), {"qualify-note": "有需求"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.state == LeadState.QUALIFIED


def test_quick_actions_with_htmx_return_the_live_part(client_for, salesperson, capture):
    lead = _lead(capture, salesperson)
    client = client_for(salesperson)
    response = client.post(
        reverse("leads:action", args=[lead.pk, "contact"]),
        {"contact-channel": "wechat", "contact-summary": "加了微信"},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="lead-live">')
    assert "加了微信" in body and "<html" not in body
    lead.refresh_from_db()
    assert lead.state == LeadState.CONTACTED


def test_an_htmx_action_that_takes_the_lead_out_of_sight_sends_the_browser_to_the_list(
    client_for, salesperson, outsider, capture, monkeypatch
):
    lead = _lead(capture, salesperson)

    def hand_over(*, lead, **kwargs):  # as a hand-over to another team would leave it
        Lead.objects.filter(pk=lead.pk).update(owner=outsider, team=outsider.team)

    monkeypatch.setattr("leads.services.lead_log_contact", hand_over)
    response = client_for(salesperson).post(
        reverse("leads:action", args=[lead.pk, "contact"]),
        {"contact-channel": "wechat", "contact-summary": "加了微信"},
        **HTMX,
    )
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("leads:list")
    assert response.content == b""


def test_a_refused_action_is_a_clear_message_and_changes_nothing(client_for, salesperson, capture):
    lead = _lead(capture, salesperson)
    client = client_for(salesperson)
    # qualify a new lead (not yet contacted): the transition table refuses it
    response = client.post(reverse("leads:action", args=[lead.pk, "qualify"]), {"qualify-note": ""}, **HTMX)
    assert response.status_code == 200 and "action-error" in response.content.decode()
    response = client.post(reverse("leads:action", args=[lead.pk, "reject"]), {"reject-reason": ""})
    offers = {offer.action.name: offer for offer in response.context["actions"]}
    assert response.status_code == 200 and "reason" in offers["reject"].form.errors and offers["reject"].open
    lead.refresh_from_db()
    assert lead.state == LeadState.NEW


def test_manager_assigns_and_releases(client_for, team_manager, salesperson, colleague, capture):
    lead = _lead(capture, salesperson)
    client = client_for(team_manager)
    response = client.post(reverse("leads:action", args=[lead.pk, "assign"]), {"assign-owner": colleague.pk})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.owner == colleague
    client.post(reverse("leads:action", args=[lead.pk, "release"]), {"release-note": "重新分配"})
    lead.refresh_from_db()
    assert lead.owner is None
    # a salesperson has no assign / release
    response = client_for(colleague).post(reverse("leads:action", args=[lead.pk, "release"]), {})
    assert response.status_code == 404  # in the pool: not one of the salesperson's leads


def test_pool_masks_phones_and_the_first_claim_wins(
    client_for, salesperson, colleague, team_manager, capture, client, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    lead = _lead(capture, team_manager, owner=None, phone="13933334444")
    page = client_for(salesperson).get(reverse("leads:pool")).content.decode()
    assert "13933334444" not in page and "4444" in page
    response = client_for(salesperson).post(reverse("leads:claim", args=[lead.pk]))
    assert response.status_code == 302 and response["Location"] == lead.get_absolute_url()
    response = client_for(colleague).post(reverse("leads:claim", args=[lead.pk]), follow=True)
    assert response.redirect_chain == [(reverse("leads:pool"), 302)]  # the loser: the pool again, told why
    assert "Someone else has already claimed this lead." in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).owner == salesperson


def test_pool_assign_by_manager(client_for, team_manager, salesperson, capture):
    lead = _lead(capture, team_manager, owner=None)
    response = client_for(team_manager).post(reverse("leads:pool_assign", args=[lead.pk]), {"owner": salesperson.pk})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.owner == salesperson


def test_manager_decides_an_appeal(client_for, salesperson, colleague, team_manager, outsider, capture):
    from leads.services import LeadCollisionError, appeal_open

    theirs = _lead(capture, colleague, phone="13944445555")
    with pytest.raises(LeadCollisionError) as caught:
        _lead(capture, salesperson, phone="13944445555")
    appeal = appeal_open(collision=caught.value.collision, by=salesperson, reason="先到")
    decide = reverse("leads:appeal_action", args=[appeal.pk, "decide"])
    client = client_for(team_manager)
    page = client.get(reverse("leads:appeals")).content.decode()
    assert f'data-appeal="{appeal.pk}"' in page and decide in page
    response = client.post(decide, {"decide-decision": "transfer", "decide-note": "证据充分"})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.owner == salesperson
    # the owner (a party) sees the appeal but may not act on it; a salesperson of another team does not reach it
    page = client_for(colleague).get(reverse("leads:appeals")).content.decode()
    assert f'data-appeal="{appeal.pk}"' in page and decide not in page
    escalate = reverse("leads:appeal_action", args=[appeal.pk, "escalate"])
    assert client_for(outsider).post(escalate, {"escalate-reason": "x"}).status_code == 404


def _many_leads(capture, owner, n):
    for i in range(n):
        _lead(capture, owner, name=f"客户{i}")


@pytest.mark.parametrize("rows", [5, 50])
def test_lead_list_runs_a_constant_number_of_queries(client_for, team_manager, salesperson, capture, rows):
    _many_leads(capture, salesperson, rows)
    client = client_for(team_manager)
    client.get(reverse("leads:list"))  # warm the session and content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("leads:list"), {"page": 2 if rows > 25 else 1, "channel": "walk_in"})
    assert response.status_code == 200
    assert len(queries) <= 10, "\n".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("page_name", ["leads:pool", "leads:appeals", "customers:list"])
def test_other_list_pages_run_a_constant_number_of_queries(client_for, team_manager, capture, page_name):
    for i in range(50):
        _lead(capture, team_manager, owner=None, name=f"公海{i}")
    client = client_for(team_manager)
    client.get(reverse(page_name))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(page_name)).status_code == 200
    assert len(queries) <= 10, "\n".join(q["sql"] for q in queries.captured_queries)


def test_lead_detail_query_count(client_for, salesperson, capture):
    lead = _lead(capture, salesperson)
    client = client_for(salesperson)
    client.get(lead.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lead.get_absolute_url()).status_code == 200
    # issue 9 added two: the questions answered later (timeline, clocks card and answer action share it) and the
    # timeline's edits (the lead's history records with their users); the assignments' "by" joined saved one
    assert len(queries) <= 16, "\n".join(q["sql"] for q in queries.captured_queries)


def test_capped_paginator_counts_at_most_the_cap(salesperson, capture):
    from decocrm.core.pagination import CappedPaginator

    _many_leads(capture, salesperson, 12)
    paginator = CappedPaginator(Lead.objects.all(), 2, cap=5)
    assert paginator.capped and paginator.count == 6
    page = paginator.get_page(1)
    assert page.has_next()
    deep = CappedPaginator(Lead.objects.all(), 2, cap=5, page_hint=6)
    assert deep.get_page(6).object_list and not deep.get_page(6).has_next() and not deep.capped


def test_home_shows_my_leads_overdue_first(client_for, salesperson, capture):
    _lead(capture, salesperson, name="首页客户")
    page = client_for(salesperson).get(reverse("home")).content.decode()
    assert 'id="my-leads"' in page and "首页客户" in page


def test_the_detail_page_shows_the_design_panel(client_for, salesperson, capture):
    lead = _lead(capture, salesperson)
    assert 'id="design-panel"' in client_for(salesperson).get(lead.get_absolute_url()).content.decode()


def test_todays_appointments_card_shows_for_sellers_even_when_empty(rf, salesperson, make_staff):
    request = rf.get("/")
    request.user = salesperson
    card = todays_appointments_card(request)
    assert card["template"] == "leads/_appointments_card.html"
    assert card["appointments"] == []
    request.user = make_staff(Role.ARCHIVE_CLERK)
    assert todays_appointments_card(request) is None
