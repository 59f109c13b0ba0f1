from django.utils.translation import gettext as _

from decocrm.core.errors import DomainError
from decocrm.core.workflow import TransitionRefused

from ..choices import ContractState
from ..models import Contract
from ..permissions import can_work_contract


class ContractPermissionError(DomainError):
    pass


class ContractStateError(DomainError):
    pass


def lock_contract(contract) -> Contract:
    return Contract.objects.select_for_update(of=("self",)).select_related("lead", "customer").get(pk=contract.pk)


def workable(contract, by) -> Contract:
    """The contract, locked, if `by` works it (its salesperson or their managers)."""
    if not can_work_contract(by, contract):
        raise ContractPermissionError(_("Only the contract's salesperson or a manager may do this."))
    return lock_contract(contract)


def require_draft(contract):
    if contract.state != ContractState.DRAFT:
        raise ContractStateError(
            _("Only a draft contract can be changed this way; this one is “%(state)s”.")
            % {"state": contract.get_state_display()}
        )


def fire(contract, name, *, by, at, note="", event="", params=None):
    try:
        Contract.machine.fire(contract, name, by=by, at=at, note=note, event=event, params=params)
    except TransitionRefused as refused:
        raise ContractStateError(refused.message) from None
