"""What the project manager tells and answers the customer during the works [seed 000 §8]: the weekly progress
update (a recurring 7-day clock: each update stops one and starts the next), delay or change notices (given at least
3 working days before they take effect, counted back on the working-day calendar; a later one is kept as a breach),
and quality issues the customer raises (answered within 24 h, rectified within 7 working days, confirmed)."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import check_happened
from decocrm.core.history import record_by
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.services import clock_start, clock_stop

from ..choices import CLOSED_STATES, ProjectState
from ..models import DelayNotice, ProgressPhoto, ProgressUpdate, QualityIssue
from ..uploads import PHOTOS
from .common import ProjectStateError, runnable, screened


def _require_in_progress(project, message):
    """message: a sentence with %(state)s, the project's state."""
    if project.state != ProjectState.IN_PROGRESS:
        raise ProjectStateError(message % {"state": project.get_state_display()})


@transaction.atomic
def progress_update_post(*, project, by, text: str, percent_complete: int, photos=(), at=None) -> ProgressUpdate:
    at = at or timezone.now()
    project = runnable(project, by)
    _require_in_progress(
        project, _("Progress updates are posted while the work is in progress; this project is “%(state)s”.")
    )
    if not text.strip():
        raise ValidationError({"text": _("Say what was done this week.")})
    screened_photos = [screened(PHOTOS, upload, "photos") for upload in photos]
    update = ProgressUpdate(
        project=project, text=text.strip(), percent_complete=percent_complete, posted_at=at, posted_by=by
    )
    update.full_clean()
    if percent_complete < project.percent_complete:
        raise ValidationError(
            {"percent_complete": _("The last update said %(percent)d%%.") % {"percent": project.percent_complete}}
        )
    update.save()
    for photo in screened_photos:
        ProgressPhoto.objects.create(update=update, file=photo, original_name=photo.name[:200])
    project.percent_complete = percent_complete
    record_by(project, by).save(update_fields=["percent_complete"])
    clock_stop(kind=ClockKind.PROGRESS_UPDATE, subject=project, at=at, by=by)  # recurring: the next one starts
    return update


def _start_of(day):
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


@transaction.atomic
def delay_notice_give(
    *, project, by, what_changes: str, cause: str, effective_on, cause_detail: str = "", new_start=None,
    new_end=None, stage=None, at=None,
) -> DelayNotice:  # fmt: skip
    """Record the notice and whether it came in time: its clock counts back from the day the change takes effect
    and is stopped at once, met or met late (the breach stays on the record and on the dashboard)."""
    at = at or timezone.now()
    project = runnable(project, by)
    if project.state in CLOSED_STATES:
        raise ProjectStateError(
            _("The project is “%(state)s”: there is nothing left to delay.") % {"state": project.get_state_display()}
        )
    if stage is not None and stage.project_id != project.pk:
        raise ValidationError({"stage": _("Choose a stage of this project.")})
    if not what_changes.strip():
        raise ValidationError({"what_changes": _("Say what changes.")})
    notice = DelayNotice(
        project=project, stage=stage, what_changes=what_changes.strip(), cause=cause,
        cause_detail=cause_detail.strip(), effective_on=effective_on, new_start=new_start, new_end=new_end,
        given_at=at, in_time=True, given_by=by,
    )  # fmt: skip
    notice.full_clean()
    notice.save()
    clock = clock_start(kind=ClockKind.DELAY_NOTICE, subject=notice, at=at, anchor_at=_start_of(effective_on), by=by)
    if clock is not None:
        clock = clock_stop(kind=ClockKind.DELAY_NOTICE, subject=notice, at=at, by=by)
        notice.in_time, notice.due_by = clock.state == ClockState.MET, clock.due_at
        notice.save(update_fields=["in_time", "due_by"])
    if stage is not None and new_start and new_end:
        stage.planned_start, stage.planned_end = new_start, new_end
        stage.save(update_fields=["planned_start", "planned_end"])
    elif stage is None and new_end and new_end >= project.planned_start:
        project.planned_end = new_end
        record_by(project, by).save(update_fields=["planned_end"])
    return notice


@transaction.atomic
def quality_issue_raise(*, project, by, description: str, stage=None, at=None) -> QualityIssue:
    at = at or timezone.now()
    project = runnable(project, by)
    _require_in_progress(
        project, _("Quality issues are recorded while the work is in progress; this project is “%(state)s”.")
    )
    if stage is not None and stage.project_id != project.pk:
        raise ValidationError({"stage": _("Choose a stage of this project.")})
    issue = QualityIssue(project=project, stage=stage, description=description.strip(), raised_at=at, recorded_by=by)
    issue.full_clean()
    issue.save()
    clock_start(kind=ClockKind.QUALITY_RESPONSE, subject=issue, at=at, by=by)
    return issue


def _workable_issue(issue, by, at):
    project = runnable(issue.project, by)
    if project.state == ProjectState.STOPPED:
        raise ProjectStateError(_("The project is stopped (its contract was terminated): nothing more is done on it."))
    issue = QualityIssue.objects.select_for_update().select_related("project").get(pk=issue.pk)
    check_happened(at, field="at", since=issue.raised_at, now=timezone.now())
    return issue


@transaction.atomic
def quality_issue_respond(*, issue, by, response: str, at=None) -> QualityIssue:
    """The answer to the customer (24 h); the 7-working-day rectification clock starts."""
    at = at or timezone.now()
    issue = _workable_issue(issue, by, at)
    if issue.responded_at:
        raise ProjectStateError(_("This quality issue has already been answered."))
    if not response.strip():
        raise ValidationError({"response": _("Say what will be done.")})
    issue.response, issue.responded_at = response.strip(), at
    issue.save(update_fields=["response", "responded_at"])
    clock_stop(kind=ClockKind.QUALITY_RESPONSE, subject=issue, at=at, by=by)
    clock_start(kind=ClockKind.QUALITY_RECTIFICATION, subject=issue, at=at, by=by)
    return issue


@transaction.atomic
def quality_issue_rectify(*, issue, by, rectification: str, at=None) -> QualityIssue:
    at = at or timezone.now()
    issue = _workable_issue(issue, by, at)
    if not issue.responded_at:
        raise ProjectStateError(_("Answer the customer first."))
    if issue.rectified_at:
        raise ProjectStateError(_("This quality issue has already been rectified."))
    if not rectification.strip():
        raise ValidationError({"rectification": _("Say what was done.")})
    issue.rectification, issue.rectified_at = rectification.strip(), at
    issue.save(update_fields=["rectification", "rectified_at"])
    clock_stop(kind=ClockKind.QUALITY_RECTIFICATION, subject=issue, at=at, by=by)
    return issue


@transaction.atomic
def quality_issue_confirm(*, issue, by, at=None) -> QualityIssue:
    """The customer confirmed the rectification."""
    at = at or timezone.now()
    issue = _workable_issue(issue, by, at)
    if not issue.rectified_at:
        raise ProjectStateError(_("Only a rectified issue is confirmed by the customer."))
    if issue.confirmed_at:
        raise ProjectStateError(_("The customer has already confirmed this rectification."))
    issue.confirmed_at = at
    issue.save(update_fields=["confirmed_at"])
    return issue
