import re

import pytest
from playwright.sync_api import expect

from decocrm.notifications.models import Notification
from decocrm.notifications.services import notification_create_many
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_salesperson_opens_a_notification_from_the_bell_on_a_phone(page, live_server, login, salesperson, settings):
    settings.NOTIFICATION_EMAIL_ENABLED = False  # in-app only: nothing to deliver in this test
    notification_create_many(
        notifications=[
            {"recipient": salesperson, "kind": "sla_warning", "title": "Lead 王五: first contact due soon", "url": "/"},
            {
                "recipient": salesperson,
                "kind": "sla_breach",
                "title": "Lead 张三: first contact overdue",
                "body": "Due 2026-10-08 23:59",
                "url": "/accounts/password/",
            },
        ]
    )
    login(salesperson, TEST_PASSWORD)
    bell = page.locator("#notification-bell")
    expect(bell).to_be_visible()  # outside the folded menu: always on screen on a phone
    expect(page.locator("#notification-count")).to_have_text(re.compile(r"^2\b"))

    bell.click()
    expect(page).to_have_url(f"{live_server.url}/notifications/")
    items = page.locator("#notification-list [data-notification]")
    expect(items).to_have_count(2)
    expect(page.locator(".notification-unread")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows sideways
    page.screenshot(path="var/test-artifacts/notifications-phone.png", full_page=True)

    items.filter(has_text="张三").click()  # the newest first
    expect(page).to_have_url(f"{live_server.url}/accounts/password/")
    expect(page.locator("#notification-count")).to_have_text(re.compile(r"^1\b"))
    assert Notification.objects.filter(recipient=salesperson, read_at__isnull=False).get().url == "/accounts/password/"

    page.locator("#notification-bell").click()
    expect(page.locator(".notification-unread")).to_have_count(1)
    page.click("#mark-all-read")
    expect(page.locator(".notification-unread")).to_have_count(0)
    expect(page.locator("#notification-count")).to_have_count(0)
