import re

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_salesperson_logs_in_on_a_phone_sees_chinese_and_switches_to_english(page, live_server, login, salesperson):
    login(salesperson, TEST_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("我的工作")
    # On a 390 px screen the navigation folds behind the toggler and opens on tap.
    nav = page.locator("#mainNav")
    expect(nav).to_be_hidden()
    page.click(".navbar-toggler")
    expect(nav).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows sideways
    page.screenshot(path="var/test-artifacts/home-phone-zh.png", full_page=True)

    page.click("button[data-language=en]")
    expect(page.locator("h1")).to_have_text("My work")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path="var/test-artifacts/home-phone-en.png", full_page=True)


def test_wrong_password_shows_a_clear_error(page, live_server, login, salesperson):
    login(salesperson, "not-the-password")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator(".alert-danger, .invalid-feedback, .alert")).to_contain_text("用户名或密码错误")


def test_anonymous_visit_redirects_to_login(page, live_server):
    for path in ["/", "/accounts/password/"]:
        page.goto(f"{live_server.url}{path}")
        expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
        expect(page.locator("#login-form")).to_be_visible()


def test_repeated_wrong_passwords_lock_the_login_with_a_clear_page(page, live_server, login, salesperson, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(salesperson, "not-the-password")
        expect(page.locator("#login-form")).to_contain_text("用户名或密码错误")
    login(salesperson, "not-the-password")
    expect(page.locator("#login-locked-out")).to_be_visible()
    login(salesperson, TEST_PASSWORD)  # the right password is refused too, with the same page
    expect(page.locator("#login-locked-out")).to_be_visible()
    expect(page.locator("#login-locked-out h1")).not_to_be_empty()
    page.screenshot(path="var/test-artifacts/login-locked-out.png", full_page=True)
    page.click("#login-locked-out a.btn")
    expect(page.locator("#login-form")).to_be_visible()
