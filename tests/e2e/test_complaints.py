"""Browser test of a major complaint on a phone (390 px): customer relations record it with a photo (media
involved: major), management and the legal department are warned, they take it themselves (the salesperson complained
about is not offered as handler), investigate, report to management, propose a solution with compensation, the
general manager approves it, they feed the result back and close it with the customer's satisfaction; the revisit
clock starts, held by the general manager (a major complaint is revisited by a company manager [seed 002]), and
customer relations record the revisit from the revisit queue (the complainant is no customer on file)."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from complaints.models import Complaint
from complaints.services import LEGAL_GROUP, complaint_review_solution
from decocrm.accounts.choices import Role
from decocrm.notifications.models import Notification
from decocrm.sla.selectors import clocks_for_subject
from tests.factories import TEST_PASSWORD
from tests.uploads import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_customer_relations_handle_a_major_complaint_to_its_revisit(page, live_server, login, make_staff, team,
                                                                  settings, tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    relations = make_staff(Role.CUSTOMER_RELATIONS, last_name="孙", first_name="客服")
    accused = make_staff(Role.SALES, team=team, last_name="陈", first_name="被诉")
    gm = make_staff(Role.MANAGER, company_wide=True)
    lawyer = make_staff(Role.ARCHIVE_CLERK)
    lawyer.groups.add(Group.objects.get(name=LEGAL_GROUP))

    login(relations, TEST_PASSWORD)
    page.goto(f"{live_server.url}/complaints/")
    expect(page.locator("#no-complaints")).to_be_visible()
    page.click("#new-complaint")
    page.fill("#id_complainant_name", "刘先生")
    page.fill("#id_complainant_phone", "13912345678")
    page.select_option("#id_channel", "hotline")
    page.fill("#id_content", "施工队把小区电梯弄坏，业主群已发到本地媒体")
    page.fill("#id_demand", "赔偿电梯维修费并公开道歉")
    page.select_option("#id_accused_staff", str(accused.pk))
    page.check("#id_major_reasons_0")  # media
    page.set_input_files("#id_evidence", [{"name": "电梯.png", "mimeType": "image/png", "buffer": PNG}])
    _no_sideways_scroll(page)
    page.click("#complaint-intake button[type=submit]")

    expect(page.locator(".complaint-major")).to_have_count(1)
    expect(page.locator("#complaint-evidence img")).to_have_count(1)
    complaint = Complaint.objects.get()
    warned = set(Notification.objects.filter(code="complaint_major").values_list("recipient_id", flat=True))
    assert {gm.pk, lawyer.pk} <= warned
    _no_sideways_scroll(page)

    def act(name, fill=None, check=()):
        page.locator(f"#action-{name} > summary").click()
        for field, value in (fill or {}).items():
            selector = f"#id_{name}-{field}"
            if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
                page.select_option(selector, value)
            else:
                page.fill(selector, value)
        for selector in check:
            page.check(selector)
        page.locator(f"#action-{name} form button[type=submit]").click()

    options = page.locator("#id_assign-handler option").all_inner_texts()
    assert not any("陈被诉" in option or "被诉" in option for option in options)
    act("assign", {"handler": str(relations.pk)})
    expect(page.locator("#complaint-handler")).to_contain_text("客服")
    act("investigate")
    expect(page.locator(".complaint-state-investigating")).to_have_count(1)
    act("report", {"report": "已电话报告总经理，召开危机处理会议"})
    expect(page.locator("#major-reported")).to_be_visible()
    act(
        "propose",
        {
            "investigation": "运料时撞坏电梯轿厢",
            "category": "construction",
            "solution": "承担维修费并道歉",
            "compensation": "12000",
        },
        check=("#id_propose-justified_0", "#id_propose-demand_reasonable_0"),
    )
    expect(page.locator(".complaint-state-solution_proposed")).to_have_count(1)
    expect(page.locator("#action-feed_back")).to_have_count(0)  # waits for the general manager

    complaint_review_solution(complaint=Complaint.objects.get(pk=complaint.pk), by=gm, approve=True)
    page.reload()
    act("feed_back", {"feedback": "客户接受维修方案"})
    expect(page.locator(".complaint-state-resolved")).to_have_count(1)
    act("close", {"note": "业主满意"}, check=("#id_close-satisfaction_1",))
    expect(page.locator(".complaint-state-closed")).to_have_count(1)
    expect(page.locator("#complaint-satisfaction")).to_be_visible()
    _no_sideways_scroll(page)

    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.handler == relations and complaint.satisfaction == "satisfied"
    assert str(complaint.compensation) == "12000.00" and complaint.approved_by == gm
    kinds = {c.kind: c.state for c in clocks_for_subject(complaint)}
    assert kinds["complaint_revisit"] == "running" and kinds["complaint_closure"] == "met"
    assert kinds["major_complaint_escalation"] == "met"
    page.goto(f"{live_server.url}/complaints/")
    expect(page.locator(".complaint-row")).to_have_count(1)

    # the revisit, from the revisit queue: held by the general manager, recorded by customer relations on the call
    revisit_clock = next(c for c in clocks_for_subject(complaint) if c.kind == "complaint_revisit")
    assert revisit_clock.owner == gm and complaint.customer is None
    page.goto(f"{live_server.url}/aftersales/revisits/")
    _no_sideways_scroll(page)
    page.locator(".due-revisit", has_text=complaint.number).click()
    page.locator("input[name=method][value=phone]").check()
    page.fill("#id_outcome", "刘先生认可处理结果，电梯已修复")
    page.locator("input[name=satisfaction][value='5']").check()
    _no_sideways_scroll(page)
    page.click("#record-revisit")
    expect(page.locator("#revisit-state")).to_be_visible()
    expect(page.locator("#revisit-no-customer")).to_contain_text("刘先生")
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert complaint.revisit_done_at is not None
    assert next(c for c in clocks_for_subject(complaint) if c.kind == "complaint_revisit").state == "met"
    page.goto(f"{live_server.url}{complaint.get_absolute_url()}")
    expect(page.locator(".complaint-state-closed")).to_have_count(1)
