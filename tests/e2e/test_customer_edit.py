"""Browser test on a phone (390 px), issue 9: a salesperson edits their customer's address from the customer page
and sees the change (old → new, by them) on the page's changes card."""

import pytest
from playwright.sync_api import expect

from customers.models import Customer
from customers.services import customer_create
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_salesperson_edits_a_customers_address_and_sees_it_on_the_changes_card(page, live_server, login, salesperson):
    customer = customer_create(by=salesperson, owner=salesperson, name="林女士", phone="13700137000",
                               address="徐汇区漕溪北路 1 号")  # fmt: skip
    login(salesperson, TEST_PASSWORD)
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    expect(page.locator("#customer-changes")).to_have_count(0)  # nothing edited yet
    page.click("#customer-edit")
    expect(page).to_have_url(f"{live_server.url}/customers/{customer.pk}/edit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # one column on a phone
    page.fill("#id_address", "徐汇区漕溪北路 88 号 2 幢 301")
    page.click("#customer-form button[type=submit]")

    expect(page).to_have_url(f"{live_server.url}/customers/{customer.pk}/")
    changes = page.locator("#customer-changes")
    expect(changes).to_contain_text("漕溪北路 1 号")
    expect(changes).to_contain_text("漕溪北路 88 号 2 幢 301")
    expect(changes).to_contain_text(salesperson.display_name)
    expect(changes).to_contain_text("地址")  # the field's name in the reader's language
    assert Customer.objects.get(pk=customer.pk).address == "徐汇区漕溪北路 88 号 2 幢 301"
