"""Change history of a project: the plan's edit (workers' team) on the project's timeline and in the admin history,
naming who and when; another team's manager gets a 404 on the admin history."""

import pytest

from decocrm.accounts.choices import Role
from projects.services import project_assign_manager, project_plan_stages
from tests.history_helpers import assert_admin_history_is_404, assert_edit_in_admin_history, assert_edit_on_timeline

pytestmark = pytest.mark.django_db


def test_an_edit_shows_on_the_timeline_and_in_the_admin(client, project, pm, team_manager):
    from .conftest import PLANNED_AT, stage_dates

    project_assign_manager(project=project, manager=pm, by=team_manager, at=PLANNED_AT)
    project_plan_stages(project=project, by=pm, dates=stage_dates(project), workers="王师傅班组", inspector="李质检")
    assert_edit_on_timeline(client, reader=team_manager, url=f"/projects/{project.pk}/", obj=project,
                            field="workers", old="—", new="王师傅班组", editor=pm)  # fmt: skip
    assert_edit_in_admin_history(client, reader=team_manager, obj=project, new="李质检", editor=pm)
    assert_edit_on_timeline(client, reader=pm, url=f"/projects/{project.pk}/", obj=project,
                            field="manager", old="—", new=str(pm), editor=team_manager)  # fmt: skip


def test_another_teams_manager_gets_a_404_on_the_admin_history(client, project, make_staff):
    assert_admin_history_is_404(client, stranger=make_staff(Role.MANAGER, team=make_staff().team), obj=project)
