"""Browser tests of the lead pages on a phone (390 px): the salesperson's capture → duplicate warning → first
contact → qualify, and a manager giving a pool lead to a salesperson."""

import re

import pytest
from playwright.sync_api import expect

from decocrm.accounts.choices import Role
from leads.choices import Channel, LeadState
from leads.models import Collision, Lead
from leads.services import lead_capture
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = "var/test-artifacts"


@pytest.fixture
def colleague(make_staff, team):
    return make_staff(Role.SALES, team=team)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_salesperson_enters_a_lead_is_warned_of_a_duplicate_logs_contact_and_qualifies(
    page, live_server, login, salesperson, colleague
):
    login(salesperson, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/new/")
    page.fill("#id_name", "陈女士")
    page.fill("#id_phone", "138 0013 8000")
    page.select_option("#id_channel", Channel.HOME_PLATFORM)
    page.fill("#id_channel_detail", "土巴兔")
    page.click("#save-lead")
    expect(page.locator("#lead-header")).to_be_visible()
    lead = Lead.objects.get(customer__name="陈女士")
    expect(page).to_have_url(f"{live_server.url}/leads/{lead.pk}/")
    expect(page.locator("#lead-phone")).to_contain_text("+8613800138000")

    # The same phone again, by a colleague: warned, nothing created, an appeal offered.
    page.context.clear_cookies()
    login(colleague, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/new/")
    page.fill("#id_name", "陈小姐")
    page.fill("#id_phone", "13800138000")
    page.click("#save-lead")
    warning = page.locator("#collision-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(salesperson.display_name)
    _no_sideways_scroll(page)
    page.screenshot(path=f"{ARTIFACTS}/lead-collision-phone.png", full_page=True)
    assert Lead.objects.count() == 1 and Collision.objects.count() == 1

    # Back to the owner: log the first contact and qualify, in place (htmx).
    page.context.clear_cookies()
    login(salesperson, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/{lead.pk}/")
    page.click("#action-contact summary")
    page.select_option("#id_contact-channel", "phone")
    page.fill("#id_contact-summary", "电话沟通，三室两厅，预算 20 万")
    page.fill("#id_contact-next_step", "约量房")
    page.click("#action-contact button[type=submit]")
    expect(page.locator("#timeline")).to_contain_text("电话沟通")
    expect(page.locator(".lead-state")).to_have_attribute("data-state", LeadState.CONTACTED)
    expect(page).to_have_url(f"{live_server.url}/leads/{lead.pk}/")  # never left the page

    page.click("#action-qualify summary")
    page.fill("#id_qualify-note", "需求真实")
    page.click("#action-qualify button[type=submit]")
    expect(page.locator(".lead-state")).to_have_attribute("data-state", LeadState.QUALIFIED)
    lead.refresh_from_db()
    assert lead.state == LeadState.QUALIFIED
    _no_sideways_scroll(page)
    page.screenshot(path=f"{ARTIFACTS}/lead-detail-phone.png", full_page=True)

    page.goto(f"{live_server.url}/leads/")
    expect(page.locator("#lead-cards .lead-row")).to_have_count(1)
    _no_sideways_scroll(page)
    page.screenshot(path=f"{ARTIFACTS}/lead-list-phone.png", full_page=True)
    page.fill("#id_q", "0013800")
    page.press("#id_q", "Enter")
    expect(page.locator("#lead-cards .lead-row")).to_have_count(1)
    page.fill("#id_q", "9999999")
    page.press("#id_q", "Enter")
    expect(page.locator("#no-leads")).to_be_visible()


def test_manager_assigns_a_lead_from_the_pool(page, live_server, login, manager, salesperson):
    lead = lead_capture(by=manager, owner=None, channel=Channel.WALK_IN, name="林先生", phone="13700137000")
    login(manager, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/pool/")
    row = page.locator(f'.pool-row[data-lead="{lead.pk}"]')
    expect(row.locator(".pool-phone")).to_contain_text(re.compile(r"137\*+7000"))
    row.locator("select[name=owner]").select_option(str(salesperson.pk))
    row.get_by_role("button", name=re.compile("Assign|分配")).click()
    expect(page.locator("#pool-empty")).to_be_visible()
    _no_sideways_scroll(page)
    lead.refresh_from_db()
    assert lead.owner == salesperson
