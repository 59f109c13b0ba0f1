"""Completion with the care handover (the care manual handed over and the care training given, to whom, by whom,
when), shown on the acceptance report; and a terminated contract stopping its project (issue 10)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contracts.choices import ContractState
from contracts.models import Contract, TerminationAgreement
from contracts.services import ContractStateError
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.models import Clock
from decocrm.sla.selectors import clocks_for_subject
from projects.actions import PROJECT_ACTIONS
from projects.choices import ProjectEvent, ProjectState
from projects.forms import AcceptanceForm
from projects.models import CareHandover, Project, ProjectTransition, Stage
from projects.services import (
    ProjectStateError,
    delay_notice_give,
    progress_update_post,
    project_assign_manager,
    quality_issue_raise,
    quality_issue_respond,
)
from tests.contracts.test_agreements import terminate

from .conftest import FIRST_DAY
from .helpers import CARE, accept, evening, run_through, start

pytestmark = pytest.mark.django_db
LAST_DAY = FIRST_DAY + timedelta(days=7 * 7 + 6)


def _to_the_last_stage(project, pm):
    run_through(project, pm, upto=7)
    cleaning = Stage.objects.get(project=project, code="cleaning")
    start(cleaning, pm)
    return cleaning


def test_the_completion_records_the_care_handover(approved, pm):
    run_through(approved, pm)
    care = CareHandover.objects.get(project=approved)
    assert (care.manual_handed_over, care.training_given, care.given_on, care.given_by) == (True, True, LAST_DAY, pm)
    assert (care.received_by, care.note) == (CARE["care_received_by"], CARE["care_note"])
    assert Project.objects.get(pk=approved.pk).state == ProjectState.COMPLETED


@pytest.mark.parametrize(
    ("missing", "field"),
    [("care_manual", "care_manual"), ("care_training", "care_training"), ("care_received_by", "care_received_by")],
)
def test_no_completion_without_the_care_handover(approved, pm, missing, field):
    cleaning = _to_the_last_stage(approved, pm)
    with pytest.raises(ValidationError) as refused:
        accept(cleaning, pm, **{missing: False if missing != "care_received_by" else " "})
    assert field in refused.value.message_dict
    project = Project.objects.get(pk=approved.pk)
    assert project.state == ProjectState.IN_PROGRESS and not CareHandover.objects.exists()
    assert Contract.objects.get(pk=project.contract_id).state == ContractState.IN_CONSTRUCTION
    assert not Stage.objects.get(pk=cleaning.pk).last_result  # nothing of the acceptance kept


def test_a_failed_completion_acceptance_asks_no_care_handover(approved, pm):
    cleaning = _to_the_last_stage(approved, pm)
    accept(cleaning, pm, result="failed", issues="踢脚线未装", rectify_by=LAST_DAY + timedelta(days=3),
           care_manual=False, care_training=False, care_received_by="")  # fmt: skip
    assert Project.objects.get(pk=approved.pk).state == ProjectState.IN_PROGRESS
    assert not CareHandover.objects.exists()


def test_the_acceptance_form_asks_the_care_handover_only_at_the_last_stage(approved, pm):
    start(Stage.objects.get(project=approved, code="demolition"), pm)
    assert "care_manual" not in AcceptanceForm(project=Project.objects.get(pk=approved.pk)).fields
    _to_the_last_stage_from_demolition(approved, pm)
    fields = AcceptanceForm(project=Project.objects.get(pk=approved.pk)).fields
    assert {"care_manual", "care_training", "care_received_by", "care_note"} <= set(fields)


def _to_the_last_stage_from_demolition(project, pm):
    for stage in Stage.objects.filter(project=project).order_by("position"):
        if stage.code != "demolition":
            start(stage, pm)
        if stage.code != "cleaning":
            accept(stage, pm)


def test_the_report_shows_the_care_handover(client, approved, pm, in_english):
    run_through(approved, pm)
    client.force_login(pm)
    page = client.get(reverse("projects:report", args=[approved.pk])).content.decode()
    assert "Care handover" in page and CARE["care_received_by"] in page and CARE["care_note"] in page
    detail = client.get(approved.get_absolute_url()).content.decode()
    assert 'id="care-handover"' in detail and CARE["care_received_by"] in detail


# --- a terminated contract stops its project


def _in_progress_with_an_open_issue(approved, pm):
    start(Stage.objects.get(project=approved, code="demolition"), pm)
    issue = quality_issue_raise(project=approved, by=pm, description="门框松动", at=evening(FIRST_DAY))
    return issue


def test_terminating_the_contract_stops_the_project_and_cancels_its_clocks(approved, pm, salesperson):
    issue = _in_progress_with_an_open_issue(approved, pm)
    assert clocks_for_subject(approved).filter(kind=ClockKind.PROGRESS_UPDATE, state=ClockState.RUNNING).exists()
    assert clocks_for_subject(issue).filter(state=ClockState.RUNNING).exists()

    terminate(approved.contract, salesperson)

    project = Project.objects.get(pk=approved.pk)
    assert project.state == ProjectState.STOPPED
    last = ProjectTransition.objects.filter(project=project).latest("at", "pk")
    assert (last.from_state, last.to_state, last.event, last.note) == (
        ProjectState.IN_PROGRESS, ProjectState.STOPPED, ProjectEvent.STOPPED, "客户出国",
    )  # fmt: skip
    assert approved.contract.number in last.event_text  # on the timeline, in words
    for subject in (project, issue):
        clocks = clocks_for_subject(subject)
        assert clocks.exists()
        assert not clocks.exclude(state__in=(ClockState.CANCELLED, ClockState.MET, ClockState.MET_LATE)).exists()
    assert not Clock.objects.filter(state=ClockState.RUNNING).exists()
    assert PROJECT_ACTIONS.offer(project, pm) == []  # nothing more is offered, to the PM or a manager


def test_a_stopped_project_refuses_every_write(approved, pm, salesperson, team_manager, make_staff):
    from decocrm.accounts.choices import Role

    issue = _in_progress_with_an_open_issue(approved, pm)
    terminate(approved.contract, salesperson)
    at = timezone.now()
    with pytest.raises(ProjectStateError):
        progress_update_post(project=approved, by=pm, text="x", percent_complete=10, at=at)
    with pytest.raises(ProjectStateError):
        delay_notice_give(project=approved, by=pm, what_changes="x", cause="other", effective_on=date(2026, 12, 30))
    with pytest.raises(ProjectStateError):
        quality_issue_respond(issue=issue, by=pm, response="x", at=at)
    with pytest.raises(ProjectStateError):
        accept(Stage.objects.get(project=approved, code="demolition"), pm)
    with pytest.raises(ProjectStateError):
        project_assign_manager(project=approved, manager=make_staff(Role.PROJECT_MANAGER), by=team_manager)
    assert PROJECT_ACTIONS.offer(Project.objects.get(pk=approved.pk), team_manager) == []


def test_a_project_still_planned_is_stopped_too(project, salesperson):
    terminate(project.contract, salesperson)
    assert Project.objects.get(pk=project.pk).state == ProjectState.STOPPED


def test_the_termination_is_undone_when_the_project_cannot_stop(approved, pm, salesperson, monkeypatch):
    """The listener runs inside the termination's transaction, as the signing's does: a failure there leaves the
    contract and the project as they were."""
    from projects.services import stopping

    start(Stage.objects.get(project=approved, code="demolition"), pm)

    def broken(**kwargs):
        raise ProjectStateError("no")

    monkeypatch.setattr(stopping, "project_stop", broken)
    with pytest.raises(ProjectStateError):
        terminate(approved.contract, salesperson)
    assert Contract.objects.get(pk=approved.contract_id).state == ContractState.IN_CONSTRUCTION
    assert not TerminationAgreement.objects.exists()
    assert Project.objects.get(pk=approved.pk).state == ProjectState.IN_PROGRESS
    assert clocks_for_subject(approved).filter(kind=ClockKind.PROGRESS_UPDATE, state=ClockState.RUNNING).exists()


def test_a_completed_contract_cannot_be_terminated_and_its_project_stays_completed(approved, pm, salesperson):
    run_through(approved, pm)
    with pytest.raises(ContractStateError):
        terminate(approved.contract, salesperson)
    assert Project.objects.get(pk=approved.pk).state == ProjectState.COMPLETED
