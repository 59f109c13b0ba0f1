from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decocrm.core.timeline import timeline as lead_timeline
from decocrm.sla.sweep import sla_sweep
from leads.models import Lead
from leads.selectors import my_leads_by_deadline, overdue, search_leads, visible_leads
from leads.services import lead_log_contact, lead_qualify
from tests.conftest import skip_or_fail

from .conftest import MONDAY

pytestmark = pytest.mark.django_db


def test_visible_leads_scope(capture, salesperson, colleague, outsider, team_manager, company_manager):
    mine, theirs, far = capture(salesperson), capture(colleague), capture(outsider)
    pool = capture(salesperson, owner=None)
    assert set(visible_leads(salesperson)) == {mine}
    assert set(visible_leads(colleague)) == {theirs}
    assert set(visible_leads(team_manager)) == {mine, theirs, pool}  # the pool lead stays with the team
    assert set(visible_leads(company_manager)) == {mine, theirs, far, pool}


def test_detail_url_is_a_404_outside_the_users_scope(client, capture, salesperson, colleague, team_manager):
    lead = capture(salesperson, name="周先生")
    assert lead.get_absolute_url() == f"/leads/{lead.pk}/"
    client.force_login(colleague)
    assert client.get(lead.get_absolute_url()).status_code == 404
    client.force_login(team_manager)
    assert "周先生" in client.get(lead.get_absolute_url()).content.decode()
    client.force_login(salesperson)
    assert client.get(lead.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(lead.get_absolute_url()).status_code == 302  # to the login page


def test_search_by_any_digits_name_or_organisation(capture, salesperson):
    a = capture(salesperson, name="陈建国", phone="13912345678")
    b = capture(salesperson, name="上海华美装饰有限公司", phone="021-6234 5678", is_organisation=True)
    c = capture(salesperson, name="Smith Design", phone="13800001111")
    qs = visible_leads(salesperson)
    assert set(search_leads(qs, "1234567")) == {a}
    assert set(search_leads(qs, "139 1234")) == {a}
    assert set(search_leads(qs, "6234567")) == {b}
    assert set(search_leads(qs, "021-6234")) == {b}
    assert set(search_leads(qs, "+86 138 0000")) == {c}
    assert set(search_leads(qs, "建国")) == {a}
    assert set(search_leads(qs, "华美装饰")) == {b}
    assert set(search_leads(qs, "smith")) == {c}
    assert set(search_leads(qs, "")) == {a, b, c}
    assert not search_leads(qs, "99999").exists()


def test_search_stays_inside_the_scope(capture, salesperson, colleague):
    capture(colleague, phone="13912345678")
    assert not search_leads(visible_leads(salesperson), "1234567").exists()


def test_my_leads_by_deadline_overdue_first(capture, salesperson):
    old = capture(salesperson, at=MONDAY - timedelta(days=7))
    new = capture(salesperson)
    qualified = capture(salesperson)
    lead_log_contact(lead=qualified, by=salesperson, channel="phone", summary="沟通", at=MONDAY)
    lead_qualify(lead=qualified, by=salesperson, at=MONDAY + timedelta(days=2))
    done = capture(salesperson)
    lead_log_contact(lead=done, by=salesperson, channel="phone", summary="沟通", at=MONDAY)  # no clock running
    sla_sweep(now=MONDAY + timedelta(hours=1))  # breaches old's first-contact clock
    assert list(my_leads_by_deadline(salesperson)) == [old, new, qualified, done]
    assert list(overdue(visible_leads(salesperson), now=MONDAY + timedelta(hours=1))) == [old]


def test_timeline_has_transitions_contacts_assignments_and_clock_events_in_nine_queries(capture, salesperson):
    lead = capture(salesperson)
    lead_log_contact(lead=lead, by=salesperson, channel="wechat", summary="加微信", at=MONDAY + timedelta(hours=1))
    lead = Lead.objects.get(pk=lead.pk)
    with CaptureQueriesContext(connection) as queries:
        entries = lead_timeline(lead)
    # + appointments, reschedules, measurement, proposals (tests/leads/test_design_selectors.py), questions and
    # edits (issue 9)
    assert len(queries) == 10
    kinds = [e.kind for e in entries]
    assert sorted(kinds) == sorted(["transition", "transition", "contact", "assignment", "clock", "clock"])
    assert [e.at for e in entries] == sorted(e.at for e in entries)


def test_partial_phone_search_uses_the_trigram_index(salesperson):
    """20,000 random mobiles: the planner picks the pg_trgm index for 7 digits (a B-tree cannot serve '%...%')."""
    if connection.vendor != "postgresql":
        skip_or_fail("pg_trgm is a PostgreSQL index")
    import random

    from customers.models import Customer

    rng = random.Random(4)
    digits = {f"1{rng.randint(3, 9)}{rng.randint(0, 999_999_999):09d}" for _ in range(20_000)}
    Customer.objects.bulk_create(
        (Customer(name=f"客户{i}", phone=f"+86{d}", phone_digits=d) for i, d in enumerate(digits)), batch_size=5000
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_customer")
    sample = sorted(digits)[1234]
    qs = search_leads(Lead.objects.all(), sample[2:9])
    plan = Customer.objects.filter(phone_digits__contains=sample[2:9]).explain()
    assert "customers_phone_digits_trgm" in plan, plan
    assert "customers_phone_digits_trgm" in qs.explain(), qs.explain()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # at this size a scan is still cheaper for names
    plan = Customer.objects.filter(name__icontains="客户4321").order_by().explain()
    assert "customers_name_trgm" in plan, plan
