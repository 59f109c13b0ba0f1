"""The appeal queue and notices: each person sees the appeals at their level (and those they are a party to), is
offered exactly the steps the chain allows them, and is told when they must act; both parties hear the decision."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import holds_permission, permission_holders
from decocrm.notifications.models import Notification
from leads.choices import AppealState
from leads.models import Appeal
from leads.permissions import QUALITY_CONTROL_GROUP, QUALITY_CONTROL_PERMISSION
from leads.services import LeadCollisionError, appeal_decide, appeal_escalate, appeal_open, appeal_order_review
from tests.querycount import assert_constant_queries

from .conftest import MONDAY, new_phone

pytestmark = pytest.mark.django_db
T = MONDAY + timedelta(hours=2)
H = timedelta(hours=1)


def _told(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", "url"))


@pytest.fixture
def appeal(collision, colleague, team_manager):
    return appeal_open(collision=collision, by=colleague, reason="展会先接待", at=T)


def test_each_step_tells_whoever_acts_next_and_the_decision_both_parties(
    appeal, team_manager, quality_control, general_office, salesperson, colleague
):
    url = f"/leads/appeals/#appeal-{appeal.pk}"
    assert [u for _t, u in _told(team_manager)] == [url]  # filed: the department manager
    assert len(_told(salesperson)) == 1 and not _told(colleague)  # the owner hears of it, the appellant filed it
    assert not _told(quality_control)
    appeal = appeal_escalate(appeal=appeal, by=team_manager, reason="协商不成", at=T + H)
    assert len(_told(quality_control)) == 1 and not _told(general_office)
    appeal = appeal_decide(appeal=appeal, by=quality_control, decision="transfer", note="证据充分", at=T + 2 * H)
    assert len(_told(colleague)) == 1 and len(_told(salesperson)) == 2  # both parties, once each
    appeal_order_review(appeal=appeal, by=general_office, reason="复核证据", at=T + 3 * H)
    assert len(_told(quality_control)) == 2  # back to them
    assert len(_told(colleague)) == 2 and len(_told(salesperson)) == 3
    assert not _told(general_office)


def test_quality_control_is_a_group_superusers_fill_not_a_superuser_power(make_staff):
    group = Group.objects.get(name=QUALITY_CONTROL_GROUP)
    assert [p.codename for p in group.permissions.all()] == ["appeal_quality_control"]
    boss = make_staff(Role.MANAGER, company_wide=True)
    boss.is_superuser = True
    boss.save()
    assert boss.has_perm(QUALITY_CONTROL_PERMISSION) and not holds_permission(boss, QUALITY_CONTROL_PERMISSION)
    boss.groups.add(group)
    assert list(permission_holders(QUALITY_CONTROL_PERMISSION)) == [boss]


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("leads:appeals"))
    assert response.status_code == 200
    return response.content.decode()


def _action(appeal, name):
    return reverse("leads:appeal_action", args=[appeal.pk, name])


def test_the_queue_shows_each_level_its_own(client, appeal, team_manager, quality_control, general_office, colleague):
    decide, escalate, review = (_action(appeal, n) for n in ("decide", "escalate", "review"))
    page = _page(client, team_manager)
    assert 'id="waiting-appeals"' in page and decide in page and escalate in page
    for user in (quality_control, general_office):
        page = _page(client, user)
        assert 'id="waiting-appeals"' not in page and decide not in page
    page = _page(client, colleague)  # the appellant: their appeal, where it is, and nothing to press
    assert 'id="my-appeals"' in page and f'id="appeal-{appeal.pk}"' in page
    assert decide not in page and escalate not in page and "部门经理处理中" in page  # where it is (zh-hans)

    appeal_escalate(appeal=appeal, by=team_manager, reason="协商不成", at=T + H)
    page = _page(client, team_manager)
    assert 'id="waiting-appeals"' not in page and decide not in page
    page = _page(client, quality_control)
    assert 'id="waiting-appeals"' in page and decide in page and escalate in page and "协商不成" in page
    page = _page(client, general_office)
    assert decide not in page

    appeal_decide(appeal=Appeal.objects.get(), by=quality_control, decision="keep", note="维持", at=T + 2 * H)
    page = _page(client, general_office)  # the level above may send the decision back
    assert 'id="review-appeals"' in page and review in page
    page = _page(client, quality_control)
    assert review not in page and decide not in page


def test_steps_through_the_generic_view(client, appeal, team_manager, colleague, quality_control, outsider):
    client.force_login(colleague)  # the appellant may not escalate: the offer is not theirs, nothing changes
    response = client.post(_action(appeal, "escalate"), {"escalate-reason": "快点"})
    assert response.status_code == 200 and "action-error" in response.content.decode()
    assert Appeal.objects.get().state == AppealState.AT_DEPARTMENT
    client.force_login(outsider)  # another team's salesperson does not reach it at all
    assert client.post(_action(appeal, "escalate"), {"escalate-reason": "x"}).status_code == 404

    client.force_login(team_manager)
    response = client.post(_action(appeal, "escalate"), {"escalate-reason": ""})
    assert response.status_code == 200 and Appeal.objects.get().state == AppealState.AT_DEPARTMENT
    response = client.post(_action(appeal, "escalate"), {"escalate-reason": "协商不成"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith('<div id="appeal-queue">')
    assert Appeal.objects.get().state == AppealState.AT_QUALITY_CONTROL

    client.force_login(quality_control)
    response = client.post(_action(appeal, "decide"), {"decide-decision": "keep", "decide-note": "维持原主"})
    assert response.status_code == 302 and response["Location"].endswith(f"#appeal-{appeal.pk}")
    assert Appeal.objects.get().state == AppealState.DECIDED_BY_QUALITY_CONTROL


def test_the_queue_runs_a_constant_number_of_queries(client, quality_control, team_manager, make_staff, capture):
    owner, team = make_staff(Role.SALES, team=team_manager.team), team_manager.team

    def add(n):
        for _ in range(n):
            phone = new_phone()
            capture(owner, phone=phone)
            newcomer = make_staff(Role.SALES, team=team)
            with pytest.raises(LeadCollisionError) as info:
                capture(newcomer, phone=phone)
            appeal = appeal_open(collision=info.value.collision, by=newcomer, reason="先到", at=T)
            appeal_escalate(appeal=appeal, by=team_manager, reason="上报", at=T + H)

    client.force_login(quality_control)
    page = assert_constant_queries(client, reverse("leads:appeals"), add).content.decode()
    assert page.count('class="list-group-item appeal-row"') == 20
