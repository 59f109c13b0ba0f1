"""Every write of contracts (ENGINEERING.md rule 1): drafting from the accepted proposal, the terms, warranty
items, payment schedule and briefing checklist, signing, and received payments."""

from .agreements import contract_change_agreement, contract_terminate
from .common import ContractPermissionError, ContractStateError
from .design_changes import (
    design_change_assess,
    design_change_decide,
    design_change_request,
    design_change_sign,
)
from .documents import contract_add_file
from .drafting import (
    contract_draft,
    contract_record_briefing,
    contract_set_schedule,
    contract_set_warranty_items,
    contract_update_terms,
)
from .lifecycle import contract_complete, contract_start_construction
from .ownership import contract_hand_over
from .payments import milestone_record_payment
from .signing import contract_sign, next_contract_number

__all__ = [
    "ContractPermissionError",
    "ContractStateError",
    "contract_add_file",
    "contract_complete",
    "contract_hand_over",
    "contract_change_agreement",
    "contract_terminate",
    "design_change_assess",
    "design_change_decide",
    "design_change_request",
    "design_change_sign",
    "contract_draft",
    "contract_record_briefing",
    "contract_set_schedule",
    "contract_set_warranty_items",
    "contract_sign",
    "contract_start_construction",
    "contract_update_terms",
    "milestone_record_payment",
    "next_contract_number",
]
