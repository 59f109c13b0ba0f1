"""Issue 7, defect 7: extreme query parameters give the page with a message, never a 500. `?page=` past bigint
once made PostgreSQL refuse the count's LIMIT; `created_to=9999-12-31` and a report from year 9999 overflowed
when a day was added. (tests/core/test_fuzz_parameters.py covers every route; these pin the cases by name.)"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from decocrm.core import pagination
from decocrm.core.pagination import DEFAULT_CAP, CappedPaginator
from decocrm.sla import reports as sla_reports
from leads.models import Appeal, Lead
from leads.reports import lead_report

from .conftest import new_phone

pytestmark = pytest.mark.django_db
HUGE = "9223372036854775807"


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _leads(capture, by, n, **kwargs):
    return [capture(by, at=None, phone=new_phone(), **kwargs) for _ in range(n)]


def test_the_page_number_cannot_widen_the_count_without_bound(salesperson, capture):
    _leads(capture, salesperson, 3)
    paginator = CappedPaginator(Lead.objects.all(), 25, page_hint=HUGE)
    assert paginator.cap == (pagination.MAX_PAGE_HINT + 1) * 25 and paginator.count == 3
    assert CappedPaginator(Lead.objects.all(), 25, page_hint="1e400").cap == DEFAULT_CAP
    assert paginator.get_page(HUGE).number == 1


@pytest.mark.parametrize("name", ["leads:list", "leads:pool", "leads:appeals", "customers:list", "notifications:list"])
@pytest.mark.parametrize("page", [HUGE, "-1", "0", "abc"])
def test_a_page_number_out_of_range_shows_a_real_page_with_a_message(client, salesperson, capture, name, page):
    _leads(capture, salesperson, 2)
    _leads(capture, salesperson, 1, owner=None)
    client.force_login(salesperson)
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == 200
    assert f"There is no page “{page}”: showing page 1 of 1." in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, salesperson, capture):
    _leads(capture, salesperson, 27)  # two pages of 25
    client.force_login(salesperson)
    response = client.get(reverse("leads:list"), {"page": "9"})
    assert response.context["page"].number == 2
    assert "There is no page “9”: showing page 2 of 2." in response.content.decode()


def test_the_dashboard_survives_a_huge_page_and_year_9999(client, team_manager):
    client.force_login(team_manager)
    response = client.get(reverse("sla:dashboard"), {"page": HUGE, "due_to": "9999-12-31", "due_from": "0001-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "These filters were left out because their values are not valid: Due from, Due to." in page
    response = client.get(reverse("sla:dashboard"), {"due_to": "9999-12-31", "export": "csv"})
    assert response.status_code == 302 and "export" not in response["Location"]  # never more rows than asked
    with pytest.raises(ValidationError, match="Due to must be between"):
        sla_reports.outcomes_window(sla_reports.visible_outcomes(team_manager), due_to=date(9999, 12, 31))


def test_a_filter_out_of_range_is_left_out_with_a_message_and_the_others_still_apply(client, salesperson, capture):
    new, contacted = _leads(capture, salesperson, 2)
    Lead.objects.filter(pk=contacted.pk).update(state="contacted")
    client.force_login(salesperson)
    response = client.get(reverse("leads:list"), {"created_to": "9999-12-31", "state": "contacted"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "These filters were left out because their values are not valid: Entered to." in page
    assert "Entered to must be between 2000-01-01 and" in page  # under the field, too
    assert [lead.pk for lead in response.context["page"].object_list] == [contacted.pk]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1e400", "a\x00b"])
def test_the_lead_export_refuses_a_bad_filter_instead_of_exporting_everything(client, team_manager, value):
    client.force_login(team_manager)
    response = client.get(reverse("leads:export"), {"created_from": value}, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("leads:list"))
    assert "Fix the filters before exporting: Entered from." in response.content.decode()


def test_the_report_refuses_year_9999_with_a_message_and_the_service_too(client, team_manager):
    client.force_login(team_manager)
    response = client.get(reverse("leads:reports"), {"date_from": "9999-01-01", "date_to": "9999-12-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Entered from must be between 2000-01-01 and" in page and "Entered to must be between" in page
    with pytest.raises(ValidationError, match="Entered to must be between"):
        lead_report(team_manager, date(2026, 1, 1), date(9999, 12, 31))


def test_a_search_with_a_nul_byte_is_a_message_not_a_database_error(client, salesperson, capture):
    _leads(capture, salesperson, 1)
    client.force_login(salesperson)
    for name in ("leads:list", "customers:list"):
        response = client.get(reverse(name), {"q": "张\x00"})
        assert response.status_code == 200
        assert "These filters were left out because their values are not valid: Search." in response.content.decode()


def test_pool_assign_with_an_owner_that_is_not_a_number(client, team_manager, capture):
    lead = _leads(capture, team_manager, 1, owner=None)[0]
    client.force_login(team_manager)
    for owner in ("abc", HUGE, "\x00"):
        response = client.post(reverse("leads:pool_assign", args=[lead.pk]), {"owner": owner}, follow=True)
        assert response.status_code == 200 and "Choose who gets the lead." in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).owner is None


def test_an_escalation_note_with_a_nul_byte_is_refused_with_a_message(
    client, salesperson, colleague, capture, team_manager
):
    from leads.services import LeadCollisionError, appeal_open

    phone = new_phone()
    capture(colleague, at=None, phone=phone)
    with pytest.raises(LeadCollisionError) as caught:
        capture(salesperson, at=None, phone=phone)
    appeal = appeal_open(collision=caught.value.collision, by=salesperson, reason="先到")
    client.force_login(team_manager)
    url = reverse("leads:appeal_action", args=[appeal.pk, "escalate"])
    response = client.post(url, {"escalate-reason": "催\x00办"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "Null characters are not allowed." in response.content.decode()
    assert Appeal.objects.get(pk=appeal.pk).state == appeal.state
