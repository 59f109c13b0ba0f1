"""Browser test of the archive clerk's admin (a desk, 1280 px): a signed contract's sales file is overdue on the
clerk's home; the clerk records its handover with the ID copy missing, noted in the ledger; the file shows
incomplete; the clerk records the ID copy when it comes, and the archive-handover clock stops."""

import pytest
from playwright.sync_api import expect

from customers.archives.models import ArchiveFile
from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.models import Clock
from tests.factories import TEST_PASSWORD
from tests.projects.conftest import capture as capture
from tests.projects.conftest import signed as signed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ID_COPY = "身份证复印件（两面）"


def test_the_clerk_records_a_handover_with_a_missing_document_then_the_document(browser, live_server, make_staff,
                                                                                signed, salesperson):  # fmt: skip
    clerk = make_staff(Role.ARCHIVE_CLERK, last_name="钱", first_name="档案")
    file = ArchiveFile.objects.get(customer=signed.customer)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", clerk.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-form button[type=submit]")

    page.goto(f"{live_server.url}/admin/")
    overdue = page.locator("#archive-overdue")
    expect(overdue).to_contain_text(signed.customer.name)
    overdue.get_by_role("link").first.click()
    expect(page.locator(".field-number")).to_contain_text(file.number)

    def record_handover(kind, *, leave_out=(), note=""):
        page.click("#record-handover")
        page.select_option("#id_kind", kind)
        page.select_option("#id_handed_by", str(salesperson.pk))
        boxes = page.locator("input[name=received_items]")
        for index in range(boxes.count()):
            boxes.nth(index).check()
        for name in leave_out:
            page.get_by_label(name, exact=True).uncheck()
        page.fill("#id_missing_note", note)
        page.check("#id_handed_by_signed")
        page.check("#id_received_by_signed")
        page.click("input[name=_save]")
        expect(page.locator(".messagelist .success")).to_have_count(1)

    record_handover("sales", leave_out=[ID_COPY], note="身份证复印件未附，销售承诺补交")
    page.goto(f"{live_server.url}/admin/archives/archivefile/?completeness=incomplete")
    expect(page.locator("#result_list")).to_contain_text(file.number)
    page.click(f"#result_list a:text('{file.number}')")
    expect(page.locator(".field-completeness_shown")).not_to_contain_text("100%")
    clock = Clock.objects.get(kind=ClockKind.ARCHIVE_HANDOVER, customer_id=signed.customer_id)
    assert clock.state != ClockState.MET

    record_handover("correction")
    page.goto(f"{live_server.url}/admin/archives/archivefile/{file.pk}/change/")
    expect(page.locator(".field-completeness_shown")).to_contain_text("100%")
    clock.refresh_from_db()
    assert clock.state == ClockState.MET_LATE  # signed in March: handed over late, but handed over
    context.close()
