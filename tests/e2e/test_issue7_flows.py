"""Browser tests of issue 7's user-facing flows (phone, 390 px): a team manager changes a team member's role in the
admin site, where the form offers role and team only and another user's password page is refused; the loser of a
pool-claim race is told someone else was first."""

import pytest
from playwright.sync_api import expect

from decocrm.accounts.choices import Role
from decocrm.accounts.models import StaffChange
from leads.choices import Channel
from leads.services import lead_capture
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_manager_changes_a_members_role_in_the_admin_and_gains_no_powers(
    page, live_server, login, team_manager, salesperson, company_manager, make_staff
):
    outsider = make_staff(Role.SALES)  # no team: not this manager's to see
    login(team_manager, TEST_PASSWORD)
    page.goto(f"{live_server.url}/admin/accounts/user/")
    listed = page.locator("#result_list")
    expect(listed).to_contain_text(salesperson.username)
    expect(listed).not_to_contain_text(outsider.username)

    page.goto(f"{live_server.url}/admin/accounts/user/{salesperson.pk}/change/")
    expect(page.locator("select[name=role]")).to_be_visible()
    expect(page.locator("select[name=team]")).to_be_visible()
    for power in ("is_superuser", "is_staff", "company_wide", "groups", "user_permissions"):
        expect(page.locator(f"[name={power}]")).to_have_count(0)
    page.select_option("select[name=role]", Role.DESIGNER.value)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    salesperson.refresh_from_db()
    assert salesperson.role == Role.DESIGNER and not salesperson.is_superuser
    assert StaffChange.objects.filter(staff=salesperson, by=team_manager, field="role").exists()

    response = page.goto(f"{live_server.url}/admin/accounts/user/{company_manager.pk}/password/")
    assert response.status == 403


def test_the_loser_of_a_claim_race_is_told_someone_else_was_first(
    page, live_server, login, browser, salesperson, make_staff, team
):
    rival = make_staff(Role.SALES, team=team)
    lead = lead_capture(by=salesperson, owner=None, channel=Channel.WALK_IN, name="韩先生", phone="13700137111")
    login(salesperson, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/pool/")
    claim = page.locator(f'.pool-row[data-lead="{lead.pk}"] .claim-button')
    expect(claim).to_be_visible()

    # The rival, on another phone, had the same pool page open and claims first.
    other = browser.new_context(viewport={"width": 390, "height": 844})
    rival_page = other.new_page()
    rival_page.goto(f"{live_server.url}/accounts/login/")
    rival_page.fill("input[name=username]", rival.username)
    rival_page.fill("input[name=password]", TEST_PASSWORD)
    rival_page.click("#login-form button[type=submit]")
    rival_page.goto(f"{live_server.url}/leads/pool/")
    rival_page.locator(f'.pool-row[data-lead="{lead.pk}"] .claim-button').click()
    expect(rival_page).to_have_url(f"{live_server.url}/leads/{lead.pk}/")
    other.close()

    claim.click()
    expect(page).to_have_url(f"{live_server.url}/leads/pool/")
    expect(page.locator(".alert")).to_contain_text("该线索已被他人领取。")
    lead.refresh_from_db()
    assert lead.owner == rival
