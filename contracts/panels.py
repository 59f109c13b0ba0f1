"""The contract's panel on the lead page (registered in ContractsConfig.ready(); see leads/panels.py): the lead's
contract, or — once the customer accepted a proposal — the button that drafts it."""

from leads.choices import LeadState
from leads.permissions import can_work_lead

from .selectors import visible_contracts


def lead_contract_panel(request, lead):
    if lead.state not in (LeadState.PROPOSAL_ACCEPTED, LeadState.WON):
        return None  # no contract before the customer accepts a proposal: no query on most lead pages
    contract = visible_contracts(request.user).filter(lead=lead).exclude(state="terminated").first()
    may_draft = contract is None and lead.state == LeadState.PROPOSAL_ACCEPTED and can_work_lead(request.user, lead)
    if contract is None and not may_draft:
        return None
    return {"template": "contracts/_lead_panel.html", "order": 10, "contract": contract, "lead": lead}
