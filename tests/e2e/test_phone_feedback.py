"""Browser tests of htmx feedback on a phone (issue 9, "Phone use, measured"): a double tap posts once and the
button is disabled while the request runs; focus stays in the swapped region; no Content-Security-Policy violation
and no console error after a swap (htmx must not inject its indicator <style>)."""

import pytest
from playwright.sync_api import expect

from decocrm.accounts.choices import Role
from leads.choices import Channel
from leads.models import ContactLog
from leads.services import lead_capture
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Init scripts run through the DevTools protocol, outside the page's CSP: they can watch for its violations.
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture
def lead(salesperson):
    return lead_capture(
        by=salesperson, name="陈女士", phone="13800138000", channel=Channel.HOME_PLATFORM, channel_detail="土巴兔"
    )


def _open_contact_form(page, live_server, lead):
    page.goto(f"{live_server.url}/leads/{lead.pk}/")
    page.click("#action-contact summary")
    page.select_option("#id_contact-channel", "phone")
    page.fill("#id_contact-summary", "电话沟通，三室两厅")
    return page.locator("#action-contact button[type=submit]")


def test_a_double_tap_on_a_slow_network_posts_once_with_the_button_disabled_meanwhile(
    page, live_server, login, salesperson, lead
):
    login(salesperson, TEST_PASSWORD)
    button = _open_contact_form(page, live_server, lead)
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(  # a slow network: the request takes over a second, the second tap lands while it runs
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1},
    )

    button.evaluate("b => { b.click(); b.click(); }")  # two taps in the same instant
    button.tap(force=True)  # and a third while the request runs (force: tap it disabled or not)
    expect(button).to_be_disabled()
    expect(page.locator("#htmx-progress")).to_be_visible()  # progress shown

    expect(page.locator("#timeline")).to_contain_text("电话沟通")
    expect(page.locator("#htmx-progress")).to_be_hidden()
    assert len(posts) == 1, posts
    assert ContactLog.objects.filter(lead=lead).count() == 1


def test_after_a_swap_focus_is_in_the_changed_region_and_no_csp_violation_or_console_error(
    page, live_server, login, salesperson, lead
):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(WATCH_CSP)
    login(salesperson, TEST_PASSWORD)
    button = _open_contact_form(page, live_server, lead)
    button.click()
    expect(page.locator("#timeline")).to_contain_text("电话沟通")

    # Focus did not fall back to <body>: it is on the swapped part's message, inside #lead-live.
    expect(page.locator("#lead-live .alert")).to_be_focused()
    assert page.evaluate("document.activeElement.closest('#lead-live') !== null")

    assert page.evaluate("window.__csp") == []
    assert errors == []
    # htmx's indicator styles would be a <style> element in <head>: the CSP refuses it.
    assert page.evaluate("document.querySelectorAll('head style').length") == 0


def test_no_csp_violation_or_console_error_on_the_main_pages(page, live_server, login, make_staff, team, lead):
    manager = make_staff(Role.MANAGER, team=team, company_wide=True)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(f"{page.url}: {message.text}"))
    page.add_init_script(WATCH_CSP)
    login(manager, TEST_PASSWORD)
    for path in ["/", "/leads/", f"/leads/{lead.pk}/", "/customers/", "/sla/dashboard/", "/leads/reports/"]:
        page.goto(f"{live_server.url}{path}")
        page.mouse.wheel(0, 5000)  # the charts load when scrolled to
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], path
    assert errors == []
