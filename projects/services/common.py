from django.utils.translation import gettext as _

from decocrm.core.errors import DomainError
from decocrm.core.workflow import TransitionRefused

from ..models import Project
from ..permissions import can_manage_project, can_run_project


class ProjectPermissionError(DomainError):
    pass


class ProjectStateError(DomainError):
    pass


def lock_project(project) -> Project:
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("contract", "customer", "manager")
        .get(pk=project.pk)
    )


def runnable(project, by) -> Project:
    """The project, locked, if `by` runs it (its project manager, or a manager of its team or the company)."""
    project = lock_project(project)  # read fresh: who runs it may have changed since the caller loaded it
    if not can_run_project(by, project):
        raise ProjectPermissionError(_("Only the project's manager or a manager may do this."))
    return project


def manageable(project, by) -> Project:
    project = lock_project(project)
    if not can_manage_project(by, project):
        raise ProjectPermissionError(_("Only a manager of the business department may do this."))
    return project


def fire(project, name, *, by, at, note="", event="", params=None):
    try:
        return Project.machine.fire(project, name, by=by, at=at, note=note, event=event, params=params)
    except TransitionRefused as refused:
        raise ProjectStateError(refused.message) from None


def screened(rule, upload, field):
    from django.core.exceptions import ValidationError

    try:
        return rule.screen(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
