from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import check_happened

from ..choices import ContractState
from ..models import PaymentMilestone
from .common import ContractStateError, workable
from .drafting import money


@transaction.atomic
def milestone_record_payment(*, milestone, by, amount, received_on, at=None) -> PaymentMilestone:
    """A payment received for a milestone (it may come in parts): never more than what is outstanding."""
    at = at or timezone.now()
    contract = workable(milestone.contract, by)
    if contract.state in (ContractState.DRAFT, ContractState.TERMINATED):
        raise ContractStateError(_("Payments are recorded on a signed contract."))
    milestone = PaymentMilestone.objects.select_for_update().get(pk=milestone.pk, contract=contract)
    amount = money(amount)
    check_happened(received_on, field="received_on", label=_("Received on"), now=at)
    if amount > milestone.outstanding:
        raise ValidationError(
            {"amount": _("Only ¥%(left)s is outstanding on this payment.") % {"left": milestone.outstanding}}
        )
    milestone.received_amount += amount
    milestone.received_on = received_on
    milestone.full_clean(validate_constraints=False)
    milestone.save(update_fields=["received_amount", "received_on"])
    return milestone
