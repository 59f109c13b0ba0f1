"""Appeals against a collision (申诉): employee -> department manager -> quality control -> general office; a
manager decides keep / transfer, and the decision is recorded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from customers.services import customer_transfer_ownership
from decocrm.accounts.selectors import is_company_manager, is_manager
from decocrm.core.dates import check_happened

from ..choices import OPEN_STATES, AppealDecision, AppealLevel, AppealState, AssignmentKind
from ..models import Appeal, Collision, Lead
from .common import LeadPermissionError, LeadStateError, give_lead, lock_lead, refresh_next_due


def can_decide_appeal(user, appeal) -> bool:
    """The department manager (of the appellant's or the owner's team) decides at the first level; above it, only
    company managers (quality control and the general office are not teams in the CRM)."""
    if is_company_manager(user):
        return True
    if appeal.level != AppealLevel.DEPARTMENT_MANAGER or not is_manager(user) or user.team_id is None:
        return False
    collision = appeal.collision
    teams = {collision.attempted_by.team_id, collision.owner.team_id if collision.owner_id else None}
    return user.team_id in teams


def _check_time(collision, at):
    check_happened(
        at, field="at", label=_("Time"), not_before=collision.attempted_at, since=_("the collision was recorded")
    )


def _lock(appeal) -> Appeal:
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("collision", "collision__attempted_by", "collision__owner", "collision__customer", "by")
        .get(pk=appeal.pk)
    )
    if appeal.state == AppealState.DECIDED:
        raise LeadStateError(_("This appeal has already been decided."))
    return appeal


@transaction.atomic
def appeal_open(*, collision: Collision, by, reason: str, at=None) -> Appeal:
    """The newcomer disputes who owns the customer; the department manager reviews it first."""
    at = at or timezone.now()
    _check_time(collision, at)
    if collision.attempted_by_id != by.pk:
        raise LeadPermissionError(_("Only the person who entered the lead may appeal this collision."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the customer should be yours.")})
    Collision.objects.select_for_update().filter(pk=collision.pk).first()  # one pending appeal: serialise openings
    if Appeal.objects.filter(collision=collision).exclude(state=AppealState.DECIDED).exists():
        raise LeadStateError(_("An appeal on this collision is already pending."))
    appeal = Appeal(collision=collision, by=by, reason=reason.strip(), created_at=at)
    appeal.full_clean(validate_constraints=False)
    appeal.save()
    return appeal


@transaction.atomic
def appeal_escalate(*, appeal: Appeal, by, note: str = "", at=None) -> Appeal:
    """Up one level: by the appellant (not satisfied with the pace or the review) or by whoever may decide now."""
    at = at or timezone.now()
    appeal = _lock(appeal)
    _check_time(appeal.collision, at)
    if by.pk != appeal.by_id and not can_decide_appeal(by, appeal):
        raise LeadPermissionError(_("Only the appellant or the reviewing manager may escalate this appeal."))
    if appeal.level >= AppealLevel.GENERAL_OFFICE:
        raise LeadStateError(_("The general office is the last level; the appeal cannot go higher."))
    appeal.level = AppealLevel(appeal.level + 1)
    appeal.state = AppealState.ESCALATED
    appeal.escalated_at = at
    if note:
        appeal.decision_note = note
    appeal.full_clean(validate_constraints=False)
    appeal.save()
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, by, decision: AppealDecision | str, note: str, at=None) -> Appeal:
    """Keep: nothing changes. Transfer: the customer and its open lead (with its clocks) go to the appellant."""
    at = at or timezone.now()
    appeal = _lock(appeal)
    _check_time(appeal.collision, at)
    if not can_decide_appeal(by, appeal):
        raise LeadPermissionError(_("You may not decide this appeal at its current level."))
    if decision not in AppealDecision.values:
        raise ValidationError({"decision": _("Choose keep or transfer.")})
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for the decision.")})
    if decision == AppealDecision.TRANSFER:
        customer = Customer.objects.select_for_update().get(pk=appeal.collision.customer_id)
        lead = Lead.objects.filter(customer=customer, state__in=OPEN_STATES).first()
        if lead is not None:
            lead = lock_lead(lead)
            give_lead(lead, appeal.by, kind=AssignmentKind.APPEAL_TRANSFER, by=by, at=at, note=note)
            refresh_next_due(lead)
        else:
            customer_transfer_ownership(customer=customer, owner=appeal.by, at=at)
    appeal.state = AppealState.DECIDED
    appeal.decision = decision
    appeal.decided_by = by
    appeal.decided_at = at
    appeal.decision_note = note.strip()
    appeal.full_clean(validate_constraints=False)
    appeal.save()
    return appeal
