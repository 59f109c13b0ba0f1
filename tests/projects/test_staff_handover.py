"""A leaving project manager's open projects handed to another project manager (projects.handover through
project_assign_manager): manager changed, both told, the project's clocks follow the new one."""

from datetime import timedelta

import pytest

from decocrm.accounts.choices import Role
from decocrm.accounts.services import StaffHandoverRefused, staff_hand_over, staff_handover_counts
from decocrm.notifications.models import Notification
from decocrm.sla.choices import OPEN_STATES
from decocrm.sla.selectors import clocks_for_subject
from projects.models import Project

from .conftest import PLANNED_AT


@pytest.fixture
def successor(make_staff, team):
    return make_staff(Role.PROJECT_MANAGER, team=team)


def test_projects_go_to_another_project_manager(approved, pm, successor, team_manager):
    assert staff_handover_counts(pm)["projects"] == 1
    open_before = clocks_for_subject(approved).filter(state__in=OPEN_STATES, owner=pm).count()
    at = PLANNED_AT + timedelta(hours=3)
    staff_hand_over(leaving=pm, by=team_manager, targets={"projects": successor}, at=at)
    project = Project.objects.get(pk=approved.pk)
    assert project.manager == successor
    assert not clocks_for_subject(project).filter(state__in=OPEN_STATES, owner=pm).exists()
    assert clocks_for_subject(project).filter(state__in=OPEN_STATES, owner=successor).count() == open_before
    assert Notification.objects.filter(recipient=successor, code="project_manager_you").count() == 1
    assert Notification.objects.filter(recipient=successor, code="staff_handover_to_you").count() == 1


def test_projects_go_only_to_a_project_manager(approved, pm, team_manager, salesperson):
    with pytest.raises(StaffHandoverRefused) as refused:
        staff_hand_over(leaving=pm, by=team_manager, targets={"projects": salesperson})
    assert refused.value.field == "projects"
    assert Project.objects.get(pk=approved.pk).manager == pm
