"""Signing starts the project; the schedule is reviewed before work starts (issue 10, seed 001 §6)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from contracts.choices import ContractState
from decocrm.accounts.choices import Role
from projects.choices import AcceptanceNode, ProjectState
from projects.models import Project, ProjectTransition, StageTemplate
from projects.services import (
    ProjectPermissionError,
    ProjectStateError,
    project_assign_manager,
    project_plan_stages,
    project_review_schedule,
    project_submit_schedule,
)

from .conftest import PLANNED_AT, stage_dates

pytestmark = pytest.mark.django_db


def test_signing_starts_the_project_with_the_template_stages(signed, project):
    assert (project.customer, project.team, project.manager) == (signed.customer, signed.team, None)
    assert (project.planned_start, project.planned_end) == (date(2026, 3, 16), date(2026, 6, 30))
    assert project.state == ProjectState.PLANNING
    stages = list(project.stages.all())
    assert [s.code for s in stages] == [
        "demolition", "plumbing_electrics", "hidden_works", "masonry", "carpentry", "painting", "installation",
        "cleaning",
    ]  # fmt: skip
    nodes = {s.code: s.node for s in stages}
    assert (nodes["hidden_works"], nodes["masonry"], nodes["cleaning"]) == (
        AcceptanceNode.HIDDEN_WORKS, AcceptanceNode.MID_TERM, AcceptanceNode.COMPLETION)  # fmt: skip
    (start,) = ProjectTransition.objects.filter(project=project)
    assert (start.from_state, start.to_state, start.params) == ("", ProjectState.PLANNING, {"number": signed.number})


def test_the_admins_template_decides_the_stages_of_later_projects(capture, salesperson):
    from contracts.services import contract_draft
    from tests.contracts.conftest import DRAFTED_AT, accepted_lead, ready_to_sign
    from tests.contracts.test_services import sign

    StageTemplate.objects.filter(code="carpentry").update(active=False)
    StageTemplate.objects.create(code="windows", name="门窗", position=9)
    contract = ready_to_sign(contract_draft(lead=accepted_lead(capture, salesperson), by=salesperson,
                                            at=DRAFTED_AT), salesperson)  # fmt: skip
    project = Project.objects.get(contract=sign(contract, salesperson))
    codes = list(project.stages.values_list("code", flat=True))
    assert "carpentry" not in codes and codes[-1] == "windows"


def test_a_settings_default_project_manager(capture, salesperson, make_staff, settings):
    from contracts.services import contract_draft
    from tests.contracts.conftest import DRAFTED_AT, accepted_lead, ready_to_sign
    from tests.contracts.test_services import sign

    pm = make_staff(Role.PROJECT_MANAGER, username="pm-default")
    settings.PROJECTS_DEFAULT_MANAGER = "pm-default"
    contract = ready_to_sign(contract_draft(lead=accepted_lead(capture, salesperson), by=salesperson,
                                            at=DRAFTED_AT), salesperson)  # fmt: skip
    assert Project.objects.get(contract=sign(contract, salesperson)).manager == pm


def test_only_a_manager_names_the_project_manager_and_only_a_project_manager(project, pm, team_manager, salesperson):
    with pytest.raises(ProjectPermissionError):
        project_assign_manager(project=project, manager=pm, by=salesperson, at=PLANNED_AT)
    with pytest.raises(ProjectPermissionError):
        project_assign_manager(project=project, manager=pm, by=pm, at=PLANNED_AT)
    with pytest.raises(ValidationError):
        project_assign_manager(project=project, manager=salesperson, by=team_manager, at=PLANNED_AT)
    assert project_assign_manager(project=project, manager=pm, by=team_manager, at=PLANNED_AT).manager == pm


def test_the_schedule_is_filed_with_every_stage_planned_and_reviewed(project, pm, team_manager):
    with pytest.raises(ProjectStateError, match="Name the project manager"):
        project_submit_schedule(project=project, by=team_manager, at=PLANNED_AT)
    project_assign_manager(project=project, manager=pm, by=team_manager, at=PLANNED_AT)
    with pytest.raises(ProjectStateError, match="Plan the dates of every stage"):
        project_submit_schedule(project=project, by=pm, at=PLANNED_AT)
    with pytest.raises(ValidationError, match="outside the project"):
        project_plan_stages(project=project, by=pm, dates={"demolition": (date(2026, 3, 1), date(2026, 3, 20))})
    project_plan_stages(project=project, by=pm, dates=stage_dates(project))
    project = project_submit_schedule(project=project, by=pm, at=PLANNED_AT)
    assert project.state == ProjectState.SCHEDULE_SUBMITTED
    with pytest.raises(ProjectStateError, match="being planned"):  # filed: the plan waits for the review
        project_plan_stages(project=project, by=pm, dates={})
    with pytest.raises(ProjectPermissionError):  # the PM does not approve their own schedule
        project_review_schedule(project=project, by=pm, approve=True, at=PLANNED_AT)
    with pytest.raises(ValidationError):  # returned: say why
        project_review_schedule(project=project, by=team_manager, approve=False, at=PLANNED_AT)
    project = project_review_schedule(
        project=project, by=team_manager, approve=False, note="木工延后一周", at=PLANNED_AT + timedelta(hours=1)
    )
    assert project.state == ProjectState.PLANNING
    assert project.transitions.last().note == "木工延后一周"
    project_submit_schedule(project=project, by=pm, at=PLANNED_AT + timedelta(hours=2))
    project = project_review_schedule(
        project=project, by=team_manager, approve=True, at=PLANNED_AT + timedelta(hours=3)
    )
    assert project.state == ProjectState.APPROVED
    with pytest.raises(ProjectStateError):  # approved once
        project_review_schedule(project=project, by=team_manager, approve=True, at=PLANNED_AT + timedelta(hours=3))


def test_a_manager_of_another_team_does_not_review(approved, make_staff):
    from tests.factories import TeamFactory

    stranger = make_staff(Role.MANAGER, team=TeamFactory())
    with pytest.raises(ProjectPermissionError):
        project_review_schedule(project=approved, by=stranger, approve=True, at=PLANNED_AT)


def test_signing_is_undone_when_the_project_cannot_start(capture, salesperson, monkeypatch):
    """The listener runs inside the signing's transaction: a failure there leaves the contract a draft."""
    from contracts.models import Contract
    from contracts.services import contract_draft
    from projects.services import planning
    from tests.contracts.conftest import DRAFTED_AT, accepted_lead, ready_to_sign
    from tests.contracts.test_services import sign

    contract = ready_to_sign(contract_draft(lead=accepted_lead(capture, salesperson), by=salesperson,
                                            at=DRAFTED_AT), salesperson)  # fmt: skip

    def broken(**kwargs):
        raise ProjectStateError("no")

    monkeypatch.setattr(planning, "project_start", broken)
    with pytest.raises(ProjectStateError):
        sign(contract, salesperson)
    assert Contract.objects.get(pk=contract.pk).state == ContractState.DRAFT
    assert not Project.objects.exists()


def test_the_demo_files_the_schedule_of_a_signed_contract_with_the_demo_pm(project, make_staff):
    from projects.demo import seed

    pm = make_staff(Role.PROJECT_MANAGER, username="pm")
    make_staff(Role.MANAGER, company_wide=True)
    seed(log=lambda line: None)
    project = Project.objects.get(pk=project.pk)
    assert (project.manager, project.state) == (pm, ProjectState.SCHEDULE_SUBMITTED)
    stages = list(project.stages.all())
    assert stages[0].planned_start == project.planned_start and stages[-1].planned_end == project.planned_end
    assert all(a.planned_end < b.planned_start for a, b in zip(stages, stages[1:], strict=False))
    seed(log=lambda line: None)  # again: nothing changes
    assert Project.objects.get(pk=project.pk).transitions.count() == 2
