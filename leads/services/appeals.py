"""Appeals against a collision (申诉, seed 003 §5): the appellant files with their department manager; each level
decides (keep / transfer) or passes it up with a reason, department manager -> quality control -> general office;
no level is skipped and nobody acts above or below their level (§5.2); the level above a decision may send it back
for review (复议, §5.3). The state machine is models.Appeal; who acts at each level, leads.permissions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from customers.services import customer_transfer_ownership
from decocrm.core.dates import check_happened
from decocrm.core.workflow import TransitionRefused

from ..choices import OPEN_STATES, AppealDecision, AppealEvent, AppealLevel, AppealState, AssignmentKind
from ..models import Appeal, AppealStep, Collision, Lead
from . import appeal_notices as notices
from .common import LeadPermissionError, LeadStateError, give_lead, lock_lead, refresh_next_due

DECIDE = {
    AppealState.AT_DEPARTMENT: "decide_at_department",
    AppealState.AT_QUALITY_CONTROL: "decide_at_quality_control",
    AppealState.AT_GENERAL_OFFICE: "decide_at_general_office",
}
ESCALATE = {
    AppealState.AT_DEPARTMENT: "escalate_to_quality_control",
    AppealState.AT_QUALITY_CONTROL: "escalate_to_general_office",
}
REVIEW = {
    AppealState.DECIDED_BY_DEPARTMENT: "review_department_decision",
    AppealState.DECIDED_BY_QUALITY_CONTROL: "review_quality_control_decision",
}


def _may(user, appeal, table) -> bool:
    name = table.get(appeal.state)
    return name is not None and Appeal.machine.may(appeal, name, user)


def may_decide_appeal(user, appeal) -> bool:
    return _may(user, appeal, DECIDE)


def may_escalate_appeal(user, appeal) -> bool:
    return _may(user, appeal, ESCALATE)


def may_order_appeal_review(user, appeal) -> bool:
    return _may(user, appeal, REVIEW)


def _is_party(user, appeal) -> bool:
    return user.pk in (appeal.by_id, appeal.collision.owner_id)


def _lock(appeal) -> Appeal:
    return (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("collision__owner", "collision__customer", "by", "decided_by")
        .get(pk=appeal.pk)
    )


def _check_time(appeal, at):
    check_happened(
        at, field="at", label=_("Time"), not_before=appeal.state_changed_at, since=_("the appeal's last step")
    )


def _required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _fire(appeal, name, *, by, at, event, params=None, note=""):
    try:
        return Appeal.machine.fire(appeal, name, by=by, at=at, event=event, params=params, note=note)
    except TransitionRefused as refused:
        raise LeadStateError(refused.message) from None


def _check_actor(user, appeal, *, refusal: str):
    if _is_party(user, appeal):
        raise LeadPermissionError(_("A party to the dispute may not act on its appeal."))
    raise LeadPermissionError(refusal % {"level": appeal.level.label})


@transaction.atomic
def appeal_open(*, collision: Collision, by, reason: str, at=None) -> Appeal:
    """The newcomer disputes who owns the customer: the appeal goes to the department manager(s) of the dispute."""
    at = at or timezone.now()
    check_happened(
        at, field="at", label=_("Time"), not_before=collision.attempted_at, since=_("the collision was recorded")
    )
    if collision.attempted_by_id != by.pk:
        raise LeadPermissionError(_("Only the person who entered the lead may appeal this collision."))
    reason = _required(reason, "reason", _("Say why the customer should be yours."))
    Collision.objects.select_for_update().filter(pk=collision.pk).first()  # one appeal per collision: serialise
    earlier = Appeal.objects.filter(collision=collision).first()
    if earlier is not None and not earlier.is_decided:
        raise LeadStateError(_("An appeal on this collision is already pending."))
    if earlier is not None:
        raise LeadStateError(
            _("This collision was appealed and decided; only the level above the decision may order a review.")
        )
    appeal = Appeal(collision=collision, by=by, reason=reason, created_at=at, state_changed_at=at)
    if not notices.department_managers(appeal).exists():
        raise LeadStateError(
            _("Neither your team nor the owner's has a department manager to hear the appeal: ask for one first.")
        )
    appeal.full_clean(validate_constraints=False)
    appeal.save()
    AppealStep.objects.create(appeal=appeal, to_state=appeal.state, by=by, at=at, event=AppealEvent.FILED)
    notices.appeal_filed(appeal)
    return appeal


@transaction.atomic
def appeal_escalate(*, appeal: Appeal, by, reason: str, at=None) -> Appeal:
    """Up one level, by whoever holds it now, saying why they could not settle it (§5.1(2), (3))."""
    at = at or timezone.now()
    appeal = _lock(appeal)
    _check_time(appeal, at)
    name = ESCALATE.get(appeal.state)
    if name is None:
        if appeal.is_decided:
            raise LeadStateError(_("This appeal has been decided; the level above may order a review."))
        raise LeadStateError(_("The general office is the last level; the appeal cannot go higher."))
    if not Appeal.machine.may(appeal, name, by):
        _check_actor(
            by, appeal, refusal=_("This appeal waits at the level of %(level)s; only that level may escalate it.")
        )
    reason = _required(reason, "reason", _("Say why this level cannot settle it."))
    level = AppealLevel(appeal.level + 1)
    if not notices.level_actors(appeal, level).exists():
        raise LeadStateError(
            _("Nobody holds the duty of %(level)s yet: a superuser names them first.") % {"level": level.label}
        )
    _fire(appeal, name, by=by, at=at, event=AppealEvent.ESCALATED, params={"level": int(level)}, note=reason)
    appeal.full_clean(validate_constraints=False)
    appeal.save()
    notices.appeal_escalated(appeal, by=by, reason=reason)
    return appeal


def _apply_decision(appeal, decision, *, by, at, note):
    """Transfer: the customer and its open lead (with its clocks) go to the appellant. Keep: the owner keeps it;
    after a review that overturns a transfer of this appeal, the customer goes back to the owner of the collision."""
    customer = Customer.objects.select_for_update().get(pk=appeal.collision.customer_id)
    if decision == AppealDecision.TRANSFER:
        new_owner = appeal.by
    elif customer.owner_id == appeal.by_id and appeal.collision.owner_id and _transferred_before(appeal):
        new_owner = appeal.collision.owner
    else:
        return
    if customer.owner_id == new_owner.pk:
        return
    lead = Lead.objects.filter(customer=customer, state__in=OPEN_STATES).first()
    if lead is not None:
        lead = lock_lead(lead)
        give_lead(lead, new_owner, kind=AssignmentKind.APPEAL_TRANSFER, by=by, at=at, note=note)
        refresh_next_due(lead)
    else:
        customer_transfer_ownership(customer=customer, owner=new_owner, at=at, by=by)


def _transferred_before(appeal) -> bool:
    return appeal.steps.filter(event=AppealEvent.DECIDED, params__decision=AppealDecision.TRANSFER).exists()


@transaction.atomic
def appeal_decide(*, appeal: Appeal, by, decision: AppealDecision | str, note: str, at=None) -> Appeal:
    """The level that holds the appeal decides keep / transfer, with the reason; both parties are told."""
    at = at or timezone.now()
    appeal = _lock(appeal)
    _check_time(appeal, at)
    name = DECIDE.get(appeal.state)
    if name is None:
        raise LeadStateError(_("This appeal has already been decided."))
    if not Appeal.machine.may(appeal, name, by):
        _check_actor(
            by, appeal, refusal=_("This appeal waits at the level of %(level)s; only that level may decide it.")
        )
    if decision not in AppealDecision.values:
        raise ValidationError({"decision": _("Choose keep or transfer.")})
    note = _required(note, "note", _("Give the reason for the decision."))
    _apply_decision(appeal, decision, by=by, at=at, note=note)
    _fire(appeal, name, by=by, at=at, event=AppealEvent.DECIDED, params={"decision": str(decision)}, note=note)
    appeal.decision = decision
    appeal.decided_by = by
    appeal.decided_at = at
    appeal.decision_note = note
    appeal.full_clean(validate_constraints=False)
    appeal.save()
    notices.appeal_decided(appeal)
    return appeal


@transaction.atomic
def appeal_order_review(*, appeal: Appeal, by, reason: str, at=None) -> Appeal:
    """复议: the level directly above the one that decided sends the decision back to it, with the reason; that level
    decides again (or escalates). The decision stays in the appeal's steps."""
    at = at or timezone.now()
    appeal = _lock(appeal)
    _check_time(appeal, at)
    name = REVIEW.get(appeal.state)
    if name is None:
        if not appeal.is_decided:
            raise LeadStateError(_("Only a decision can be reviewed; this appeal is still waiting for one."))
        raise LeadStateError(_("The general office's decision is final; no level above it orders a review."))
    if not Appeal.machine.may(appeal, name, by):
        above = AppealLevel(appeal.level + 1)
        if _is_party(by, appeal):
            raise LeadPermissionError(_("A party to the dispute may not act on its appeal."))
        raise LeadPermissionError(_("Only %(level)s may order a review of this decision.") % {"level": above.label})
    reason = _required(reason, "reason", _("Say why the decision must be reviewed."))
    previous_decider = appeal.decided_by
    _fire(appeal, name, by=by, at=at, event=AppealEvent.REVIEW_ORDERED, params={"level": int(appeal.level)},
          note=reason)  # fmt: skip
    appeal.decision, appeal.decided_by, appeal.decided_at, appeal.decision_note = "", None, None, ""
    appeal.full_clean(validate_constraints=False)
    appeal.save()
    notices.appeal_review_ordered(appeal, by=by, reason=reason, previous_decider=previous_decider)
    return appeal
