"""A contract changes salesperson when its salesperson leaves (contracts/handover.py): the receivables, the archive
handover and the contract's clocks are then the new salesperson's."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.choices import Role
from decocrm.core.history import record_by
from decocrm.sla.services import clock_hand_over

from ..choices import OPEN_STATES
from ..permissions import can_manage_contract
from .common import ContractPermissionError, ContractStateError, lock_contract

SALESPERSON_ROLES = (Role.SALES, Role.MANAGER)


@transaction.atomic
def contract_hand_over(*, contract, owner, by, at=None):
    """A manager of the contract gives an open contract to another salesperson: the change is kept in the
    contract's history (its timeline), the contract joins the new salesperson's team and its running clocks (the
    archive handover) follow them from now."""
    at = at or timezone.now()
    contract = lock_contract(contract)
    if not can_manage_contract(by, contract):
        raise ContractPermissionError(_("Only a manager of the contract hands it to another salesperson."))
    if contract.state not in OPEN_STATES:
        raise ContractStateError(
            _("This contract is “%(state)s”: it stays with its salesperson.") % {"state": contract.get_state_display()}
        )
    if owner is None or owner.role not in SALESPERSON_ROLES or not owner.is_active:
        raise ValidationError({"owner": _("Choose an active salesperson or manager.")})
    if contract.owner_id == owner.pk:
        raise ContractStateError(_("%(name)s is already the contract's salesperson.") % {"name": owner.display_name})
    contract.owner, contract.team_id = owner, owner.team_id
    contract.full_clean(validate_constraints=False)
    record_by(contract, by).save(update_fields=["owner", "team"])
    clock_hand_over(subject=contract, to_owner=owner, at=at, by=by)
    return contract
