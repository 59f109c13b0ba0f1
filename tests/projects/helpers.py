from datetime import timedelta

from projects.services import acceptance_record, stage_start

from .conftest import FIRST_DAY, local


def evening(day):
    return local(day.year, day.month, day.day, 18)


def start(stage, by, day=None):
    day = day or FIRST_DAY + timedelta(days=7 * (stage.position - 1))
    return stage_start(stage=stage, by=by, started_on=day, at=evening(day))


CARE = {"care_manual": True, "care_training": True, "care_received_by": "业主张先生", "care_note": "讲解了木地板保养"}


def accept(stage, by, *, result="passed", day=None, everyone=True, **kwargs):
    """Record the stage's acceptance; the last stage's comes with the care handover (CARE) unless told otherwise."""
    day = day or FIRST_DAY + timedelta(days=7 * (stage.position - 1) + 6)
    fields = {"customer_attended": True, "designer_attended": everyone, "manager_attended": True}
    if stage.code == "cleaning":
        fields.update(CARE)
    return acceptance_record(stage=stage, by=by, held_on=day, result=result, at=evening(day), **{**fields, **kwargs})


def run_through(project, by, *, upto=None):
    """Start and accept the stages in order (all of them, or up to position `upto`)."""
    for stage in project.stages.all():
        if upto is not None and stage.position > upto:
            break
        start(stage, by)
        accept(stage, by)


def project_world(capture, seller, boss, pm):
    """A signed contract of `seller` with its project run by `pm` under `boss`: a failed acceptance, an update, a
    delay notice and a quality issue (the admin-scope world of tests/core)."""
    from contracts.services import contract_draft
    from projects.models import Project, Stage
    from projects.services import (
        delay_notice_give,
        progress_update_post,
        project_assign_manager,
        project_plan_stages,
        project_review_schedule,
        project_submit_schedule,
        quality_issue_raise,
    )
    from tests.contracts.conftest import DRAFTED_AT, accepted_lead, ready_to_sign
    from tests.contracts.test_services import sign

    from .conftest import PLANNED_AT, stage_dates

    contract = ready_to_sign(
        contract_draft(lead=accepted_lead(capture, seller, name="工地客户"), by=seller, at=DRAFTED_AT), seller
    )
    project = Project.objects.get(contract=sign(contract, seller))
    project_assign_manager(project=project, manager=pm, by=boss, at=PLANNED_AT)
    project_plan_stages(project=project, by=pm, dates=stage_dates(project))
    project_submit_schedule(project=project, by=pm, at=PLANNED_AT)
    project_review_schedule(project=project, by=boss, approve=True, at=PLANNED_AT)
    demolition = Stage.objects.get(project=project, code="demolition")
    start(demolition, pm)
    at = evening(FIRST_DAY) + timedelta(hours=1)
    progress_update_post(project=project, by=pm, text="进展", percent_complete=5, at=at)
    delay_notice_give(
        project=project, by=pm, what_changes="顺延", cause="supply", effective_on=FIRST_DAY + timedelta(days=30), at=at
    )
    quality_issue_raise(project=project, by=pm, description="开裂", at=at)
    accept(demolition, pm, result="failed", issues="垃圾未清", rectify_by=FIRST_DAY + timedelta(days=9))
    return project
