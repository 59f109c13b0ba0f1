"""A terminated contract stops its project (contracts.hooks: the listener registered in apps.py), in the
termination's transaction: the project becomes stopped (recorded on its timeline), the open clocks of the project
and of its quality issues are cancelled, and no action is offered on it any more."""

from django.db import transaction

from decocrm.core.history import record_by
from decocrm.sla.services import clock_cancel_all

from ..choices import CLOSED_STATES, ProjectEvent
from ..clocks import PROJECT_STOPPED
from ..models import Project
from .common import fire, lock_project


@transaction.atomic
def project_stop(*, project, by, at, note: str = "") -> Project:
    """Stop the project of a terminated contract (a project already completed or stopped is left as it is)."""
    project = lock_project(project)
    if project.state in CLOSED_STATES:
        return project
    number = project.contract.number or ""
    fire(project, "stop", by=by, at=at, note=note, event=ProjectEvent.STOPPED, params={"number": number})
    record_by(project, by).save(update_fields=["state", "state_changed_at"])
    why = {"code": PROJECT_STOPPED, "params": {"number": number}, "at": at, "by": by}
    clock_cancel_all(subject=project, **why)
    for subject in (*project.quality_issues.filter(confirmed_at__isnull=True), *project.delays.all()):
        clock_cancel_all(subject=subject, **why)
    return project


def on_contract_terminated(contract, *, by, at, reason=""):
    project = Project.objects.filter(contract=contract).first()
    if project is not None:
        project_stop(project=project, by=by, at=at, note=reason)
