"""The project page's actions, declared once (decocrm.core.actions): naming the PM, planning and filing the
schedule, its review, starting stages, acceptances, weekly updates, delay notices and quality issues."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .choices import CLOSED_STATES, ProjectState, StageStatus
from .forms import (
    AcceptanceForm,
    AssignForm,
    ConfirmForm,
    DelayForm,
    PlanForm,
    QualityIssueForm,
    RectifyForm,
    RespondForm,
    ReturnForm,
    ReviewForm,
    StartStageForm,
    UpdateForm,
)
from .permissions import can_manage_project, can_run_project


def _of_project(project) -> dict:
    return {"project": project}


def _manages(user, project):
    return project.state not in CLOSED_STATES and can_manage_project(user, project)


def _plans(user, project):
    return project.state == ProjectState.PLANNING and can_run_project(user, project)


def _has_stage(*statuses):
    def allowed(user, project):
        return (
            project.state in (ProjectState.APPROVED, ProjectState.IN_PROGRESS)
            and can_run_project(user, project)
            and any(stage.status in statuses for stage in project.stages.all())
        )

    return allowed


def _in_progress(user, project):
    return project.state == ProjectState.IN_PROGRESS and can_run_project(user, project)


def _open(user, project):
    return project.state not in CLOSED_STATES and can_run_project(user, project)


def _issue_at(step):
    def allowed(user, project):
        return (
            project.state != ProjectState.STOPPED
            and can_run_project(user, project)
            and any(i.status == step for i in project.quality_issues.all())
        )

    return allowed


def _assign(project, by, data):
    services.project_assign_manager(project=project, manager=data["manager"], by=by)
    return _("Project manager named.")


def _plan(project, by, data):
    services.project_plan_stages(project=project, by=by, **data)
    return _("Schedule saved.")


def _submit(project, by, data):
    services.project_submit_schedule(project=project, by=by)
    return _("Schedule filed for the business department's review.")


def _approve(project, by, data):
    services.project_review_schedule(project=project, by=by, approve=True, note=data["note"])
    return _("Schedule approved: work may start.")


def _return(project, by, data):
    services.project_review_schedule(project=project, by=by, approve=False, note=data["note"])
    return _("Schedule returned to the project manager.")


def _start(project, by, data):
    stage = services.stage_start(stage=data["stage"], by=by, started_on=data["started_on"])
    return _("%(stage)s started.") % {"stage": stage.name}


def _accept(project, by, data):
    acceptance = services.acceptance_record(by=by, **data)
    if acceptance.result == "passed":
        return _("%(stage)s accepted.") % {"stage": acceptance.stage.name}
    return _("Acceptance failed: the next stage waits for a re-inspection.")


def _update(project, by, data):
    services.progress_update_post(project=project, by=by, **data)
    return _("Progress update posted.")


def _delay(project, by, data):
    notice = services.delay_notice_give(project=project, by=by, **data)
    if notice.in_time:
        return _("Delay notice recorded.")
    return _("Delay notice recorded, later than 3 working days before the change: kept as a breach.")


def _quality(project, by, data):
    services.quality_issue_raise(project=project, by=by, **data)
    return _("Quality issue recorded: answer the customer within 24 hours.")


def _respond(project, by, data):
    services.quality_issue_respond(issue=data["issue"], by=by, response=data["response"])
    return _("Answer recorded: rectify within 7 working days.")


def _rectify(project, by, data):
    services.quality_issue_rectify(issue=data["issue"], by=by, rectification=data["rectification"])
    return _("Rectification recorded.")


def _confirm(project, by, data):
    services.quality_issue_confirm(issue=data["issue"], by=by)
    return _("The customer's confirmation recorded.")


_P = {"object_form_kwargs": _of_project}

PROJECT_ACTIONS = ActionSet(
    Action("assign", gettext_lazy("Name the project manager"), _assign, AssignForm, allowed=_manages,
           icon="person-check", style="btn-outline-primary", **_P),
    Action("plan", gettext_lazy("Plan the stages"), _plan, PlanForm, allowed=_plans, icon="calendar-range",
           style="btn-outline-primary", **_P, lazy=True),
    Action("submit", gettext_lazy("File the schedule"), _submit, transition="submit_schedule", icon="send"),
    Action("approve", gettext_lazy("Approve the schedule"), _approve, ReviewForm, transition="approve_schedule",
           icon="check2-circle", style="btn-success"),
    Action("return", gettext_lazy("Return the schedule"), _return, ReturnForm, transition="return_schedule",
           icon="arrow-return-left", style="btn-outline-danger"),
    Action("start", gettext_lazy("Start a stage"), _start, StartStageForm, allowed=_has_stage(StageStatus.PENDING),
           icon="play-circle", **_P),
    Action("accept", gettext_lazy("Record an acceptance"), _accept, AcceptanceForm, icon="clipboard-check",
           allowed=_has_stage(StageStatus.IN_PROGRESS, StageStatus.BLOCKED), style="btn-success", **_P, lazy=True),
    Action("update", gettext_lazy("Post the weekly update"), _update, UpdateForm, allowed=_in_progress,
           icon="camera", style="btn-outline-primary", **_P, lazy=True),
    Action("delay", gettext_lazy("Delay or change notice"), _delay, DelayForm, allowed=_open,
           icon="hourglass-split", style="btn-outline-primary", **_P, lazy=True),
    Action("quality", gettext_lazy("Quality issue"), _quality, QualityIssueForm, allowed=_in_progress,
           icon="exclamation-triangle", style="btn-outline-danger", **_P, lazy=True),
    Action("respond", gettext_lazy("Answer a quality issue"), _respond, RespondForm, allowed=_issue_at("raised"),
           icon="reply", style="btn-outline-primary", **_P),
    Action("rectify", gettext_lazy("Record a rectification"), _rectify, RectifyForm,
           allowed=_issue_at("responded"), icon="tools", style="btn-outline-primary", **_P),
    Action("confirm", gettext_lazy("Customer confirmed"), _confirm, ConfirmForm, allowed=_issue_at("rectified"),
           icon="hand-thumbs-up", style="btn-outline-success", **_P),
    url="projects:action",
    live="project-live",
)  # fmt: skip
