"""Who may act on a lead: predicates on the lead's own fields (no query), read by the state machine (models.Lead's
transitions), the actions, the selectors and the services alike."""

from decocrm.accounts.selectors import is_company_manager, is_manager


def can_manage_lead(user, lead) -> bool:
    """Managers act on their team's leads (and on the pool); company managers on every lead."""
    if is_company_manager(user):
        return True
    if not is_manager(user) or user.team_id is None:
        return False
    return lead.team_id == user.team_id or lead.owner_id is None or lead.owner_id == user.pk


def can_work_lead(user, lead) -> bool:
    """The owner works their lead; their managers may act for them. A lead in the pool must be claimed first."""
    if not user.is_authenticated:
        return False
    if lead.owner_id is not None and lead.owner_id == user.pk:
        return True
    return lead.owner_id is not None and can_manage_lead(user, lead)
