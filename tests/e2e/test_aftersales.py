"""Browser test of a repair on a phone (390 px): after-sales staff record the customer's call (found by phone, the
contact person checked, a photo from the camera), log the contact, assess, dispatch themselves, arrive, record the
repair with a photo, and take the customer's signature: the ticket is accepted, every step on its timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aftersales.models import RepairTicket
from decocrm.accounts.choices import Role
from projects.models import Project
from tests.factories import TEST_PASSWORD
from tests.projects.helpers import run_through
from tests.uploads import PNG

from .test_projects import _approved_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(name):
    return {"name": name, "mimeType": "image/png", "buffer": PNG}


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_after_sales_take_a_repair_from_intake_to_the_customers_acceptance(
    page, live_server, login, make_staff, team, salesperson, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pm = make_staff(Role.PROJECT_MANAGER, team=team)
    boss = make_staff(Role.MANAGER, team=team, company_wide=True)
    project = _approved_project(salesperson, boss, pm)
    run_through(project, pm)
    project = Project.objects.select_related("customer").get(pk=project.pk)
    technician = make_staff(Role.AFTER_SALES, team=team)

    login(technician, TEST_PASSWORD)
    page.goto(f"{live_server.url}/aftersales/")
    expect(page.locator("#no-tickets")).to_be_visible()
    page.locator("#new-ticket").click()
    page.fill("#intake-q", project.customer.phone[-8:])
    page.locator("#intake-search button[type=submit]").click()
    page.locator(".intake-customer").first.click()
    _no_sideways_scroll(page)
    assert page.locator("#id_photos").get_attribute("capture") == "environment"
    page.select_option("#id_channel", "call")
    item = project.contract.warranty_items.get(name__contains="防水")
    page.select_option("#id_warranty_item", str(item.pk))
    page.fill("#id_description", "阳台地面渗水到楼下")
    page.check("#id_contact_checked")
    page.fill("#id_contact_name", "张太太")
    page.fill("#id_contact_phone", "13912345678")
    page.set_input_files("#id_photos", [_file("渗水.png")])
    page.locator("#intake-form button[type=submit]").click()
    expect(page.locator(".ticket-state-recorded")).to_have_count(1)
    expect(page.locator("#ticket-warranty.text-bg-success")).to_have_count(1)  # in warranty
    expect(page.locator("#running-clocks")).to_be_visible()
    _no_sideways_scroll(page)

    def act(name, fill=None, files=None):
        page.locator(f"#action-{name} > summary").click()
        form = page.locator(f"#action-{name} form")
        for field, value in (fill or {}).items():
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

    act("contact", {"note": "约明天上午"})
    expect(page.locator("#action-contact")).to_have_count(0)
    act("assess", {"nature": "waterproofing", "severity_1": True, "plan": "切开地面重做防水"})
    expect(page.locator(".ticket-state-assessed")).to_have_count(1)
    tomorrow = timezone.localtime() + timedelta(days=1)
    act("dispatch", {"technician": str(technician.pk), "appointment_at": tomorrow.strftime("%Y-%m-%dT%H:%M"),
                     "customer_notified": True})  # fmt: skip
    expect(page.locator(".ticket-state-dispatched")).to_have_count(1)
    act("arrive")
    expect(page.locator(".ticket-state-on_site")).to_have_count(1)
    act("repair", {"report": "重做防水并闭水试验48小时"}, files={"photos": ["修复后.png"]})
    expect(page.locator(".ticket-state-repaired")).to_have_count(1)
    expect(page.locator("#ticket-photos img")).to_have_count(2)
    act("accept", {"name": "张太太"}, files={"signature": ["签名.png"]})
    expect(page.locator(".ticket-state-accepted")).to_have_count(1)
    expect(page.locator("#ticket-acceptance img")).to_have_count(1)
    _no_sideways_scroll(page)

    ticket = RepairTicket.objects.get()
    assert ticket.state == "accepted" and ticket.technician == technician and ticket.warranty == "in"
    assert [t.to_state for t in ticket.transitions.all()] == [
        "recorded", "assessed", "dispatched", "on_site", "repaired", "accepted"
    ]  # fmt: skip
    expect(page.locator("#timeline .timeline-transition")).to_have_count(6)
