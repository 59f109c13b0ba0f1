"""Browser test of a borrowing request on a phone (390 px) [issue 12, seed 002 §1.5]: a salesperson asks to borrow a
file of their own department, the request shows that it awaits approval, the department manager (told by a notice)
approves it from its page, and the archive clerk hands it out in the admin site and records its return there."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from customers.archives.models import BorrowRequest
from customers.archives.models.borrowing import BorrowState
from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_set_manager
from decocrm.notifications.models import Notification
from tests.archives.borrowing_helpers import file_for
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_borrowing_waits_for_the_department_managers_approval(page, live_server, login, make_staff, team):
    gm = make_staff(Role.MANAGER, company_wide=True, username="gm")
    boss = make_staff(Role.MANAGER, team=team, username="boss", last_name="王", first_name="经理")
    team_set_manager(team=team, manager=boss)
    owner = make_staff(Role.SALES, team=team, username="owner")
    borrower = make_staff(Role.SALES, team=team, username="borrower", last_name="李", first_name="销售")
    clerk = make_staff(Role.ARCHIVE_CLERK, username="clerk")
    archive_file = file_for(owner, by=gm, name="赵先生")

    login(borrower, TEST_PASSWORD)
    page.goto(f"{live_server.url}/archives/borrowing/")
    page.click("#borrow-new")
    page.select_option("#id_file", str(archive_file.pk))
    page.check("#id_kind_1")  # borrow
    page.fill("#id_purpose", "复印合同附件给业主")
    page.fill("#id_due_back", (timezone.localdate() + timedelta(days=2)).isoformat())
    _no_sideways_scroll(page)
    page.click("#borrow-submit")
    expect(page.locator("#borrow-awaiting")).to_be_visible()
    expect(page.locator("#borrow-state .borrow-state")).to_have_attribute("data-state", "requested")
    request = BorrowRequest.objects.get()
    assert Notification.objects.filter(recipient=boss, code="archive_borrow_requested").count() == 1
    _no_sideways_scroll(page)

    page.context.clear_cookies()
    login(boss, TEST_PASSWORD)
    page.goto(f"{live_server.url}/archives/borrowing/")
    page.locator(f"#borrow-to-approve .borrow-row[data-pk='{request.pk}']").click()
    page.locator("#action-approve > summary").click()
    page.fill("#id_approve-note", "同意，当天归还")
    page.locator("#action-approve form button[type=submit]").click()
    expect(page.locator("#borrow-state .borrow-state")).to_have_attribute("data-state", "approved")
    expect(page.locator("#borrow-awaiting")).to_have_count(0)
    assert BorrowRequest.objects.get().decided_by == boss

    page.context.clear_cookies()
    login(clerk, TEST_PASSWORD)
    page.goto(f"{live_server.url}/admin/archives/borrowrequest/")
    page.locator(f"input[name=_selected_action][value='{request.pk}']").check()
    page.select_option("select[name=action]", "hand_out")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert BorrowRequest.objects.get().state == BorrowState.OUT
    page.locator(f"input[name=_selected_action][value='{request.pk}']").check()
    page.select_option("select[name=action]", "record_return")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    returned = BorrowRequest.objects.get()
    assert (returned.state, returned.handed_out_by, returned.received_by) == (BorrowState.RETURNED, clerk, clerk)
    page.goto(f"{live_server.url}{returned.get_absolute_url()}")
    expect(page.locator("#borrow-state .borrow-state")).to_have_attribute("data-state", "returned")
    expect(page.locator("#timeline .timeline-entry")).to_have_count(4)
