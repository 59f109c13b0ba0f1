"""The key-account card on the customer's page, its htmx actions, the yearly review list, and the clocks on the
account manager's home and the overdue dashboard."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from customers.choices import KeyContactKind, KeyReviewDecision, KeyTier
from customers.models import Customer, KeyAccountReview
from customers.services import (
    customer_create,
    customer_set_key_account,
    key_account_log_contact,
    key_account_request_record,
)
from decocrm.sla.choices import ClockKind
from decocrm.sla.models import Clock
from decocrm.sla.sweep import sla_sweep
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

_n = iter(range(1000, 9999))


def key_account(owner, marker, tier=KeyTier.CORE, name=None):
    customer = customer_create(by=owner, owner=owner, name=name or f"大客户{next(_n)}", phone="", is_organisation=True)
    return customer_set_key_account(customer=customer, by=marker, is_key_account=True, tier=tier, account_manager=owner)


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    """The pages are read in English here (the language switcher's cookie; the browser's header does not choose)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_card_shows_criteria_cadence_contacts_and_requests(client, salesperson, sales_head):
    customer = key_account(salesperson, sales_head)
    key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.VISIT, note="到店拜访")
    key_account_request_record(customer=customer, by=salesperson, content="四十间窗帘", channel="wechat")
    client.force_login(salesperson)
    page = client.get(reverse("customers:detail", args=[customer.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="key-account-live"' in page and 'id="key-criteria"' in page and "(≥ 2)" in page
    assert "到店拜访" in page and "四十间窗帘" in page
    for action in ("contact", "request"):
        assert f'id="action-key{customer.pk}-{action}"' in page
    assert "Respond" in page and "Give solution" in page and "Enter visit record" in page
    assert f"action-key{customer.pk}-mark" not in page and "-unmark" not in page  # not the head's


def test_marking_is_offered_to_the_head_only(client, salesperson, manager, sales_head):
    customer = customer_create(by=salesperson, owner=salesperson, name="普通客户", phone="13600009999")
    url = reverse("customers:detail", args=[customer.pk])
    for user, shown in ((salesperson, False), (manager, False), (sales_head, True)):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert (f'id="action-key{customer.pk}-mark"' in page) is shown, user
        assert ('id="key-account-live"' in page) is shown


def test_marking_through_the_page_with_htmx(client, salesperson, sales_head):
    customer = customer_create(by=salesperson, owner=salesperson, name="之江置业", phone="", is_organisation=True)
    client.force_login(sales_head)
    url = reverse("customers:key_account_action", args=[customer.pk, "mark"])
    data = {"mark-key_tier": KeyTier.ORDINARY, "mark-account_manager": salesperson.pk}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="key-account-live"' in response.content.decode()
    customer.refresh_from_db()
    assert customer.is_key_account and customer.account_manager == salesperson
    assert Clock.objects.get(kind=ClockKind.KEY_ACCOUNT_CONTACT, object_id=customer.pk).owner == salesperson


def test_a_salesperson_cannot_mark_by_posting(client, salesperson):
    customer = customer_create(by=salesperson, owner=salesperson, name="之江置业", phone="", is_organisation=True)
    client.force_login(salesperson)
    url = reverse("customers:key_account_action", args=[customer.pk, "mark"])
    data = {"mark-key_tier": KeyTier.CORE, "mark-account_manager": salesperson.pk}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and f'id="action-key{customer.pk}-mark" open' in page and "action-error" in page
    assert not Customer.objects.get(pk=customer.pk).is_key_account


def test_respond_and_record_a_visit_through_the_card(client, salesperson, sales_head):
    customer = key_account(salesperson, sales_head)
    request = key_account_request_record(customer=customer, by=salesperson, content="交付调整", channel="phone")
    visit = key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.VISIT)
    client.force_login(salesperson)
    url = reverse("customers:key_request_action", args=[request.pk, "respond"])
    assert client.post(url, {"respond-response": "收到"}).status_code == 302
    url = reverse("customers:key_visit_action", args=[visit.pk, "record"])
    response = client.post(url, {"record-record": "客户计划翻新"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    request.refresh_from_db()
    visit.refresh_from_db()
    assert request.responded_at and visit.recorded_at


def test_the_customer_page_runs_as_many_queries_with_20_contacts_and_requests(client, salesperson, sales_head):
    customer = key_account(salesperson, sales_head)

    def add_rows(n):
        for _ in range(n):
            key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.VISIT)
            key_account_request_record(customer=customer, by=salesperson, content="需求", channel="phone")

    client.force_login(salesperson)
    response = assert_constant_queries(client, reverse("customers:detail", args=[customer.pk]), add_rows)
    assert response.content.decode().count("key-request") >= 10


def test_the_review_list_is_constant_in_queries_and_records_decisions(client, salesperson, sales_head, settings):
    settings.KEY_ACCOUNTS_PER_MANAGER = 50

    def add_rows(n):
        for _ in range(n):
            customer = key_account(salesperson, sales_head)
            key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.CALL)
            key_account_request_record(customer=customer, by=salesperson, content="需求", channel="phone")

    client.force_login(sales_head)
    url = reverse("customers:key_account_review")
    response = assert_constant_queries(client, url, add_rows)
    page = response.content.decode()
    assert page.count('class="list-group-item review-row"') == 20
    customer = Customer.objects.filter(is_key_account=True).first()
    decide = reverse("customers:key_account_review_decide", args=[customer.pk])
    response = client.post(decide, {"decision": KeyReviewDecision.REMOVE, "note": "年采购额不足"})
    assert response.status_code == 302
    assert KeyAccountReview.objects.get(customer=customer).decision == KeyReviewDecision.REMOVE
    assert not Customer.objects.get(pk=customer.pk).is_key_account


def test_the_review_list_is_highlighted_in_december(client, sales_head):
    client.force_login(sales_head)
    url = reverse("customers:key_account_review")
    with time_machine.travel("2026-12-05 10:00 +0800", tick=False):
        assert 'id="review-december"' in client.get(url).content.decode()
    with time_machine.travel("2026-06-05 10:00 +0800", tick=False):
        assert 'id="review-december"' not in client.get(url).content.decode()


def test_a_plain_manager_gets_no_review_list(client, manager):
    client.force_login(manager)
    assert client.get(reverse("customers:key_account_review")).status_code == 403


def test_the_clocks_reach_the_home_page_and_the_overdue_dashboard(client, salesperson, sales_head, company_manager):
    customer = key_account(salesperson, sales_head, KeyTier.CORE, name="湖滨酒店")
    key_account_request_record(customer=customer, by=salesperson, content="四十间窗帘", channel="wechat")
    sla_sweep(now=timezone.now() + timedelta(days=8))  # the weekly contact and the request are overdue by then
    client.force_login(salesperson)
    home = client.get(reverse("home")).content.decode()
    assert "湖滨酒店" in home and customer.get_absolute_url() in home
    client.force_login(company_manager)
    dashboard = client.get(reverse("sla:dashboard")).content.decode()
    assert "湖滨酒店 · 四十间窗帘" in dashboard and customer.get_absolute_url() in dashboard


def test_the_heads_home_card_counts_and_links_the_review(client, salesperson, sales_head, manager):
    customer = key_account(salesperson, sales_head)
    key_account_request_record(customer=customer, by=salesperson, content="需求", channel="phone")
    client.force_login(sales_head)
    home = client.get(reverse("home")).content.decode()
    assert 'id="key-accounts-card"' in home and reverse("customers:key_account_review") in home
    client.force_login(manager)  # a team manager who is not the head
    assert 'id="key-accounts-card"' not in client.get(reverse("home")).content.decode()


def test_the_review_expects_contacts_from_when_the_account_was_marked(client, salesperson, sales_head):
    with time_machine.travel("2026-06-01 10:00 +0800", tick=False) as traveller:
        customer = key_account(salesperson, sales_head, KeyTier.CORE)
        traveller.shift(timedelta(days=15))
        key_account_log_contact(customer=customer, by=salesperson, kind=KeyContactKind.CALL)
        client.force_login(sales_head)
        page = client.get(reverse("customers:key_account_review"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Contacts this year: 1 of 2 expected (calls 1, visits 0)" in page
    assert "1 contact deadline missed" in page  # the first week passed without a contact
