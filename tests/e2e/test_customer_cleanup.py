"""Browser test of the customer clean-up report on a phone (390 px) [issue 12, seed 001]: a salesperson sees, among
their customers, one with a malformed phone (left by an old import) and one with no contact for months; they open
the first from the report, correct its phone on the customer's edit page, and the report no longer lists it, while
the stale one stays, found again by its reason; they close it from its row (a reason is required) and reopen it
from its page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from customers.models import Customer, District
from customers.services import customer_create
from tests.factories import TEST_PASSWORD
from tests.leads.conftest import colleague as colleague  # the fixture, for this test too

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = "var/test-artifacts"


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_owner_fixes_a_malformed_customer_from_the_report(page, live_server, login, salesperson, colleague):
    district = District.objects.create(name="浦东新区", city="上海")
    address = {"district": district, "address": "锦绣路100弄3号601"}
    malformed = customer_create(by=salesperson, owner=salesperson, name="孙先生", phone="13700137001", **address)
    Customer.objects.filter(pk=malformed.pk).update(phone="137-0013")  # as an old spreadsheet left it
    stale = customer_create(by=salesperson, owner=salesperson, name="周女士", phone="13700137002", **address)
    Customer.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=240))  # never contacted
    customer_create(by=salesperson, owner=salesperson, name="吴先生", phone="13700137003", **address)  # all fine
    theirs = customer_create(by=colleague, owner=colleague, name="郑先生", phone="13700137004")
    Customer.objects.filter(pk=theirs.pk).update(phone="137-0014")  # not the salesperson's to clean up

    login(salesperson, TEST_PASSWORD)
    page.goto(f"{live_server.url}/customers/cleanup/")
    rows = page.locator("#cleanup-list .cleanup-row")
    expect(rows).to_have_count(2)
    row = page.locator(f".cleanup-row[data-customer='{malformed.pk}']")
    expect(row.locator("[data-reason=bad_phone]")).to_be_visible()
    expect(page.locator(f".cleanup-row[data-customer='{stale.pk}'] [data-reason=stale]")).to_be_visible()
    expect(page.locator("#cleanup-counts [data-reason=total]")).to_have_text("2")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{ARTIFACTS}/customer-cleanup-phone.png", full_page=True)

    row.click()
    expect(page).to_have_url(f"{live_server.url}/customers/{malformed.pk}/")
    page.click("#customer-edit")
    page.fill("#id_phone", "137 0013 7001")
    page.click("#customer-form button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/customers/{malformed.pk}/")
    assert Customer.objects.get(pk=malformed.pk).phone == "+8613700137001"

    page.goto(f"{live_server.url}/customers/cleanup/")
    expect(rows).to_have_count(1)
    expect(page.locator(f".cleanup-row[data-customer='{malformed.pk}']")).to_have_count(0)
    expect(page.locator("#cleanup-counts [data-reason=bad_phone]")).to_have_text("0")
    page.locator("#cleanup-counts a", has=page.locator("[data-reason=stale]")).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-customer", str(stale.pk))
    expect(page.locator("#cleanup-counts a[aria-current]")).to_contain_text("长期未联系")  # the reason shown is marked
    _no_sideways_scroll(page)
    page.screenshot(path=f"{ARTIFACTS}/customer-cleanup-stale-phone.png", full_page=True)

    # The stale one is no longer a customer: closed from its row, with a reason, after the confirmation page.
    page.locator(f".cleanup-row[data-customer='{stale.pk}'] .cleanup-close").click()
    expect(page).to_have_url(f"{live_server.url}/customers/{stale.pk}/close/")
    _no_sideways_scroll(page)
    page.click("#customer-close")  # no reason chosen: refused, nothing closed
    expect(
        page.locator("#customer-close-form .invalid-feedback, #customer-close-form .is-invalid").first
    ).to_be_visible()
    assert Customer.objects.get(pk=stale.pk).closed_at is None
    page.check("input[name=reason][value=not_a_customer]")
    page.fill("textarea[name=note]", "已在别家装修")
    page.screenshot(path=f"{ARTIFACTS}/customer-close-phone.png", full_page=True)
    page.click("#customer-close")
    expect(page).to_have_url(f"{live_server.url}/customers/cleanup/")
    expect(page.locator("#no-cleanup")).to_be_visible()
    closed = Customer.objects.get(pk=stale.pk)
    assert (closed.close_reason, closed.close_note, closed.closed_by_id) == (
        "not_a_customer",
        "已在别家装修",
        salesperson.pk,
    )

    # Found again on its page, and reopened there.
    page.goto(f"{live_server.url}/customers/{stale.pk}/")
    expect(page.locator("#customer-closed")).to_be_visible()
    page.click("#customer-reopen")
    expect(page.locator("#customer-closed")).to_have_count(0)
    assert Customer.objects.get(pk=stale.pk).closed_at is None
