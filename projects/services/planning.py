"""A signed contract starts its project (contracts.hooks: the listener registered in apps.py), stages from the
admin's template; a manager names the project manager; the PM plans the stages and files the schedule for the
business department's review, approved or returned with a note [seed 001 §6]."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.choices import Role
from decocrm.core.history import record_by

from ..choices import CLOSED_STATES, ProjectEvent, ProjectState
from ..models import Project, Stage, StageTemplate
from .common import ProjectStateError, fire, manageable, runnable
from .notices import manager_changed_notices, schedule_filed_notices, schedule_reviewed_notices


def default_manager():
    """settings.PROJECTS_DEFAULT_MANAGER (a username) when it names an active project manager, else None: the
    project waits for a manager to name one."""
    username = getattr(settings, "PROJECTS_DEFAULT_MANAGER", "")
    if not username:
        return None
    return get_user_model().objects.filter(username=username, is_active=True, role=Role.PROJECT_MANAGER).first()


@transaction.atomic
def project_start(*, contract, by, at) -> Project:
    """The project of a contract just signed: its customer, team and dates, and a stage per active template."""
    project = Project(
        contract=contract,
        customer=contract.customer,
        team=contract.team,
        manager=default_manager(),
        planned_start=contract.start_date,
        planned_end=contract.end_date,
        created_at=at,
        state_changed_at=at,
    )
    project.full_clean(validate_unique=False)
    record_by(project, by).save()
    templates = StageTemplate.objects.filter(active=True).order_by("position", "pk")
    Stage.objects.bulk_create(
        Stage(project=project, position=number, code=template.code, name=template.name, node=template.node)
        for number, template in enumerate(templates, start=1)
    )
    Project.machine.record_start(project, by=by, at=at, event=ProjectEvent.STARTED, params={"number": contract.number})
    return project


def on_contract_signed(contract, *, by, at):
    project_start(contract=contract, by=by, at=at)


@transaction.atomic
def project_assign_manager(*, project, manager, by, at=None) -> Project:
    """Name (or change) the project manager; the new one and the one replaced are told."""
    at = at or timezone.now()
    project = manageable(project, by)
    if manager.role != Role.PROJECT_MANAGER or not manager.is_active:
        raise ValidationError({"manager": _("Choose an active project manager.")})
    if project.state in CLOSED_STATES:
        raise ProjectStateError(
            _("A project that is “%(state)s” keeps its project manager.") % {"state": project.get_state_display()}
        )
    previous = project.manager
    if previous == manager:
        return project
    project.manager = manager
    record_by(project, by).save(update_fields=["manager"])
    manager_changed_notices(project, previous=previous, by=by, at=at)
    return project


def _require_planning(project):
    if project.state != ProjectState.PLANNING:
        raise ProjectStateError(
            _("The schedule is changed while it is being planned; this project is “%(state)s”.")
            % {"state": project.get_state_display()}
        )


@transaction.atomic
def project_plan_stages(*, project, by, dates: dict, workers: str = "", inspector: str = "") -> Project:
    """dates: {stage code: (planned start, planned end)}, within the project's planned dates."""
    project = runnable(project, by)
    _require_planning(project)
    stages = {stage.code: stage for stage in project.stages.select_for_update()}
    for code, (start, end) in dates.items():
        stage = stages.get(code)
        if stage is None:
            raise ValidationError({"dates": _("This project has no stage “%(code)s”.") % {"code": code}})
        if start < project.planned_start or end > project.planned_end:
            raise ValidationError(
                {"dates": _("%(stage)s is planned outside the project's dates.") % {"stage": stage.name}}
            )
        stage.planned_start, stage.planned_end = start, end
        stage.full_clean(validate_constraints=False, validate_unique=False)
    if dates:
        Stage.objects.bulk_update(stages.values(), ["planned_start", "planned_end"])
    project.workers, project.inspector = workers.strip(), inspector.strip()
    record_by(project, by).save(update_fields=["workers", "inspector"])
    return project


@transaction.atomic
def project_submit_schedule(*, project, by, at=None) -> Project:
    at = at or timezone.now()
    project = runnable(project, by)
    if project.manager_id is None:
        raise ProjectStateError(_("Name the project manager before the schedule is filed."))
    unplanned = [stage.name for stage in project.stages.all() if not (stage.planned_start and stage.planned_end)]
    if unplanned:
        raise ProjectStateError(
            _("Plan the dates of every stage first: %(stages)s.") % {"stages": ", ".join(unplanned)}
        )
    transition = fire(project, "submit_schedule", by=by, at=at)
    record_by(project, by).save(update_fields=["state", "state_changed_at"])
    schedule_filed_notices(project, transition, by=by)
    return project


@transaction.atomic
def project_review_schedule(*, project, by, approve: bool, note: str = "", at=None) -> Project:
    """The business department approves the schedule, or returns it to planning with a note saying why."""
    at = at or timezone.now()
    project = manageable(project, by)
    if approve:
        transition = fire(project, "approve_schedule", by=by, at=at, note=note.strip())
    else:
        if not note.strip():
            raise ValidationError({"note": _("Say what the schedule should change.")})
        transition = fire(
            project, "return_schedule", by=by, at=at, note=note.strip(), event=ProjectEvent.SCHEDULE_RETURNED
        )
    record_by(project, by).save(update_fields=["state", "state_changed_at"])
    schedule_reviewed_notices(project, transition, by=by, approved=approve)
    return project
