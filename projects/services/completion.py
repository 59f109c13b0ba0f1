"""Completion [seed 000 §8, §9], in the order the business follows, in the completion acceptance's transaction: the
final acceptance passed (the acceptance report reads it) → the care manual handed over and the care training given,
recorded (who, when, to whom) → the warranty periods start (contracts.contract_complete) → the first-revisit clock
starts → the contract is completed → the completed-project listeners run (hooks.py: after-sales' survey) → once
all this commits, the acceptance report is rendered and filed in the customer's archive (report_filing.py, tasks.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from contracts.services import contract_complete
from decocrm.core.history import record_by
from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_cancel, clock_start

from ..choices import ProjectEvent
from ..clocks import PROJECT_COMPLETED
from ..hooks import project_completed_listeners
from ..models import CareHandover
from ..tasks import queue_acceptance_report_pdf
from .common import fire


def check_care_handover(*, care_manual: bool, care_training: bool, care_received_by: str):
    """Refuse a completion without the care manual handed over and the care training given to a named person."""
    errors = {}
    if not care_manual:
        errors["care_manual"] = _("At completion the customer is given the care manual: record it.")
    if not care_training:
        errors["care_training"] = _("At completion the customer is taught the daily care of the work: record it.")
    if not (care_received_by or "").strip():
        errors["care_received_by"] = _("Name who received the manual and the training on the customer's side.")
    if errors:
        raise ValidationError(errors)


def project_complete(project, *, by, at, accepted_on, care_received_by: str, care_note: str = ""):
    """Called by acceptance_record when the last stage's acceptance passes (the project is locked)."""
    fire(project, "complete", by=by, at=at, event=ProjectEvent.COMPLETED)
    project.actual_end, project.percent_complete = accepted_on, 100
    record_by(project, by).save(update_fields=["state", "state_changed_at", "actual_end", "percent_complete"])
    handover = CareHandover(
        project=project, manual_handed_over=True, training_given=True, given_on=accepted_on, given_by=by,
        received_by=care_received_by.strip(), note=(care_note or "").strip(), recorded_at=at,
    )  # fmt: skip
    handover.full_clean()
    handover.save()
    clock_cancel(kind=ClockKind.PROGRESS_UPDATE, subject=project, code=PROJECT_COMPLETED, at=at, by=by)
    contract = contract_complete(contract=project.contract, by=by, at=at, accepted_on=accepted_on)
    clock_start(kind=ClockKind.FIRST_REVISIT, subject=contract, at=at, by=by)
    for listener in project_completed_listeners():
        listener(project, by=by, at=at)
    queue_acceptance_report_pdf(project)
    return handover
