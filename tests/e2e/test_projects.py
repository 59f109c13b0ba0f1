"""Browser test of a construction project on a phone (390 px): the PM records a failed hidden-works acceptance with a
photo, is refused the next stage, re-inspects, posts the weekly update with a photo and, once the other stages are
done, records the completion acceptance: the project and the contract are completed."""

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from contracts.models import Contract
from decocrm.accounts.choices import Role
from projects.models import Project, Stage
from tests.factories import TEST_PASSWORD
from tests.projects.conftest import FIRST_DAY
from tests.projects.helpers import accept, run_through, start
from tests.uploads import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(name):
    return {"name": name, "mimeType": "image/png", "buffer": PNG}


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_pm_works_a_project_from_a_phone(page, live_server, login, make_staff, team, salesperson, settings,
                                           tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    pm = make_staff(Role.PROJECT_MANAGER, team=team)
    boss = make_staff(Role.MANAGER, team=team, company_wide=True)
    project = _approved_project(salesperson, boss, pm)
    run_through(project, pm, upto=2)
    hidden = Stage.objects.get(project=project, code="hidden_works")
    start(hidden, pm)

    login(pm, TEST_PASSWORD)
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    _no_sideways_scroll(page)

    def act(name, fill, files=None):
        page.locator(f"#action-{name} > summary").click()
        form = page.locator(f"#action-{name} form")
        for field, value in fill.items():
            selector = f"#id_{name}-{field}"
            if value is True:
                page.check(selector)
            elif page.locator(selector).evaluate("e => e.tagName") == "SELECT":
                page.select_option(selector, value)
            else:
                page.fill(selector, value)
        for field, names in (files or {}).items():
            page.set_input_files(f"#id_{name}-{field}", [_file(n) for n in names])
        form.locator("button[type=submit]").click()

    day = FIRST_DAY + timedelta(days=20)
    act("accept", {"stage": str(hidden.pk), "held_on": str(day), "result_1": True, "customer_attended": True,
                   "manager_attended": True,
                   "issues": "卫生间闭水渗漏", "rectify_by": str(day + timedelta(days=3))},
        files={"photos": ["渗漏.png"]})  # fmt: skip
    expect(page.locator(".stage-segment-blocked")).to_have_count(1)
    expect(page.locator("#project-acceptances img")).to_have_count(1)

    act("start", {"started_on": str(day + timedelta(days=1))})
    expect(page.locator("#action-start .action-error")).to_contain_text("隐蔽工程验收未通过")

    act("accept", {"stage": str(hidden.pk), "held_on": str(day + timedelta(days=3)), "result_0": True,
                   "customer_attended": True,
                   "designer_attended": True, "manager_attended": True})  # fmt: skip
    expect(page.locator("#project-acceptances")).to_contain_text("复验")
    act("start", {"started_on": str(day + timedelta(days=4))})
    expect(page.locator(".stage-segment-in_progress")).to_have_count(1)

    act("update", {"text": "泥瓦开始铺贴", "percent_complete": "45"}, files={"photos": ["铺贴.png"]})
    expect(page.locator("#project-updates")).to_contain_text("泥瓦开始铺贴")
    expect(page.locator("#project-updates img")).to_have_count(1)
    _no_sideways_scroll(page)

    accept(Stage.objects.get(project=project, code="masonry"), pm, day=day + timedelta(days=10))
    for position, code in enumerate(("carpentry", "painting", "installation"), start=1):
        stage = Stage.objects.get(project=project, code=code)
        start(stage, pm, day=day + timedelta(days=10 + 7 * position - 6))
        accept(stage, pm, day=day + timedelta(days=10 + 7 * position))
    cleaning = Stage.objects.get(project=project, code="cleaning")
    start(cleaning, pm, day=day + timedelta(days=32))
    page.reload()
    # the completion acceptance comes with the care handover: the manual and the training, to a named person
    act("accept", {"stage": str(cleaning.pk), "held_on": str(day + timedelta(days=34)), "result_0": True,
                   "customer_attended": True, "designer_attended": True, "manager_attended": True,
                   "care_manual": True, "care_training": True, "care_received_by": "业主本人"})  # fmt: skip
    expect(page.locator(".project-state-completed")).to_have_count(1)
    expect(page.locator("#care-handover")).to_contain_text("业主本人")
    assert Contract.objects.get(pk=project.contract_id).state == "completed"
    assert all(item.starts_on for item in Contract.objects.get(pk=project.contract_id).warranty_items.all())
    # the acceptance report as a PDF, downloaded as the PM would and read back
    href = page.locator("#acceptance-report-pdf").get_attribute("href", timeout=5000)
    pdf = page.context.request.get(live_server.url + href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = re.sub(r"\s", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages))
    contract = Contract.objects.get(pk=project.contract_id)
    assert contract.number in text and contract.customer.name in text and "竣工验收" in text
    assert "业主本人" in text  # the care handover, on the report
    # its copy filed in the customer's archive after the commit (the pdf queue's task, eager here), linked on the page
    page.reload()
    archived = page.locator("#acceptance-report-archived").get_attribute("href", timeout=5000)
    copy = page.context.request.get(live_server.url + archived)
    assert copy.ok and copy.body().startswith(b"%PDF")
    copy_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(copy.body())).pages)
    assert contract.number in re.sub(r"\s", "", copy_text)


def _approved_project(salesperson, boss, pm):
    from contracts.services import contract_draft
    from projects.services import (
        project_assign_manager,
        project_plan_stages,
        project_review_schedule,
        project_submit_schedule,
    )
    from tests.contracts.conftest import DRAFTED_AT, accepted_lead, ready_to_sign
    from tests.contracts.test_services import sign
    from tests.leads.access import capture
    from tests.projects.conftest import PLANNED_AT, stage_dates

    contract = ready_to_sign(contract_draft(lead=accepted_lead(capture, salesperson), by=salesperson,
                                            at=DRAFTED_AT), salesperson)  # fmt: skip
    project = Project.objects.get(contract=sign(contract, salesperson))
    project_assign_manager(project=project, manager=pm, by=boss, at=PLANNED_AT)
    project_plan_stages(project=project, by=pm, dates=stage_dates(project))
    project_submit_schedule(project=project, by=pm, at=PLANNED_AT)
    project_review_schedule(project=project, by=boss, approve=True, at=PLANNED_AT)
    return project
