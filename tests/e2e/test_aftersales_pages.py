"""Browser tests on a phone (390 px): customer relations record a due revisit with a raised point and send a
survey link; the customer fills in the survey through the link without logging in; a low score schedules a
follow-up revisit."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aftersales.models import Revisit, Survey
from decocrm.accounts.choices import Role
from tests.aftersales.conftest import revisit_clock
from tests.factories import TEST_PASSWORD
from tests.leads.conftest import new_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_customer_relations_revisit_and_the_customer_answers_the_survey_link(page, live_server, login, make_staff,
                                                                             team, salesperson, browser):  # fmt: skip
    from leads.services import lead_capture

    relations = make_staff(Role.CUSTOMER_RELATIONS, team=team)
    customer = lead_capture(by=salesperson, channel="walk_in", name="李女士", phone=new_phone()).customer
    revisit_clock(customer, relations, kind="first_revisit", at=timezone.now(), label="DC-2026-0007 · 李女士")

    login(relations, TEST_PASSWORD)
    page.goto(f"{live_server.url}/aftersales/revisits/")
    _no_sideways_scroll(page)
    page.locator(".due-revisit", has_text="DC-2026-0007").click()
    page.locator("input[name=method][value=phone]").check()
    page.fill("#id_outcome", "客户对施工满意")
    page.locator("input[name=satisfaction][value='4']").check()
    page.fill("#id_points", "阳台推拉门有点紧")
    _no_sideways_scroll(page)
    page.click("#record-revisit")
    expect(page.locator("#revisit-state")).to_be_visible()
    expect(page.locator(".revisit-point.point-open")).to_contain_text("阳台推拉门有点紧")
    assert Revisit.objects.get().method == "phone"

    # a survey for the customer, and its one-time link
    page.goto(f"{live_server.url}{customer.get_absolute_url()}")
    page.click("#start-survey")
    page.select_option("#id_kind", "after_completion")
    page.click("#create-survey")
    page.locator("#action-link > summary").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#action-link form button[type=submit]").click()
    message = page.locator(".alert", has_text="/aftersales/s/")
    expect(message).to_be_visible()
    link = re.search(r"/aftersales/s/[\w-]+/", message.inner_text()).group(0)

    # the customer, on their own phone, with no login
    customer_page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    customer_page.goto(f"{live_server.url}{link}")
    expect(customer_page.locator("#survey-public-form")).to_be_visible()
    for name, value in (("quality", "5"), ("attitude", "5"), ("schedule", "2"), ("after_sales", "4")):
        customer_page.locator(f"input[name={name}][value='{value}']").check()
    customer_page.select_option("#id_recommend", "8")
    customer_page.fill("#id_suggestions", "工期拖了一周")
    customer_page.click("#send-survey")
    expect(customer_page.locator("#survey-thanks")).to_be_visible()
    assert customer_page.evaluate("document.documentElement.scrollWidth") <= 390
    customer_page.goto(f"{live_server.url}{link}")
    expect(customer_page.locator("#survey-gone")).to_be_visible()  # it worked once

    survey = Survey.objects.get()
    assert (survey.channel, survey.schedule, survey.recommend) == ("link", 2, 8)
    assert survey.follow_up is not None and survey.follow_up.state == "scheduled"  # a low schedule score
    page.goto(f"{live_server.url}{survey.get_absolute_url()}")
    expect(page.locator("#survey-follow-up")).to_be_visible()
