"""What changes a signed contract [seed 001 §5]. A change agreement (变更协议) changes its amount, end date and
payment schedule at once; money already received is never lost. A termination agreement (解除协议) ends it, only by
mutual agreement, and cancels its open clocks."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import check_happened
from decocrm.core.figures import bump_figures
from decocrm.core.history import record_by
from decocrm.sla.services import clock_cancel_all

from ..choices import ContractEvent, ContractState, DesignChangeState
from ..hooks import contract_terminated_listeners
from ..models import ChangeAgreement, PaymentMilestone, TerminationAgreement
from ..selectors import RECEIVABLE_FIGURES
from .common import ContractStateError, fire, workable
from .money import signed_money
from .schedule import schedule_rows

CHANGEABLE = (ContractState.SIGNED, ContractState.IN_CONSTRUCTION)
MAX_EXTENSION_DAYS = 730


def require_changeable(contract):
    if contract.state not in CHANGEABLE:
        raise ContractStateError(
            _("Only a signed contract or one in construction can be changed; this one is “%(state)s”.")
            % {"state": contract.get_state_display()}
        )


def check_signed_by_both(contract, *, signed_on, company_sealed, customer_signed, at):
    check_happened(signed_on, field="signed_on", label=_("Signed on"), now=at)
    if contract.signed_on and signed_on < contract.signed_on:
        raise ValidationError(
            {"signed_on": _("Not before the contract was signed (%(day)s).") % {"day": contract.signed_on}}
        )
    if not (company_sealed and customer_signed):
        raise ValidationError(
            {"customer_signed": _("An agreement is signed with the company seal and the customer's signature.")}
        )


def _revised_schedule(contract, total, rows):
    """The revised milestones: a row naming an existing milestone (`milestone`: it or its pk) changes it and keeps
    what was received; the others are new. Refused: a milestone with money received left out or cut below it."""
    current = {m.pk: m for m in PaymentMilestone.objects.select_for_update().filter(contract=contract)}
    built = schedule_rows(contract, total, rows)
    kept = {}
    for position, (row, milestone) in enumerate(zip(rows, built, strict=True), 1):
        ref = row.get("milestone")
        if ref in (None, ""):
            continue
        pk = getattr(ref, "pk", ref)
        old = current.get(int(pk)) if str(pk).isdigit() else None
        if old is None or old.pk in kept:
            raise ValidationError({"milestones": _("Row %(row)d: not a payment of this contract.") % {"row": position}})
        if milestone.amount < old.received_amount:
            raise ValidationError(
                {
                    "milestones": _("Row %(row)d: ¥%(received)s was already received on this payment.")
                    % {"row": position, "received": old.received_amount}
                }
            )
        milestone.pk, milestone.received_amount, milestone.received_on = old.pk, old.received_amount, old.received_on
        kept[old.pk] = milestone
    for old in current.values():
        if old.pk not in kept and old.received_amount:
            raise ValidationError(
                {
                    "milestones": _("“%(name)s” cannot be removed: ¥%(received)s was received on it.")
                    % {"name": old.name, "received": old.received_amount}
                }
            )
    return current, built


def _save_schedule(contract, current, built):
    PaymentMilestone.objects.filter(contract=contract).exclude(pk__in=[m.pk for m in built if m.pk]).delete()
    kept = [m for m in built if m.pk]
    # Positions are unique per contract: move the kept rows out of the way before giving them their new places.
    PaymentMilestone.objects.filter(pk__in=[m.pk for m in kept]).update(position=F("position") + 10000)
    fields = ["position", "kind", "name", "amount", "percent", "due_on", "due_stage"]
    PaymentMilestone.objects.bulk_update(kept, fields)
    PaymentMilestone.objects.bulk_create([m for m in built if not m.pk])
    bump_figures(RECEIVABLE_FIGURES)  # bulk writes send no signal (apps.drop_receivable_figures)


@transaction.atomic
def contract_change_agreement(
    *, contract, by, content, signed_on, company_sealed: bool, customer_signed: bool, cost_change=0,
    extension_days: int = 0, milestones=None, design_change=None, at=None,
) -> ChangeAgreement:  # fmt: skip
    """Record a signed change agreement and apply it: the amount moves by `cost_change`, the end date by
    `extension_days`, and the schedule becomes `milestones` (rows as contract_set_schedule takes them, each may
    name the existing `milestone` it revises), which must add up to the new amount. Without rows the schedule
    stays, which only a change of no cost allows."""
    at = at or timezone.now()
    contract = workable(contract, by)
    require_changeable(contract)
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("Say what the agreement changes.")})
    cost_change = signed_money(cost_change, field="cost_change")
    try:
        extension_days = int(extension_days or 0)
    except (TypeError, ValueError):
        extension_days = -1
    if not 0 <= extension_days <= MAX_EXTENSION_DAYS:
        raise ValidationError({"extension_days": _("An extension is 0 to %(max)d days.") % {"max": MAX_EXTENSION_DAYS}})
    check_signed_by_both(
        contract, signed_on=signed_on, company_sealed=company_sealed, customer_signed=customer_signed, at=at
    )
    new_amount = contract.amount + cost_change
    if new_amount <= 0:
        raise ValidationError({"cost_change": _("The contract amount would not be more than zero.")})
    rows = [row for row in (milestones or []) if row]
    if rows:
        current, built = _revised_schedule(contract, new_amount, rows)
    elif cost_change:
        raise ValidationError(
            {"milestones": _("A cost change comes with a revised payment schedule that adds up to the new amount.")}
        )
    if design_change is not None:
        if design_change.contract_id != contract.pk or design_change.state != DesignChangeState.ACCEPTED:
            raise ContractStateError(_("A change agreement carries an accepted design change of this contract."))
        if ChangeAgreement.objects.filter(design_change=design_change).exists():
            raise ContractStateError(_("This design change has its change agreement already."))
    number = (contract.change_agreements.aggregate(last=Max("number"))["last"] or 0) + 1
    end_after = contract.end_date + timedelta(days=extension_days) if contract.end_date else None
    agreement = ChangeAgreement(
        contract=contract, number=number, content=content, cost_change=cost_change, extension_days=extension_days,
        amount_before=contract.amount, amount_after=new_amount, end_date_before=contract.end_date,
        end_date_after=end_after, signed_on=signed_on, company_sealed=True, customer_signed=True,
        design_change=design_change, created_at=at, created_by=by,
    )  # fmt: skip
    agreement.full_clean(validate_constraints=False)
    agreement.save()
    if rows:
        _save_schedule(contract, current, built)
    contract.amount, contract.end_date = new_amount, end_after
    contract.full_clean(validate_constraints=False)
    record_by(contract, by).save(update_fields=["amount", "end_date"])
    return agreement


@transaction.atomic
def contract_terminate(
    *, contract, by, reason, liability, settlement_amount, signed_on, company_sealed: bool, customer_signed: bool,
    at=None,
) -> TerminationAgreement:  # fmt: skip
    """End the contract by mutual agreement [seed 001 §5]: both parties sign the termination agreement (reason,
    who bears what, the settlement); the contract becomes terminated and its open clocks are cancelled, and the
    later stages are told in the same transaction (hooks.py: `projects` stops the construction project there)."""
    at = at or timezone.now()
    contract = workable(contract, by)
    require_changeable(contract)
    reason, liability = (reason or "").strip(), (liability or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for ending the contract.")})
    if not liability:
        raise ValidationError({"liability": _("Say who bears what (liability).")})
    settlement_amount = signed_money(settlement_amount, field="settlement_amount")
    if settlement_amount < 0:
        raise ValidationError({"settlement_amount": _("The settlement is zero or more.")})
    if not (company_sealed and customer_signed):
        raise ValidationError(
            {"customer_signed": _("A contract ends only by mutual agreement: both parties sign the termination.")}
        )
    check_signed_by_both(contract, signed_on=signed_on, company_sealed=True, customer_signed=True, at=at)
    agreement = TerminationAgreement(
        contract=contract, reason=reason, liability=liability, settlement_amount=settlement_amount,
        signed_on=signed_on, company_sealed=True, customer_signed=True, created_at=at, created_by=by,
    )  # fmt: skip
    agreement.full_clean(validate_constraints=False)
    agreement.save()
    fire(contract, "terminate", by=by, at=at, note=reason, event=ContractEvent.TERMINATED)
    record_by(contract, by).save()
    clock_cancel_all(subject=contract, reason=reason, at=at, by=by)
    for listener in contract_terminated_listeners():
        listener(contract, by=by, at=at, reason=reason)
    return agreement
