"""Notices of a project's schedule and project manager (issue 10): a filed schedule tells those who may review it,
an approved or returned schedule tells the PM, a PM named or changed tells the new one and the one replaced — once
each (dedupe key), bell and email, in the reader's language; a refused change tells nobody."""

from datetime import timedelta

import pytest
from django.utils import translation

from decocrm.accounts.choices import Role
from decocrm.notifications.models import Notification
from decocrm.notifications.texts import rendered
from projects.models import Project
from projects.services import (
    ProjectPermissionError,
    project_assign_manager,
    project_plan_stages,
    project_review_schedule,
    project_submit_schedule,
)
from projects.services.notices import ProjectNotice
from tests.factories import TeamFactory

from .conftest import PLANNED_AT, stage_dates

pytestmark = pytest.mark.django_db


def told():
    """{username: [code, ...]} of every notice stored."""
    result = {}
    for username, code in Notification.objects.order_by("id").values_list("recipient__username", "code"):
        result.setdefault(username, []).append(code)
    return result


def _filed(project, pm, boss):
    project_assign_manager(project=project, manager=pm, by=boss, at=PLANNED_AT)
    project_plan_stages(project=project, by=pm, dates=stage_dates(project))
    Notification.objects.all().delete()
    project_submit_schedule(project=project, by=pm, at=PLANNED_AT)
    return Project.objects.get(pk=project.pk)


def test_naming_the_pm_tells_them_and_changing_it_tells_the_one_replaced(project, pm, team_manager, make_staff, team):
    project_assign_manager(project=project, manager=pm, by=team_manager, at=PLANNED_AT)
    assert told() == {pm.username: [ProjectNotice.MANAGER_YOU]}  # not the manager who did it
    notice = Notification.objects.get()
    assert notice.url == project.get_absolute_url() and notice.dedupe_key
    assert notice.email_state  # goes by email too, like every general notice

    other = make_staff(Role.PROJECT_MANAGER, team=team)
    project_assign_manager(project=project, manager=other, by=team_manager, at=PLANNED_AT + timedelta(hours=1))
    assert told() == {
        pm.username: [ProjectNotice.MANAGER_YOU, ProjectNotice.MANAGER_NO_LONGER],
        other.username: [ProjectNotice.MANAGER_YOU],
    }
    project_assign_manager(project=project, manager=other, by=team_manager, at=PLANNED_AT + timedelta(hours=2))
    assert Notification.objects.count() == 3  # naming the same PM again changes nothing and tells nobody


def test_a_refused_naming_tells_nobody(project, pm, make_staff):
    stranger = make_staff(Role.MANAGER, team=TeamFactory())
    with pytest.raises(ProjectPermissionError):
        project_assign_manager(project=project, manager=pm, by=stranger, at=PLANNED_AT)
    assert not Notification.objects.exists()


def test_a_filed_schedule_tells_who_may_review_it(project, pm, team_manager, company_manager, make_staff, team):
    other_team_boss = make_staff(Role.MANAGER, team=TeamFactory())
    team_member_manager = make_staff(Role.MANAGER, team=team)
    gone = make_staff(Role.MANAGER, team=team)
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    salesperson_of_team = make_staff(Role.SALES, team=team)
    _filed(project, pm, team_manager)
    assert told() == {
        username: [ProjectNotice.SCHEDULE_FILED]
        for username in (team_manager.username, company_manager.username, team_member_manager.username)
    }
    assert other_team_boss.username not in told() and salesperson_of_team.username not in told()


def test_an_approval_and_a_return_tell_the_pm_with_the_note(project, pm, team_manager):
    project = _filed(project, pm, team_manager)
    Notification.objects.all().delete()
    project_review_schedule(project=project, by=team_manager, approve=False, note="水电工期太短", at=PLANNED_AT)
    returned = Notification.objects.get()
    assert (returned.recipient, returned.code, returned.body) == (pm, ProjectNotice.SCHEDULE_RETURNED, "水电工期太短")
    with translation.override("en"):
        title, _body = rendered(returned.code, returned.params, returned.title, returned.body)
    assert title == f"{team_manager.display_name} returned your schedule of {project.customer.name}"

    project_submit_schedule(project=project, by=pm, at=PLANNED_AT + timedelta(hours=1))
    Notification.objects.all().delete()
    project_review_schedule(project=project, by=team_manager, approve=True, at=PLANNED_AT + timedelta(hours=2))
    assert told() == {pm.username: [ProjectNotice.SCHEDULE_APPROVED]}


def test_each_event_tells_each_person_once(project, pm, team_manager):
    """The same event told again (a retried delivery, a second call) stores nothing new: the dedupe key holds."""
    from projects.models import ProjectTransition
    from projects.services.notices import schedule_filed_notices

    project = _filed(project, pm, team_manager)
    count = Notification.objects.count()
    transition = ProjectTransition.objects.filter(project=project).latest("at", "pk")
    assert schedule_filed_notices(project, transition, by=pm) == 0
    assert Notification.objects.count() == count
