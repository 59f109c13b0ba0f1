"""The work, stage by stage [seed 000 §8]: a stage starts only when the one before it was accepted by the customer,
the designer and the project manager; a failed acceptance gives a rectification deadline and blocks the next stage
until a re-inspection passes. The first stage puts the contract in construction and starts the weekly update clock;
the last stage's acceptance (the completion acceptance) completes the project, starts the warranty periods and the
first-revisit clock, and completes the contract."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.services import contract_start_construction
from decocrm.core.dates import check_happened
from decocrm.core.history import record_by
from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_start

from ..choices import ACTIVE_STATES, AcceptanceResult, ProjectEvent, ProjectState, StageStatus
from ..models import Acceptance, AcceptancePhoto, Stage
from ..uploads import PHOTOS
from .common import ProjectStateError, fire, runnable, screened
from .completion import check_care_handover, project_complete


def _locked_stage(stage, by):
    project = runnable(stage.project, by)
    stages = list(project.stages.select_for_update())
    return project, stages, next(s for s in stages if s.pk == stage.pk)


def start_refusal(stages, stage) -> str:
    """Why `stage` cannot start yet ("" when it can): every stage before it accepted, none blocked."""
    if stage.status != StageStatus.PENDING:
        return _("%(stage)s has already started.") % {"stage": stage.name}
    for earlier in stages:
        if earlier.position >= stage.position:
            break
        if earlier.status == StageStatus.BLOCKED:
            return _(
                "%(earlier)s failed its acceptance: it is to be rectified by %(day)s and pass a re-inspection "
                "before %(stage)s starts."
            ) % {"earlier": earlier.name, "day": earlier.rectify_by, "stage": stage.name}
        if earlier.status != StageStatus.ACCEPTED:
            return _(
                "%(earlier)s must be accepted by the customer, the designer and the project manager before "
                "%(stage)s starts."
            ) % {"earlier": earlier.name, "stage": stage.name}
    return ""


@transaction.atomic
def stage_start(*, stage, by, started_on, at=None) -> Stage:
    at = at or timezone.now()
    check_happened(started_on, field="started_on", label=_("Started on"), now=at)
    project, stages, stage = _locked_stage(stage, by)
    if project.state not in (ProjectState.APPROVED, ProjectState.IN_PROGRESS):
        raise ProjectStateError(
            _("Work starts once the schedule is approved; this project is “%(state)s”.")
            % {"state": project.get_state_display()}
        )
    refusal = start_refusal(stages, stage)
    if refusal:
        raise ProjectStateError(refusal)
    before = [earlier for earlier in stages if earlier.position < stage.position]
    if before and started_on < before[-1].actual_end:
        raise ValidationError(
            {"started_on": _("%(stage)s starts on or after the acceptance of %(earlier)s (%(day)s).")
             % {"stage": stage.name, "earlier": before[-1].name, "day": before[-1].actual_end}}
        )  # fmt: skip
    stage.actual_start = started_on
    stage.save(update_fields=["actual_start"])
    if project.state == ProjectState.APPROVED:
        fire(project, "start_work", by=by, at=at, event=ProjectEvent.FIRST_STAGE, params={"stage": stage.name})
        project.actual_start = started_on
        record_by(project, by).save(update_fields=["state", "state_changed_at", "actual_start"])
        contract_start_construction(contract=project.contract, by=by, at=at)
        clock_start(kind=ClockKind.PROGRESS_UPDATE, subject=project, at=at, by=by)
    return stage


def _check_acceptance(stage, *, held_on, attended, result, issues, rectify_by):
    if stage.status == StageStatus.PENDING:
        raise ProjectStateError(_("%(stage)s has not started: there is nothing to accept yet.") % {"stage": stage.name})
    if stage.status == StageStatus.ACCEPTED:
        raise ProjectStateError(_("%(stage)s has already been accepted.") % {"stage": stage.name})
    if held_on < stage.actual_start:
        raise ValidationError({"held_on": _("An acceptance is held after its stage started.")})
    if result == AcceptanceResult.PASSED and not all(attended):
        raise ValidationError(
            {
                "result": _(
                    "A stage is accepted by the customer, the designer and the project manager together: record "
                    "all three as attending."
                )
            }
        )
    if result == AcceptanceResult.FAILED:
        errors = {}
        if not issues.strip():
            errors["issues"] = _("Say what was found.")
        if rectify_by is None or rectify_by < held_on:
            errors["rectify_by"] = _("Give the rectification deadline (on or after the acceptance).")
        if errors:
            raise ValidationError(errors)


@transaction.atomic
def acceptance_record(
    *, stage, by, held_on, result, customer_attended: bool, designer_attended: bool, manager_attended: bool,
    other_attendees: str = "", issues: str = "", rectify_by=None, photos=(), care_manual: bool = False,
    care_training: bool = False, care_received_by: str = "", care_note: str = "", at=None,
) -> Acceptance:  # fmt: skip
    """The stage's acceptance (a re-inspection when the last one failed). The last stage's passing acceptance is
    the completion acceptance: with the care manual handed over and the care training given to `care_received_by`
    (the customer's side), it completes the project (completion.py)."""
    at = at or timezone.now()
    check_happened(held_on, field="held_on", label=_("Held on"), now=at)
    project, stages, stage = _locked_stage(stage, by)
    if project.state not in ACTIVE_STATES:
        raise ProjectStateError(
            _("Acceptances are recorded while the work is under way; this project is “%(state)s”.")
            % {"state": project.get_state_display()}
        )
    attended = (customer_attended, designer_attended, manager_attended)
    _check_acceptance(stage, held_on=held_on, attended=attended, result=result, issues=issues, rectify_by=rectify_by)
    passed = result == AcceptanceResult.PASSED
    completes = passed and stage.position == stages[-1].position
    if completes and project.quality_issues.filter(confirmed_at__isnull=True).exists():
        raise ProjectStateError(
            _(
                "Quality issues are still open: the customer confirms their rectification before the completion "
                "acceptance."
            )
        )
    if completes:
        check_care_handover(care_manual=care_manual, care_training=care_training, care_received_by=care_received_by)
    screened_photos = [screened(PHOTOS, upload, "photos") for upload in photos]
    acceptance = Acceptance(
        stage=stage, node=stage.node, held_on=held_on, customer_attended=customer_attended,
        designer_attended=designer_attended, manager_attended=manager_attended,
        other_attendees=other_attendees.strip(), result=result, issues=issues.strip(),
        rectify_by=None if passed else rectify_by, reinspection=stage.status == StageStatus.BLOCKED,
        recorded_at=at, recorded_by=by,
    )  # fmt: skip
    acceptance.full_clean()
    acceptance.save()
    for photo in screened_photos:
        AcceptancePhoto.objects.create(acceptance=acceptance, file=photo, original_name=photo.name[:200])
    stage.last_result, stage.rectify_by = result, acceptance.rectify_by
    if passed:
        stage.actual_end = held_on
    stage.save(update_fields=["last_result", "rectify_by", "actual_end"])
    if completes:
        project_complete(
            project, by=by, at=at, accepted_on=held_on, care_received_by=care_received_by, care_note=care_note
        )
    return acceptance
