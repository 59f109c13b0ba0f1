"""Browser test of the customer import in the admin (a desk, 1280 px) [issue 12]: an archive clerk uploads a CSV
with Chinese column names; the dry-run preview shows the columns in Chinese and, for the one bad row, its line
number, and offers no confirmation (nothing imported); the corrected file previews clean, the clerk confirms, and
the customers exist."""

import pytest
from playwright.sync_api import expect

from customers.models import Customer
from decocrm.accounts.choices import Role
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = "var/test-artifacts"
HEADER = "名称,电话,类型,地址\n"
GOOD = "张先生,13800000001,residential,浦东新区锦绣路100弄3号\n"


def _upload(page, live_server, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    page.goto(f"{live_server.url}/admin/customers/customer/import/")
    page.set_input_files("#id_import_file", str(path))
    page.select_option("#id_format", label="csv")
    page.locator("form input[type=submit], form button[type=submit]").last.click()


def test_a_clerk_previews_a_bad_file_then_imports_the_corrected_one(browser, live_server, make_staff, tmp_path):
    clerk = make_staff(Role.ARCHIVE_CLERK, last_name="钱", first_name="档案")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", clerk.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-form button[type=submit]")

    _upload(
        page, live_server, tmp_path, "customers.csv", HEADER + GOOD + "李女士,12345,residential,徐汇区漕溪北路1号\n"
    )
    bad = page.locator("#import-bad-rows tr.bad-row")
    expect(bad).to_have_count(1)
    expect(bad.first).to_have_attribute("data-line", "3")  # the file's line of the bad row (the header is line 1)
    expect(bad.first).to_contain_text("电话")  # the column as the file names it
    expect(page.locator("input[name=confirm], button[name=confirm]")).to_have_count(0)
    page.screenshot(path=f"{ARTIFACTS}/customer-import-bad-row.png", full_page=True)
    assert not Customer.objects.exists()

    _upload(
        page,
        live_server,
        tmp_path,
        "customers-fixed.csv",
        HEADER + GOOD + "李女士,13800000002,residential,徐汇区漕溪北路1号\n",
    )
    preview = page.locator("#content table").last
    for column in ("名称", "电话", "地址"):
        expect(preview.locator("th", has_text=column).first).to_be_visible()
    expect(preview).to_contain_text("李女士")
    page.screenshot(path=f"{ARTIFACTS}/customer-import-preview.png", full_page=True)
    assert not Customer.objects.exists()  # a preview writes nothing
    page.locator("input[name=confirm], button[name=confirm]").first.click()
    expect(page.locator(".messagelist .success")).to_have_count(1)
    assert sorted(Customer.objects.values_list("name", "phone")) == [
        ("张先生", "+8613800000001"), ("李女士", "+8613800000002")]  # fmt: skip
    context.close()
