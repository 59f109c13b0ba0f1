"""Browser: the overdue dashboard as managers use it (filter by team, drill down to the item), a salesperson's
overdue item on the home page, and the dashboard on a phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from decocrm.sla.sweep import sla_sweep
from leads.choices import Channel
from leads.services import lead_capture
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue_world(make_staff):
    """Two teams; leads entered a week ago and never contacted: their first-contact clocks are overdue."""
    gm = make_staff(Role.MANAGER, company_wide=True)
    teams = {}
    for name, people in (("销售一部", ["张伟", "王芳"]), ("销售二部", ["李娜"])):
        boss = make_staff(Role.MANAGER)
        team = team_create(name=name, manager=boss)
        sellers = [make_staff(Role.SALES, team=team, last_name=p[0], first_name=p[1:]) for p in people]
        teams[name] = {"team": team, "boss": boss, "sellers": sellers}
    week_ago = timezone.now() - timedelta(days=7)
    leads = {}
    n = 0
    for name, t in teams.items():
        for seller in t["sellers"]:
            n += 1
            lead = lead_capture(
                by=seller, channel=Channel.PHONE, name=f"{name}客户{n}", phone=f"1380000{n:04d}", at=week_ago
            )
            leads[lead.customer.name] = lead
    sla_sweep()
    return {"gm": gm, "teams": teams, "leads": leads}


def test_manager_filters_the_dashboard_by_team_and_drills_down(page, live_server, login, overdue_world):
    login(overdue_world["gm"], TEST_PASSWORD)
    page.goto(f"{live_server.url}/sla/dashboard/")
    expect(page.locator("#total-breached")).to_have_text("3")
    page.screenshot(path="var/test-artifacts/sla-dashboard-phone.png", full_page=True)

    page.click("#dashboard-filters >> xpath=.. >> summary")
    team2 = overdue_world["teams"]["销售二部"]["team"]
    page.select_option("select[name=team]", str(team2.pk))
    page.click("#dashboard-filters button[type=submit]")
    expect(page).to_have_url(re.compile(rf"team={team2.pk}"))
    expect(page.locator("#total-breached")).to_have_text("1")
    links = page.locator("#breach-list a.breach-link")
    expect(links).to_have_count(1)
    expect(links.first).to_contain_text("销售二部客户3")

    links.first.click()
    lead = overdue_world["leads"]["销售二部客户3"]
    expect(page).to_have_url(f"{live_server.url}/leads/{lead.pk}/")
    expect(page.locator("body")).to_contain_text("销售二部客户3")


def test_salesperson_sees_the_overdue_item_on_the_home_page(page, live_server, login, overdue_world):
    seller = overdue_world["teams"]["销售一部"]["sellers"][0]
    login(seller, TEST_PASSWORD)
    card = page.locator("#my-clocks")
    expect(card.locator(".clock-breached")).to_have_count(1)
    expect(card.locator(".clock-breached")).to_contain_text("销售一部客户1")
    expect(card.locator(".badge.text-bg-danger")).to_have_text("逾期")
    # the bell counts the breach notice alone: overdue at its first sweep, the clock was never "due soon" (issue 9)
    expect(page.locator("#notification-count")).to_have_text(re.compile(r"^1\b"))


def test_team_manager_sees_only_their_team_on_a_phone(page, live_server, login, overdue_world):
    login(overdue_world["teams"]["销售一部"]["boss"], TEST_PASSWORD)
    page.goto(f"{live_server.url}/sla/dashboard/")
    expect(page.locator("#total-breached")).to_have_text("2")
    expect(page.locator("#breach-list")).not_to_contain_text("销售二部")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows sideways


def test_a_salesperson_back_after_an_outage_gets_one_notice_that_opens_my_deadlines(page, live_server, login,
                                                                                   make_staff):  # fmt: skip
    """12 leads entered a week ago, none contacted, and the workers were down: the first sweep breaches all 12. The
    salesperson gets one notice counting them (sweep.OWNER_DIGEST_ABOVE), not 12, and it opens My deadlines."""
    from decocrm.sla.sweep import OWNER_DIGEST_ABOVE

    boss = make_staff(Role.MANAGER)
    seller = make_staff(Role.SALES, team=team_create(name="销售三部", manager=boss), last_name="赵", first_name="敏")
    week_ago = timezone.now() - timedelta(days=7)
    many = OWNER_DIGEST_ABOVE + 2
    for n in range(many):
        lead_capture(by=seller, channel=Channel.PHONE, name=f"停机客户{n}", phone=f"1390000{n:04d}", at=week_ago)
    sla_sweep()

    login(seller, TEST_PASSWORD)
    expect(page.locator("#notification-count")).to_have_text(re.compile(r"^1\b"))
    page.locator("#notification-bell").click()
    items = page.locator("#notification-list [data-notification]")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text(f"您的事项新增逾期：{many}")
    page.screenshot(path="var/test-artifacts/sla-owner-digest-phone.png", full_page=True)

    items.first.click()
    expect(page).to_have_url(f"{live_server.url}/sla/mine/")
    expect(page.locator("h2.text-danger")).to_contain_text(f"({many})")
    expect(page.locator(".list-group-item").filter(has_text="停机客户")).to_have_count(many)
    page.screenshot(path="var/test-artifacts/sla-my-deadlines-phone.png", full_page=True)
