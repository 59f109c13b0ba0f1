"""Who may act on a contract: predicates on its own fields (no query), read by the state machine, the services and
the selectors alike. The contract's salesperson works it; their managers may act for them (the lead's rule)."""

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_company_manager, is_manager


def can_manage_contract(user, contract) -> bool:
    if is_company_manager(user):
        return True
    return is_manager(user) and user.team_id is not None and contract.team_id == user.team_id


def can_work_contract(user, contract) -> bool:
    if not user.is_authenticated:
        return False
    return contract.owner_id == user.pk or can_manage_contract(user, contract)


def can_assess_design_change(user, contract) -> bool:
    """The designer assigned to the contract's lead assesses a design change; a manager of the contract may too."""
    if not user.is_authenticated:
        return False
    return contract.lead.designer_id == user.pk or can_manage_contract(user, contract)


# The contract's own fields that are its money (what sees_contract_money guards in its history too).
CONTRACT_MONEY_FIELDS = ("amount", "payment_terms")


def sees_contract_money(user, contract) -> bool:
    """The amount, the payments, the agreements' money and the signed scans are for the salesperson, their managers
    and the readers (construction gets a signed copy [seed 000 §6]); the lead's designer, who comes for the design
    changes, sees the contract without them. Decided on the row's own fields (no query): whoever sees a contract
    and does not work it is its designer or a reader."""
    return can_work_contract(user, contract) or contract.lead.designer_id != user.pk


def can_export_contracts(user) -> bool:
    """Who downloads the contract list: those who own contracts, the salespeople (their own) and the managers (their
    team's, or all), as for the leads (leads.selectors.can_export_leads). The designers and project managers who read
    some contracts work them one by one, on their pages: a file of them is not theirs to take."""
    return user.is_authenticated and (user.is_superuser or user.role in (Role.SALES, Role.MANAGER))
