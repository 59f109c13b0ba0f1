"""Browser tests of the lead pages on a phone (390 px): the salesperson's capture → duplicate warning → first
contact → qualify, and a manager giving a pool lead to a salesperson."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from decocrm.accounts.choices import Role
from leads.choices import Channel, LeadState
from leads.models import Collision, Lead
from leads.services import lead_capture
from tests.factories import TEST_PASSWORD
from tests.uploads import pdf_bytes

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


def _open_and_submit(page, field_id, fill):
    """Open the design-panel action whose form holds `field_id`, fill it and submit it (htmx swaps the panel)."""
    prefix = field_id.removeprefix("id_").rsplit("-", 1)[0]  # most panel forms come when their card is opened
    page.locator(f'details.design-action[data-form="{prefix}"] > summary').click()
    fill()
    page.locator(f"form:has(#{field_id}) button[type=submit]").click()


def test_a_designer_assigned_to_a_lead_books_measures_and_delivers_then_the_owner_signs_the_contract(
    page, live_server, login, salesperson, make_staff
):
    """Issue 9: the salesperson chooses the designer; the designer (on a phone) sees the lead, books and records the
    measurement and delivers the proposal, the customer accepts (方案已接受 / 待签约). Issue 10: the salesperson drafts
    the contract from the accepted proposal, completes it and signs it, and the lead is won."""
    from datetime import timedelta

    from decocrm.sla.choices import ClockKind, ClockState
    from decocrm.sla.models import Clock
    from leads.models import DesignProposal
    from leads.services import lead_log_contact, lead_qualify

    designer = make_staff(Role.DESIGNER)
    entered = timezone.localtime() - timedelta(hours=2)  # before the visit: a visit cannot predate its lead
    lead = lead_capture(by=salesperson, channel=Channel.WALK_IN, name="周先生", phone="13900139000", at=entered)
    lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="到店咨询")
    lead_qualify(lead=lead, by=salesperson, note="需求真实")
    other = lead_capture(by=salesperson, channel=Channel.WALK_IN, name="孙女士", phone="13900139001", at=entered)

    login(salesperson, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/{lead.pk}/")
    page.click("#action-designer summary")
    page.select_option("#id_designer-designer", str(designer.pk))
    page.click("#action-designer button[type=submit]")
    expect(page.locator("#lead-designer")).to_contain_text(designer.display_name)
    expect(page.locator("#timeline")).to_contain_text(designer.display_name)

    page.context.clear_cookies()
    login(designer, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/")
    expect(page.locator("#lead-cards .lead-row")).to_have_count(1)  # the lead assigned to them, nothing else
    assert page.goto(f"{live_server.url}/leads/{other.pk}/").status == 404
    page.goto(f"{live_server.url}/leads/{lead.pk}/")
    state = page.locator(".lead-state")
    expect(page.locator("#quick-actions")).to_have_count(0)  # no sales actions for the designer
    expect(page.locator("#lead-phone")).to_contain_text("+8613900139000")  # the customer's basics

    visit = timezone.localtime() + timedelta(days=2)
    _open_and_submit(page, "id_book-kind", lambda: (
        page.select_option("#id_book-kind", "measurement"),
        page.fill("#id_book-scheduled_at", visit.strftime("%Y-%m-%dT%H:%M")),
        page.fill("#id_book-place", "西湖区文三路 88 号 3 幢 1201"),
    ))  # fmt: skip
    expect(page.locator("#design-appointments")).to_contain_text("文三路")
    expect(page.locator("#design-appointments")).to_contain_text(designer.display_name)  # an attendee
    # No reload: every action answers with the whole live part (header, buttons, clocks, panel, timeline).
    expect(state).to_have_attribute("data-state", LeadState.MEASUREMENT_SCHEDULED)

    held = timezone.localtime() - timedelta(minutes=30)
    _open_and_submit(page, "id_measurement-held_at", lambda: (
        page.fill("#id_measurement-held_at", held.strftime("%Y-%m-%dT%H:%M")),
        _fill_room(page, 0, "客厅", "5.2", "4.0", "2.8"),
        page.click("[data-room-add]"),  # a fourth row (issue 9: rooms as rows, added and removed on a phone)
        _fill_room(page, 3, "主卧", "4.0", "3.5", "2.8"),
        page.click("#id_measurement-rooms-1-name >> xpath=ancestor::fieldset//button[@data-room-remove]"),
        page.fill("#id_measurement-orientation", "南北通透"),
    ))  # fmt: skip
    expect(page.locator("#design-measurement")).to_contain_text("客厅")
    expect(page.locator("#design-measurement")).to_contain_text("主卧")
    expect(state).to_have_attribute("data-state", LeadState.MEASURED)
    assert Clock.objects.get(kind=ClockKind.DESIGN_PROPOSAL).owner == designer  # the design clocks are theirs

    _open_and_submit(page, "id_proposal-style", lambda: (
        page.fill("#id_proposal-style", "现代简约"),
        page.fill("#id_proposal-quote_amount", "186000"),
        page.fill("#id_proposal-construction_days", "90"),
    ))  # fmt: skip
    expect(page.locator("#design-panel")).to_contain_text("现代简约")
    proposal = DesignProposal.objects.get(lead=lead)
    deliver = page.locator(f"#proposal-{proposal.pk} form button[type=submit]")
    expect(deliver).to_be_visible()
    deliver.click()
    expect(state).to_have_attribute("data-state", LeadState.PROPOSAL_DELIVERED)
    respond = page.locator('details.design-action[data-form^="response-"]')
    respond.locator("> summary").click()  # the response form comes when its card is opened
    accepted = respond.locator("input[type=radio][name$='-response'][value=accepted]")
    expect(accepted).to_have_count(1)
    assert Clock.objects.get(kind=ClockKind.DESIGN_PROPOSAL).state == ClockState.MET

    accepted.check()
    respond.locator("button[type=submit]").click()
    expect(page.locator(f"#proposal-{proposal.pk} .badge").first).not_to_have_text("待客户答复")
    # Accepted is not won: the lead waits for the contract (seed 000 §6), and signing is not the designer's.
    expect(state).to_have_attribute("data-state", LeadState.PROPOSAL_ACCEPTED)
    expect(page.locator("#awaiting-contract")).to_be_visible()
    expect(page.locator("#action-won")).to_have_count(0)
    expect(page.locator("#timeline")).to_contain_text("设计方案 v1 已被接受")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{ARTIFACTS}/lead-designer-phone.png", full_page=True)

    page.context.clear_cookies()
    login(salesperson, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/{lead.pk}/")
    page.click("#draft-contract")
    expect(page.locator("#signing-needs")).to_be_visible()  # what signing still needs, listed
    expect(page.locator("#contract-amount")).to_have_text("¥186,000.00")
    _contract_action(page, "terms", lambda: (
        page.fill("#id_terms-start_date", "2026-12-14"), page.fill("#id_terms-end_date", "2027-03-14")))  # fmt: skip
    _contract_action(page, "briefing", lambda: [
        page.check(f"#id_briefing-{name}")
        for name in ("told_process", "told_stage_dates", "told_customer_duties", "told_after_sales_policy")
    ])  # fmt: skip
    _contract_action(page, "schedule", lambda: (
        page.select_option("#id_schedule-kind_1", "deposit"), page.fill("#id_schedule-name_1", "定金"),
        page.fill("#id_schedule-percent_1", "30"), page.fill("#id_schedule-due_on_1", "2026-12-10"),
        page.select_option("#id_schedule-kind_2", "final"), page.fill("#id_schedule-name_2", "尾款"),
        page.fill("#id_schedule-percent_2", "70"), page.fill("#id_schedule-due_stage_2", "completion"),
    ))  # fmt: skip
    expect(page.locator("#payment-schedule")).to_contain_text("¥130,200.00")
    _contract_action(page, "file", lambda: (
        page.select_option("#id_file-kind", "survey"),
        page.set_input_files("#id_file-upload", files=[{"name": "survey.pdf", "mimeType": "application/pdf",
                                                         "buffer": pdf_bytes()}]),
    ))  # fmt: skip
    expect(page.locator("#signing-needs")).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())  # "Sign this contract?"
    _contract_action(page, "sign", lambda: (
        page.fill("#id_sign-signed_on", timezone.localdate().isoformat()),
        [page.check(f"#id_sign-{name}") for name in (
            "company_sealed", "customer_signed", "copy_to_business", "copy_to_finance", "copy_to_construction")],
    ))  # fmt: skip
    expect(page.locator("#contract-number")).to_have_text(re.compile(r"DC-\d{4}-0001"))
    _no_sideways_scroll(page)
    page.screenshot(path=f"{ARTIFACTS}/contract-signed-phone.png", full_page=True)
    lead.refresh_from_db()
    assert lead.state == LeadState.WON
    page.goto(f"{live_server.url}/leads/{lead.pk}/")
    expect(state).to_have_attribute("data-state", LeadState.WON)
    expect(page.locator("#lead-contract")).to_contain_text("DC-")


def _contract_action(page, name, fill):
    """Open one of the contract page's actions, fill it and submit it; htmx replaces the page's live part."""
    page.click(f"#action-{name} summary")
    fill()
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.click(f"#action-{name} button[type=submit]")
    # swapped in: the action's form is closed again (a refused one comes back open, with its error)
    expect(page.locator(f"#action-{name}[open]")).to_have_count(0)


def _fill_room(page, index, name, length, width, height):
    for column, value in (("name", name), ("length", length), ("width", width), ("height", height)):
        page.fill(f"#id_measurement-rooms-{index}-{column}", value)


def test_a_salespersons_export_holds_only_their_customers_and_no_sensitive_columns(
    page, live_server, login, salesperson, colleague
):
    """Issue 12: the salesperson downloads the lead list from the page; the file holds their own leads only, none of
    a colleague's, and no sensitive column (ID number, income, occupation); the export is in the export log."""
    from decocrm.audit.models import ExportLog

    lead_capture(by=salesperson, owner=salesperson, channel=Channel.WALK_IN, name="自己的客户", phone="13700137001")
    lead_capture(by=colleague, owner=colleague, channel=Channel.WALK_IN, name="同事的客户", phone="13700137002")
    login(salesperson, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/")
    with page.expect_download() as download:
        page.click("#export-csv")
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        body = exported.read()
    header = body.splitlines()[0]
    assert "自己的客户" in body and "同事的客户" not in body
    assert not any(word in header for word in ("身份证", "收入", "职业"))
    assert ExportLog.objects.filter(user=salesperson, what="leads", rows=1).exists()
