"""Who may act on a lead: predicates on the lead's own fields (no query), read by the state machine (models.Lead's
transitions), the actions, the selectors and the services alike.

Two kinds of work on a lead (seed 001 §4):
- the sales work (contacts, screening, won / lost, hand-overs, choosing the designer): its owner, or a manager
  acting for them (`can_work_lead`);
- the design work (appointments, the measurement visit and floor plan, proposal versions and the customer's answer
  to them): the same people and the lead's assigned designer (`can_design_lead`)."""

from decocrm.accounts.choices import Role
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


def is_lead_designer(user, lead) -> bool:
    """The designer assigned to the lead (an active staff member with the designer role)."""
    return (
        user.is_authenticated
        and lead.designer_id is not None
        and lead.designer_id == user.pk
        and user.role == Role.DESIGNER
    )


def can_design_lead(user, lead) -> bool:
    """The design work: whoever works the lead, and its assigned designer (while the lead has an owner: a lead in
    the pool waits for its next salesperson)."""
    if can_work_lead(user, lead):
        return True
    return lead.owner_id is not None and is_lead_designer(user, lead)
