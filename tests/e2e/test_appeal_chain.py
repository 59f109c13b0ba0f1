"""Browser test on a phone (390 px): an appeal filed by the newcomer goes department manager -> quality control ->
decision, each actor finding it in their queue and acting in place (htmx), the appellant seeing where it is."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from decocrm.accounts.choices import Role
from decocrm.notifications.models import Notification
from leads.choices import AppealState
from leads.models import Appeal, Collision
from leads.permissions import QUALITY_CONTROL_GROUP
from leads.services import LeadCollisionError, lead_capture
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = "var/test-artifacts"


def _as(page, login, user, live_server):
    page.context.clear_cookies()
    login(user, TEST_PASSWORD)
    page.goto(f"{live_server.url}/leads/appeals/")


def test_an_appeal_goes_from_the_department_manager_to_quality_control_to_a_decision(
    page, live_server, login, salesperson, team_manager, make_staff, team
):
    newcomer = make_staff(Role.SALES, team=team)
    quality_control = make_staff(Role.MANAGER, first_name="品控")
    quality_control.groups.add(Group.objects.get(name=QUALITY_CONTROL_GROUP))
    lead_capture(by=salesperson, channel="walk_in", name="赵女士", phone="13700001111")
    with pytest.raises(LeadCollisionError):
        lead_capture(by=newcomer, channel="expo", name="赵女士", phone="13700001111")
    collision = Collision.objects.get()

    # The newcomer files, with a reason, from their collisions.
    _as(page, login, newcomer, live_server)
    row = page.locator(f'.collision-row[data-collision="{collision.pk}"]')
    row.locator("input[name=reason]").fill("客户在展会先找的我")
    row.locator("button[type=submit]").click()
    appeal = Appeal.objects.get()
    mine = page.locator(f"#my-appeals #appeal-{appeal.pk}")
    expect(mine).to_have_attribute("data-state", AppealState.AT_DEPARTMENT)
    expect(mine.locator("details")).to_have_count(0)  # the appellant never escalates

    # The department manager sees it waiting and escalates it with a reason, in place.
    _as(page, login, team_manager, live_server)
    card = page.locator(f"#waiting-appeals #appeal-{appeal.pk}")
    expect(card).to_be_visible()
    card.locator(f"#appeal-{appeal.pk}-escalate summary").click()
    card.locator("textarea[name=escalate-reason]").fill("双方各有登记，部门协商不成")
    card.locator(f"#appeal-{appeal.pk}-escalate button[type=submit]").click()
    expect(page.locator(f"#waiting-appeals #appeal-{appeal.pk}")).to_have_count(0)
    expect(page.locator(f"#appeal-{appeal.pk}-decide")).to_have_count(0)
    assert Appeal.objects.get().state == AppealState.AT_QUALITY_CONTROL

    # Quality control finds it in their queue, with the department's reason, and decides.
    _as(page, login, quality_control, live_server)
    card = page.locator(f"#waiting-appeals #appeal-{appeal.pk}")
    expect(card).to_contain_text("双方各有登记，部门协商不成")
    card.locator(f"#appeal-{appeal.pk}-decide summary").click()
    card.locator("input[name=decide-decision][value=transfer]").check()
    card.locator("textarea[name=decide-note]").fill("展会登记在先")
    page.screenshot(path=f"{ARTIFACTS}/appeal-quality-control-phone.png", full_page=True)
    card.locator(f"#appeal-{appeal.pk}-decide button[type=submit]").click()
    expect(page.locator(f"#waiting-appeals #appeal-{appeal.pk}")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Both parties are told; the appellant sees the decision on their queue.
    assert Notification.objects.filter(recipient=newcomer).exists()
    assert Notification.objects.filter(recipient=salesperson, title__contains="赵女士").count() == 2
    _as(page, login, newcomer, live_server)
    mine = page.locator(f"#my-appeals #appeal-{appeal.pk}")
    expect(mine).to_have_attribute("data-state", AppealState.DECIDED_BY_QUALITY_CONTROL)
    expect(mine.locator(".appeal-step")).to_have_count(3)
    expect(mine.locator(".appeal-decision")).to_contain_text("展会登记在先")
