from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from decocrm.core.errors import DomainError
from decocrm.core.workflow import TransitionRefused
from decocrm.sla.choices import OPEN_STATES as OPEN_CLOCK_STATES
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.services import clock_cancel, clock_start

from ..clocks import COMPLAINT_REASSIGNED
from ..models import Complaint

FEN = Decimal("0.01")
DEFAULT_COMPENSATION_APPROVAL_LIMIT = Decimal("5000")


class ComplaintPermissionError(DomainError):
    pass


class ComplaintStateError(DomainError):
    pass


def lock_complaint(complaint) -> Complaint:
    """Read fresh and locked: who handles it may have changed since the caller loaded it."""
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("customer", "handler", "received_by", "accused_staff", "team")
        .get(pk=complaint.pk)
    )


def checked(complaint, by, predicate, refusal) -> Complaint:
    complaint = lock_complaint(complaint)
    if not predicate(by, complaint):
        raise ComplaintPermissionError(refusal)
    return complaint


def fire(complaint, name, *, by, at, note="", event="", params=None):
    try:
        Complaint.machine.fire(complaint, name, by=by, at=at, note=note, event=event, params=params)
    except TransitionRefused as refused:
        raise ComplaintStateError(refused.message) from None


def refuse_accused_handler(complaint, handler):
    """The staff member complained about is never its handler [seed 002 §2.2]."""
    if handler is None:
        raise ValidationError({"handler": _("Choose the handler.")})
    if complaint.accused_staff_id is not None and handler.pk == complaint.accused_staff_id:
        raise ValidationError(
            {"handler": _("The staff member complained about may not handle the complaint: choose someone else.")}
        )
    if not handler.is_active:
        raise ValidationError({"handler": _("This staff member is no longer active.")})


def compensation_limit() -> Decimal:
    """Above this amount a compensation needs a manager's approval [seed 002 §2.9: 按权限核决表审批]."""
    return Decimal(str(getattr(settings, "COMPLAINT_COMPENSATION_APPROVAL_LIMIT", DEFAULT_COMPENSATION_APPROVAL_LIMIT)))


def compensation_amount(value) -> Decimal | None:
    """A compensation in yuan with fen precision, never negative; none (or zero) is None."""
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
        if not amount.is_finite():
            raise InvalidOperation
        amount = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"compensation": _("Enter an amount in yuan, e.g. 800.50.")}) from None
    if amount < 0:
        raise ValidationError({"compensation": _("The compensation cannot be negative.")})
    return amount or None


def pass_clocks_to_handler(complaint, *, by, at):
    """The complaint changed hands: its open clocks go to the new handler with the customer's deadline unchanged
    (each is closed uncounted and started again from its first start)."""
    owner = complaint.handler
    name = getattr(owner, "display_name", "") or str(owner or "")
    for clock in list(clocks_for_subject(complaint).filter(state__in=OPEN_CLOCK_STATES)):
        if clock.owner_id == getattr(owner, "pk", None):
            continue
        clock_cancel(kind=clock.kind, subject=complaint, code=COMPLAINT_REASSIGNED, params={"name": name}, at=at,
                     by=by)  # fmt: skip
        clock_start(kind=clock.kind, subject=complaint, at=clock.started_at, by=by, sequence=clock.sequence)


def screened(rule, upload, field):
    try:
        return rule.screen(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
