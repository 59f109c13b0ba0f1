"""Every stage accepted before the next starts; a failed acceptance blocks until a re-inspection passes; the
completion acceptance completes the project, the contract and starts warranty and the first revisit (issue 10)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from contracts.choices import ContractState
from contracts.models import Contract
from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.selectors import clocks_for_subject
from projects.choices import AcceptanceResult, ProjectState, StageStatus
from projects.models import Acceptance, Project, Stage
from projects.services import ProjectPermissionError, ProjectStateError, quality_issue_raise

from .conftest import FIRST_DAY
from .helpers import accept, evening, run_through, start

pytestmark = pytest.mark.django_db


def stage(project, code):
    return Stage.objects.get(project=project, code=code)


def test_work_starts_once_the_schedule_is_approved(project, pm, team_manager):
    from projects.services import project_assign_manager

    project_assign_manager(project=project, manager=pm, by=team_manager, at=evening(date(2026, 3, 12)))
    with pytest.raises(ProjectStateError, match="schedule is approved"):
        start(stage(project, "demolition"), pm)


def test_the_first_stage_puts_the_contract_in_construction_and_starts_the_weekly_clock(approved, pm):
    start(stage(approved, "demolition"), pm)
    project = Project.objects.get(pk=approved.pk)
    assert (project.state, project.actual_start) == (ProjectState.IN_PROGRESS, FIRST_DAY)
    assert Contract.objects.get(pk=project.contract_id).state == ContractState.IN_CONSTRUCTION
    (clock,) = [c for c in clocks_for_subject(project) if c.kind == ClockKind.PROGRESS_UPDATE]
    assert (clock.state, clock.due_at, clock.owner) == (ClockState.RUNNING, evening(FIRST_DAY) + timedelta(days=7), pm)


def test_only_who_runs_the_project_starts_a_stage(approved, salesperson, make_staff, team_manager):
    for outsider in (salesperson, make_staff(Role.PROJECT_MANAGER), make_staff(Role.DESIGNER)):
        with pytest.raises(ProjectPermissionError):
            start(stage(approved, "demolition"), outsider)
    assert start(stage(approved, "demolition"), team_manager).actual_start == FIRST_DAY  # acting for the PM


def test_the_next_stage_waits_for_the_acceptance_of_the_one_before(approved, pm):
    start(stage(approved, "demolition"), pm)
    with pytest.raises(ProjectStateError, match="拆除 must be accepted by the customer, the designer and the project"):
        start(stage(approved, "plumbing_electrics"), pm)
    with pytest.raises(ProjectStateError, match="must be accepted"):  # nor skipping ahead
        start(stage(approved, "painting"), pm)
    with pytest.raises(ProjectStateError, match="already started"):
        start(stage(approved, "demolition"), pm)
    accept(stage(approved, "demolition"), pm)
    with pytest.raises(ValidationError, match="on or after the acceptance of 拆除"):
        start(stage(approved, "plumbing_electrics"), pm, day=FIRST_DAY + timedelta(days=5))
    assert start(stage(approved, "plumbing_electrics"), pm).status == StageStatus.IN_PROGRESS


def test_a_stage_passes_only_with_the_customer_the_designer_and_the_pm(approved, pm):
    start(stage(approved, "demolition"), pm)
    with pytest.raises(ValidationError, match="together"):
        accept(stage(approved, "demolition"), pm, everyone=False)
    assert not Acceptance.objects.exists()


def test_nothing_to_accept_before_a_stage_starts_and_nothing_after_it_passed(approved, pm):
    with pytest.raises(ProjectStateError, match="has not started"):
        accept(stage(approved, "demolition"), pm)
    start(stage(approved, "demolition"), pm)
    accept(stage(approved, "demolition"), pm)
    with pytest.raises(ProjectStateError, match="already been accepted"):
        accept(stage(approved, "demolition"), pm)


def test_a_failed_acceptance_says_what_was_found_and_gives_a_deadline(approved, pm):
    run_through(approved, pm, upto=2)
    start(stage(approved, "hidden_works"), pm)
    with pytest.raises(ValidationError) as refused:
        accept(stage(approved, "hidden_works"), pm, result="failed")
    assert set(refused.value.message_dict) == {"issues", "rectify_by"}


def test_a_failed_hidden_works_acceptance_blocks_the_next_stage_until_a_re_inspection_passes(approved, pm):
    run_through(approved, pm, upto=2)
    hidden = stage(approved, "hidden_works")
    start(hidden, pm)
    failed = accept(hidden, pm, result="failed", issues="卫生间闭水试验渗漏", rectify_by=date(2026, 4, 10),
                    designer_attended=False)  # fmt: skip
    assert (failed.node, failed.reinspection, failed.rectify_by) == ("hidden_works", False, date(2026, 4, 10))
    hidden.refresh_from_db()
    assert (hidden.status, hidden.rectify_by) == (StageStatus.BLOCKED, date(2026, 4, 10))
    with pytest.raises(ProjectStateError, match="隐蔽工程 failed its acceptance: it is to be rectified by 2026-04-10"):
        start(stage(approved, "masonry"), pm, day=date(2026, 4, 6))
    again = accept(hidden, pm, result="failed", issues="仍有渗漏", rectify_by=date(2026, 4, 14), day=date(2026, 4, 9))
    assert again.reinspection
    with pytest.raises(ProjectStateError, match="rectified by 2026-04-14"):
        start(stage(approved, "masonry"), pm, day=date(2026, 4, 10))
    passed = accept(hidden, pm, day=date(2026, 4, 13))
    assert (passed.reinspection, passed.result, passed.rectify_by) == (True, AcceptanceResult.PASSED, None)
    hidden.refresh_from_db()
    assert (hidden.status, hidden.actual_end, hidden.rectify_by) == (StageStatus.ACCEPTED, date(2026, 4, 13), None)
    assert start(stage(approved, "masonry"), pm, day=date(2026, 4, 14)).status == StageStatus.IN_PROGRESS


def test_acceptance_photos_are_screened_images(approved, pm):
    from tests.uploads import image_bytes, pdf_bytes, upload

    start(stage(approved, "demolition"), pm)
    with pytest.raises(ValidationError):
        accept(stage(approved, "demolition"), pm, photos=[upload("x.jpg", pdf_bytes(), "image/jpeg")])
    acceptance = accept(stage(approved, "demolition"), pm, photos=[upload("site.png", image_bytes(), "image/png")])
    assert [p.original_name for p in acceptance.photos.all()] == ["site.png"]


def test_the_completion_acceptance_completes_everything_and_starts_warranty_and_the_revisit(approved, pm):
    run_through(approved, pm)
    project = Project.objects.get(pk=approved.pk)
    last_day = FIRST_DAY + timedelta(days=7 * 7 + 6)
    assert (project.state, project.actual_end, project.percent_complete) == (ProjectState.COMPLETED, last_day, 100)
    assert Acceptance.objects.filter(node="completion", result="passed").count() == 1
    contract = Contract.objects.get(pk=project.contract_id)
    assert contract.state == ContractState.COMPLETED
    periods = sorted((i.years, i.starts_on, i.ends_on) for i in contract.warranty_items.all())
    assert periods == [(2, last_day, date(2028, 5, 9)), (5, last_day, date(2031, 5, 9))]
    (revisit,) = [c for c in clocks_for_subject(contract) if c.kind == ClockKind.FIRST_REVISIT]
    assert (revisit.state, revisit.due_at) == (ClockState.RUNNING, evening(last_day).replace(month=6))
    (weekly,) = [c for c in clocks_for_subject(project) if c.kind == ClockKind.PROGRESS_UPDATE]
    assert weekly.state == ClockState.CANCELLED  # no more weekly updates owed


def test_no_completion_while_a_quality_issue_is_open(approved, pm):
    run_through(approved, pm, upto=7)
    cleaning = stage(approved, "cleaning")
    start(cleaning, pm)
    quality_issue_raise(project=approved, by=pm, description="墙面开裂", at=evening(date(2026, 5, 4)))
    with pytest.raises(ProjectStateError, match="Quality issues are still open"):
        accept(cleaning, pm)
    assert Project.objects.get(pk=approved.pk).state == ProjectState.IN_PROGRESS
