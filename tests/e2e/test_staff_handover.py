"""Browser test on a phone (390 px), issue 12: a team manager hands a leaving salesperson's customers to a colleague
in one action (the page shows the counts before anything moves), and the colleague then sees them in their list."""

import pytest
from playwright.sync_api import expect

from customers.models import Customer
from customers.services import customer_create
from decocrm.accounts.choices import Role
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_hands_a_leaving_salespersons_customers_to_a_colleague(page, live_server, login, salesperson,
                                                                       team_manager, make_staff, team):  # fmt: skip
    colleague = make_staff(Role.SALES, team=team)
    customers = [
        customer_create(by=salesperson, owner=salesperson, name=name, phone=phone)
        for name, phone in (("周女士", "13700137001"), ("吴先生", "13700137002"))
    ]
    login(team_manager, TEST_PASSWORD)
    page.goto(f"{live_server.url}/accounts/staff/handovers/")
    page.click("#handover-start summary")
    page.click(f'#handover-start a[data-staff="{salesperson.pk}"]')
    expect(page).to_have_url(f"{live_server.url}/accounts/staff/{salesperson.pk}/hand-over/")
    expect(page.locator('#handover-counts [data-kind="customers"] .handover-count')).to_have_text("2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # one column on a phone
    page.select_option("#id_to_all", str(colleague.pk))
    page.check("#id_deactivate")
    page.click("#handover-next")

    expect(page.locator('#handover-confirm [data-kind="customers"] .handover-count')).to_have_text("2")
    expect(page.locator("#handover-confirm")).to_contain_text(colleague.display_name)
    assert Customer.objects.filter(owner=salesperson).count() == 2  # nothing moved before the confirmation
    page.click("#handover-do")

    expect(page).to_have_url(f"{live_server.url}/accounts/staff/handovers/")
    expect(page.locator(".handover-record")).to_have_count(1)
    expect(page.locator(".handover-record")).to_contain_text(colleague.display_name)

    page.context.clear_cookies()
    login(colleague, TEST_PASSWORD)
    page.goto(f"{live_server.url}/customers/")
    for customer in customers:
        expect(page.locator(f'.customer-row[data-customer="{customer.pk}"]')).to_be_visible()
    salesperson.refresh_from_db()
    assert not salesperson.is_active
