from datetime import date, timedelta

import pytest

from contracts.services import contract_draft
from decocrm.accounts.choices import Role
from projects.models import Project
from projects.services import (
    project_assign_manager,
    project_plan_stages,
    project_review_schedule,
    project_submit_schedule,
)
from tests.contracts.conftest import DRAFTED_AT, accepted_lead, ready_to_sign
from tests.contracts.conftest import in_english as in_english  # the fixtures, for these tests too
from tests.contracts.test_services import SIGNED_AT, sign
from tests.leads.conftest import capture as capture
from tests.workdays.conftest import local as local  # for the tests of this package

PLANNED_AT = SIGNED_AT + timedelta(hours=2)
FIRST_DAY = date(2026, 3, 16)  # the contract's start date (a Monday)


def stage_dates(project):
    """Every stage a week after the one before, from the contract's start date."""
    return {
        stage.code: (FIRST_DAY + timedelta(days=7 * index), FIRST_DAY + timedelta(days=7 * index + 6))
        for index, stage in enumerate(project.stages.all())
    }


@pytest.fixture
def pm(make_staff, team):
    return make_staff(Role.PROJECT_MANAGER, team=team)


@pytest.fixture
def signed(capture, salesperson):
    lead = accepted_lead(capture, salesperson)
    contract = ready_to_sign(contract_draft(lead=lead, by=salesperson, at=DRAFTED_AT), salesperson)
    return sign(contract, salesperson)


@pytest.fixture
def project(signed):
    return Project.objects.get(contract=signed)


@pytest.fixture
def approved(project, pm, team_manager):
    """Manager named, stages planned, schedule filed and approved."""
    project_assign_manager(project=project, manager=pm, by=team_manager, at=PLANNED_AT)
    project_plan_stages(project=project, by=pm, dates=stage_dates(project), workers="王师傅班组")
    project_submit_schedule(project=project, by=pm, at=PLANNED_AT)
    project_review_schedule(project=project, by=team_manager, approve=True, at=PLANNED_AT + timedelta(hours=1))
    return Project.objects.get(pk=project.pk)
