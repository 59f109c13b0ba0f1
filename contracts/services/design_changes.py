"""Design changes after signing [seed 001 §4(三)]: the customer's request (content, reason, estimated cost) is
recorded by the salesperson; the lead's designer assesses its impact on the design, the schedule and the budget;
the salesperson (or a manager) accepts or declines it with the customer; an accepted change with a cost is carried
by a change agreement (services.agreements); the customer signs the changed design and its drawing is kept as a
new version beside the older ones."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import check_happened

from ..choices import DesignChangeEvent, DesignChangeState
from ..models import Contract, DesignChange
from ..permissions import can_assess_design_change
from .agreements import require_changeable
from .common import ContractPermissionError, ContractStateError, lock_contract, workable
from .documents import CONTRACT_FILES
from .money import signed_money

MAX_IMPACT_DAYS = 730


def _locked(change) -> DesignChange:
    return DesignChange.objects.select_for_update().get(pk=change.pk)


def _fire(change, name, *, by, at, note="", event="", params=None):
    """Take a step on the design change's state machine (refused, readably, from the wrong state)."""
    try:
        DesignChange.machine.fire(change, name, by=by, at=at, note=note, event=event, params=params)
    except DesignChange.machine.error as error:
        raise ContractStateError(
            _("This design change is “%(state)s”: that step is not possible now.")
            % {"state": change.get_state_display()}
        ) from error


@transaction.atomic
def design_change_request(*, contract, by, content, reason, estimated_cost=0, at=None) -> DesignChange:
    at = at or timezone.now()
    contract = workable(contract, by)
    require_changeable(contract)
    content, reason = (content or "").strip(), (reason or "").strip()
    if not content:
        raise ValidationError({"content": _("Say what the customer wants changed.")})
    if not reason:
        raise ValidationError({"reason": _("Give the customer's reason.")})
    number = (contract.design_changes.aggregate(last=Max("number"))["last"] or 0) + 1
    change = DesignChange(
        contract=contract, number=number, content=content, reason=reason,
        estimated_cost=signed_money(estimated_cost, field="estimated_cost"), requested_at=at, requested_by=by,
    )  # fmt: skip
    change.full_clean(validate_constraints=False)
    change.save()
    DesignChange.machine.record_start(
        change, by=by, at=at, event=DesignChangeEvent.REQUESTED, params={"content": content[:200]}
    )
    return change


@transaction.atomic
def design_change_assess(*, change, by, impact_design, impact_days, impact_cost, at=None) -> DesignChange:
    """The designer's assessment; it may be revised until the change is decided."""
    at = at or timezone.now()
    contract = lock_contract(change.contract)
    if not can_assess_design_change(by, contract):
        raise ContractPermissionError(_("Only the designer of this customer or a manager assesses a design change."))
    require_changeable(contract)
    change = _locked(change)
    if change.state not in (DesignChangeState.REQUESTED, DesignChangeState.ASSESSED):
        _fire(change, "assess", by=by, at=at)  # refused, with the readable message
    impact_design = (impact_design or "").strip()
    if not impact_design:
        raise ValidationError({"impact_design": _("Describe the impact on the design.")})
    try:
        impact_days = int(impact_days or 0)
    except (TypeError, ValueError):
        impact_days = -1
    if not 0 <= impact_days <= MAX_IMPACT_DAYS:
        raise ValidationError(
            {"impact_days": _("The impact on the schedule is 0 to %(max)d days.") % {"max": MAX_IMPACT_DAYS}}
        )
    change.impact_design, change.impact_days = impact_design, impact_days
    change.impact_cost = signed_money(impact_cost, field="impact_cost")
    change.assessed_at, change.assessed_by = at, by
    _fire(change, "assess", by=by, at=at)
    change.full_clean(validate_constraints=False)
    change.save()
    return change


@transaction.atomic
def design_change_decide(*, change, by, accepted: bool, note="", at=None) -> DesignChange:
    """Accepted or declined with the customer, once the designer assessed it."""
    at = at or timezone.now()
    contract = workable(change.contract, by)
    require_changeable(contract)
    change = _locked(change)
    if change.state == DesignChangeState.REQUESTED:
        raise ContractStateError(_("The designer assesses the change before it is decided."))
    if change.state != DesignChangeState.ASSESSED:
        _fire(change, "accept", by=by, at=at)  # refused, with the readable message
    note = (note or "").strip()
    if not accepted and not note:
        raise ValidationError({"note": _("Say why the change is declined.")})
    _fire(change, "accept" if accepted else "decline", by=by, at=at, note=note)
    change.decision_note, change.decided_at, change.decided_by = note, at, by
    change.full_clean(validate_constraints=False)
    change.save()
    return change


def needs_change_agreement(change) -> bool:
    """An accepted change with a cost is carried by a change agreement before the customer signs the design."""
    cost = change.impact_cost if change.impact_cost is not None else change.estimated_cost
    return bool(cost) and not hasattr(change, "change_agreement")


@transaction.atomic
def design_change_sign(*, change, by, signed_on, drawing, at=None) -> DesignChange:
    """The customer signs the changed design; its drawing becomes the next version (the older ones stay)."""
    at = at or timezone.now()
    contract = workable(change.contract, by)
    require_changeable(contract)
    change = _locked(change)
    if change.state != DesignChangeState.ACCEPTED:
        _fire(change, "sign", by=by, at=at)  # refused, with the readable message
    if needs_change_agreement(change):
        raise ContractStateError(_("This change has a cost: record its change agreement first."))
    check_happened(signed_on, field="signed_on", label=_("Signed on"), now=at)
    if signed_on < timezone.localtime(change.requested_at).date():
        raise ValidationError({"signed_on": _("Not before the change was requested.")})
    try:
        screened = CONTRACT_FILES.screen(drawing)
    except ValidationError as error:
        raise ValidationError({"drawing": error.messages}) from error
    last = Contract.objects.filter(pk=contract.pk).aggregate(v=Max("design_changes__drawing_version"))["v"]
    change.drawing, change.drawing_name = screened, screened.name[:200]
    change.drawing_version = (last or 1) + 1  # version 1 is the signed proposal's drawing
    change.customer_signed_on, change.signed_at = signed_on, at
    _fire(change, "sign", by=by, at=at, event=DesignChangeEvent.DRAWING, params={"version": change.drawing_version})
    change.full_clean(validate_constraints=False)
    change.save()
    return change
