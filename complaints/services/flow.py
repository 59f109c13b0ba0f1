"""The complaint's flow after the intake: the handler (never the one complained about), the investigation and the
solution, its approval where the rules require, the result fed back to the customer, closing with the customer's
satisfaction, and the post-complaint revisit. Each step checks the state (the machine) and who acts (permissions),
and starts or stops its clocks in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import check_happened
from decocrm.core.history import record_by
from decocrm.sla.services import clock_start, clock_stop

from ..choices import Approval, Category, ComplaintEvent, MajorReason, Satisfaction
from ..clocks import COMPLAINT_CLOSURE, COMPLAINT_FEEDBACK, COMPLAINT_SOLUTION, MAJOR_ESCALATION, REVISIT_POST_COMPLAINT
from ..models import Complaint
from ..next_due import refresh_next_due
from ..permissions import (
    can_approve_solution,
    can_coordinate_complaint,
    can_handle_complaint,
    can_manage_complaint,
)
from .common import (
    ComplaintPermissionError,
    checked,
    compensation_amount,
    compensation_limit,
    fire,
    lock_complaint,
    pass_clocks_to_handler,
    refuse_accused_handler,
)
from .escalation import make_major
from .revisit import needs_complaint_revisit, revisit_holder

COORDINATORS = _("Only customer relations or a manager of the complaint may do this.")
HANDLERS = _("Only the complaint's handler, customer relations or a manager may do this.")


def _when(complaint, at):
    at = at or timezone.now()
    check_happened(at, field="at", not_before=complaint.received_at, since=_("the complaint was received"))
    return at


def _required(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def complaint_assign(*, complaint, handler, by, at=None, note="") -> Complaint:
    """Name the handler of a received complaint; its clocks go to them."""
    complaint = checked(complaint, by, can_coordinate_complaint, str(COORDINATORS))
    at = _when(complaint, at)
    refuse_accused_handler(complaint, handler)
    fire(complaint, "assign", by=by, at=at, note=note)
    complaint.handler = handler
    complaint.full_clean()
    record_by(complaint, by).save()
    pass_clocks_to_handler(complaint, by=by, at=at)
    return refresh_next_due(complaint)


@transaction.atomic
def complaint_reassign(*, complaint, handler, by, at=None, note="") -> Complaint:
    """Another handler, under the same rule; the customer's deadlines stay."""
    complaint = checked(complaint, by, can_coordinate_complaint, str(COORDINATORS))
    at = _when(complaint, at)
    refuse_accused_handler(complaint, handler)
    if handler.pk == complaint.handler_id:
        raise ValidationError({"handler": _("This staff member already handles the complaint.")})
    name = handler.display_name
    fire(complaint, "reassign", by=by, at=at, note=note, event=ComplaintEvent.REASSIGNED, params={"name": name})
    complaint.handler = handler
    complaint.full_clean()
    record_by(complaint, by).save()
    pass_clocks_to_handler(complaint, by=by, at=at)
    return refresh_next_due(complaint)


@transaction.atomic
def complaint_start_investigation(*, complaint, by, at=None) -> Complaint:
    complaint = checked(complaint, by, can_handle_complaint, str(HANDLERS))
    at = _when(complaint, at)
    fire(complaint, "start_investigation", by=by, at=at)
    record_by(complaint, by).save()
    return refresh_next_due(complaint)


@transaction.atomic
def complaint_propose_solution(
    *, complaint, by, investigation, category, justified, demand_reasonable, solution, corrective_action="",
    compensation=None, at=None,
) -> Complaint:  # fmt: skip
    """The investigation report and classification [seed 002: 判定投诉理由是否充分,投诉要求是否合理], the root-cause
    category, the corrective action and the solution with any compensation. Who approves it: the general manager
    for a major complaint, a manager for a compensation above the limit, nobody otherwise (the result may then be
    fed back at once, within 24 h)."""
    complaint = checked(complaint, by, can_handle_complaint, str(HANDLERS))
    at = _when(complaint, at)
    complaint.investigation = _required(investigation, "investigation", _("Write the investigation report."))
    complaint.solution = _required(solution, "solution", _("Write the proposed solution."))
    if category not in Category.values:
        raise ValidationError({"category": _("Choose the root-cause category.")})
    if justified is None or demand_reasonable is None:
        raise ValidationError({"justified": _("Say whether the complaint is justified and the demand reasonable.")})
    amount = compensation_amount(compensation)
    if complaint.is_major:
        approval = Approval.GENERAL_MANAGER
    elif amount is not None and amount > compensation_limit():
        approval = Approval.MANAGER
    else:
        approval = Approval.NONE
    fire(complaint, "propose_solution", by=by, at=at)
    complaint.category, complaint.justified, complaint.demand_reasonable = category, justified, demand_reasonable
    complaint.corrective_action = (corrective_action or "").strip()
    complaint.compensation, complaint.approval, complaint.solution_at = amount, approval, at
    complaint.approved_by, complaint.approved_at = None, None
    complaint.full_clean()
    record_by(complaint, by).save()
    clock_stop(kind=COMPLAINT_SOLUTION, subject=complaint, at=at, by=by)
    if approval == Approval.NONE:
        clock_start(kind=COMPLAINT_FEEDBACK, subject=complaint, at=at, by=by)
    return refresh_next_due(complaint)


@transaction.atomic
def complaint_review_solution(*, complaint, by, approve: bool, note="", at=None) -> Complaint:
    """The general manager's (major) or a manager's (compensation above the limit) decision. Approved: the result is
    to be fed back within 24 h, and for a major complaint management has decided (its report clock stops).
    Declined (with a reason): back to the investigation."""
    complaint = lock_complaint(complaint)
    if not can_approve_solution(by, complaint):
        if complaint.approval == Approval.GENERAL_MANAGER:
            raise ComplaintPermissionError(_("Only the general manager approves the solution of a major complaint."))
        raise ComplaintPermissionError(_("Only a manager of the complaint approves this solution."))
    at = _when(complaint, at)
    if approve:
        fire(complaint, "approve", by=by, at=at, note=note.strip())
        complaint.approved_by, complaint.approved_at = by, at
        if complaint.is_major and complaint.reported_at is None:
            complaint.reported_at = at
        record_by(complaint, by).save()
        clock_stop(kind=MAJOR_ESCALATION, subject=complaint, at=at, by=by)
        clock_start(kind=COMPLAINT_FEEDBACK, subject=complaint, at=at, by=by)
    else:
        note = _required(note, "note", _("Say why the solution is declined."))
        fire(complaint, "decline", by=by, at=at, note=note)
        record_by(complaint, by).save()
    return refresh_next_due(complaint)


@transaction.atomic
def complaint_feed_back(*, complaint, by, feedback, at=None) -> Complaint:
    """The result was told to the customer [seed 002 §2.4: 处理完毕后的24小时内将处理结果反馈]; their reaction noted."""
    complaint = checked(complaint, by, can_coordinate_complaint, str(COORDINATORS))
    at = _when(complaint, at)
    feedback = _required(feedback, "feedback", _("Note how the customer took the result."))
    fire(complaint, "feed_back", by=by, at=at)
    complaint.feedback, complaint.fed_back_at = feedback, at
    record_by(complaint, by).save()
    clock_stop(kind=COMPLAINT_FEEDBACK, subject=complaint, at=at, by=by)
    return refresh_next_due(complaint)


@transaction.atomic
def complaint_close(*, complaint, by, satisfaction, note="", at=None) -> Complaint:
    """Close with the customer's satisfaction with the handling; the revisit is due within 3 days, held by whom the
    complaint's tier names (revisit.py; none for an anonymous complaint [seed 002 revisit 1.13], and only for the
    share the revisit policy samples)."""
    complaint = checked(complaint, by, can_coordinate_complaint, str(COORDINATORS))
    at = _when(complaint, at)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Record the customer's satisfaction with the handling.")})
    fire(complaint, "close", by=by, at=at, note=(note or "").strip())
    complaint.satisfaction, complaint.closing_note, complaint.closed_at = satisfaction, (note or "").strip(), at
    record_by(complaint, by).save()
    clock_stop(kind=COMPLAINT_CLOSURE, subject=complaint, at=at, by=by)
    if needs_complaint_revisit(complaint):
        clock_start(kind=REVISIT_POST_COMPLAINT, subject=complaint, at=at, by=by, owner=revisit_holder(complaint))
    return refresh_next_due(complaint)


@transaction.atomic
def complaint_mark_major(*, complaint, by, note="", at=None) -> Complaint:
    """A manager marks a complaint major: management and legal are warned, the report clock starts."""
    complaint = checked(complaint, by, can_manage_complaint, _("Only a manager of the complaint marks it major."))
    at = _when(complaint, at)
    fire(complaint, "mark_major", by=by, at=at, note=(note or "").strip(), event=ComplaintEvent.MARKED_MAJOR)
    make_major(complaint, [MajorReason.MANAGER.value], by=by, at=at)
    record_by(complaint, by).save()
    return refresh_next_due(complaint)


@transaction.atomic
def complaint_report_to_management(*, complaint, by, report, at=None) -> Complaint:
    """The handler's report of a major complaint to management (its 24 h clock stops)."""
    complaint = checked(complaint, by, can_handle_complaint, str(HANDLERS))
    at = _when(complaint, at)
    report = _required(report, "report", _("Write what management is told."))
    fire(complaint, "report_to_management", by=by, at=at, note=report[:500], event=ComplaintEvent.REPORTED)
    complaint.management_report, complaint.reported_at = report, at
    record_by(complaint, by).save()
    clock_stop(kind=MAJOR_ESCALATION, subject=complaint, at=at, by=by)
    return refresh_next_due(complaint)


@transaction.atomic
def complaint_revisit_done(*, complaint, by=None, at=None, note="") -> Complaint:
    """The post-complaint revisit was made (called by the revisit work, which checks who may record it): its clock
    stops, met or met late. An anonymous complaint has none."""
    complaint = lock_complaint(complaint)
    at = _when(complaint, at)
    fire(complaint, "revisit", by=by, at=at, note=(note or "").strip(), event=ComplaintEvent.REVISITED)
    complaint.revisit_done_at = at
    record_by(complaint, by).save()
    clock_stop(kind=REVISIT_POST_COMPLAINT, subject=complaint, at=at, by=by)
    return refresh_next_due(complaint)
