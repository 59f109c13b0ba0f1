"""Browser test of an archive file's destruction in the admin site (a desk, 1280 px) [issue 12, seed 002 §3.2.8]:
the archive clerk proposes destroying a file whose ten years have passed; the head of its department (told by a
notice) reviews it, and may not approve it too; a company-wide manager approves it; the clerk records what was
destroyed, how and when, and the file is destroyed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from customers.archives.choices import FileState
from customers.archives.models import ArchiveFile, Destruction
from customers.archives.models.retention import DestructionState
from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_set_manager
from decocrm.notifications.models import Notification
from tests.archives.borrowing_helpers import file_for, local
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = "var/test-artifacts"
DONE, REFUSED = ".messagelist .info", ".messagelist .warning"  # run_each: info per batch done, a warning per refusal


def test_a_file_is_destroyed_after_the_department_heads_review_and_the_general_managers_approval(
    browser, live_server, make_staff, team
):
    gm = make_staff(Role.MANAGER, company_wide=True, username="gm", last_name="总", first_name="经理")
    head = make_staff(Role.MANAGER, team=team, username="head", last_name="王", first_name="部长")
    team_set_manager(team=team, manager=head)
    owner = make_staff(Role.SALES, team=team, username="owner")
    clerk = make_staff(Role.ARCHIVE_CLERK, username="clerk", last_name="钱", first_name="档案")
    old = file_for(owner, by=gm, name="赵先生", opened_at=local(2014, 3, 1),
                   retain_until=timezone.localdate() - timedelta(days=1))  # fmt: skip
    kept = file_for(owner, by=gm, name="钱女士", retain_until=timezone.localdate() + timedelta(days=400))

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def sign_in(user):
        context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.click("#login-form button[type=submit]")
        expect(page.locator("#login-form")).to_have_count(0)

    def act_on(url, pk, action):
        page.goto(f"{live_server.url}{url}")
        page.check(f"input[name=_selected_action][value='{pk}']")
        page.select_option("select[name=action]", action)
        page.click("#changelist-form button[name=index]")

    # The clerk: the files due for destruction (the one still kept is not among them), then the proposal.
    sign_in(clerk)
    page.goto(f"{live_server.url}/admin/archives/retainedfile/?retention=due")
    results = page.locator("#result_list")
    expect(results).to_contain_text(old.number)
    expect(results).not_to_contain_text(kept.number)
    act_on("/admin/archives/retainedfile/?retention=due", old.pk, "propose_destruction")
    expect(page.locator(DONE)).to_have_count(1)
    destruction = Destruction.objects.get(file=old)
    assert destruction.state == DestructionState.AWAITING_REVIEW and destruction.proposed_by == clerk

    # The department head, told by a notice that links the destruction, reviews it; approving it too is refused.
    notice = Notification.objects.get(recipient=head, code="archive_destruction_step")
    sign_in(head)
    page.goto(f"{live_server.url}{notice.url}")
    expect(page.locator("#content")).to_contain_text(old.number)
    act_on("/admin/archives/destruction/", destruction.pk, "review")
    expect(page.locator(DONE)).to_have_count(1)
    act_on("/admin/archives/destruction/", destruction.pk, "approve")
    expect(page.locator(REFUSED)).to_have_count(1)
    destruction.refresh_from_db()
    assert (destruction.state, destruction.reviewed_by) == (DestructionState.AWAITING_APPROVAL, head)

    # A company-wide manager approves.
    sign_in(gm)
    act_on("/admin/archives/destruction/", destruction.pk, "approve")
    expect(page.locator(DONE)).to_have_count(1)
    destruction.refresh_from_db()
    assert (destruction.state, destruction.approved_by) == (DestructionState.APPROVED, gm)

    # The clerk records what was destroyed and how.
    sign_in(clerk)
    act_on("/admin/archives/destruction/", destruction.pk, "record_destruction")
    page.fill("#id_what_destroyed", "纸质档案袋一份（合同、验收单）及扫描件")
    page.fill("#id_method", "碎纸机")
    page.screenshot(path=f"{ARTIFACTS}/archive-destruction-record.png", full_page=True)
    page.click("#archive-action-form input[type=submit]")
    expect(page.locator(DONE)).to_have_count(1)
    page.goto(f"{live_server.url}/admin/archives/destruction/{destruction.pk}/change/")
    expect(page.locator("#content")).to_contain_text("碎纸机")
    page.screenshot(path=f"{ARTIFACTS}/archive-destruction-done.png", full_page=True)
    destruction.refresh_from_db()
    assert (destruction.state, destruction.destroyed_by) == (DestructionState.DESTROYED, clerk)
    assert destruction.what_destroyed.startswith("纸质档案袋") and destruction.destroyed_at is not None
    assert ArchiveFile.objects.get(pk=old.pk).state == FileState.DESTROYED
    assert ArchiveFile.objects.get(pk=kept.pk).state == FileState.OPEN
    context.close()
