"""Who may act on a lead: predicates on the lead's own fields (no query), read by the state machine (models.Lead's
transitions), the actions, the selectors and the services alike.

Two kinds of work on a lead (seed 001 §4):
- the sales work (contacts, screening, won / lost, hand-overs, choosing the designer): its owner, or a manager
  acting for them (`can_work_lead`);
- the design work (appointments, the measurement visit and floor plan, proposal versions and the customer's answer
  to them): the same people and the lead's assigned designer (`can_design_lead`)."""

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import holds_permission, is_company_manager, is_manager, managed_team_ids


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


# --- Appeals (申诉, seed 003 §5): each level is a person's duty; nobody acts above or below their level, and the
# parties to the dispute never act on it. Quality control (品控中心) and the general office (总经办) are people a
# superuser puts in the capability groups of that name (LeadsConfig.ready registers them with their permission).
QUALITY_CONTROL_GROUP = "quality_control"  # 品控中心
GENERAL_OFFICE_GROUP = "general_office"  # 总经办
QUALITY_CONTROL_PERMISSION = "leads.appeal_quality_control"
GENERAL_OFFICE_PERMISSION = "leads.appeal_general_office"


def _is_party(user, appeal) -> bool:
    return user.pk in (appeal.by_id, appeal.collision.owner_id)


def appeal_teams(appeal) -> set:
    """The department(s) of the dispute: the appellant's own (they appeal "to their own department manager",
    §5.1(1)) and the owner's, whose manager they settle it with (协商)."""
    owner = appeal.collision.owner
    return {appeal.by.team_id, owner.team_id if owner else None} - {None}


def is_appeal_department_manager(user, appeal) -> bool:
    return user.is_authenticated and not _is_party(user, appeal) and bool(managed_team_ids(user) & appeal_teams(appeal))


def is_appeal_quality_control(user, appeal) -> bool:
    return user.is_authenticated and not _is_party(user, appeal) and holds_permission(user, QUALITY_CONTROL_PERMISSION)


def is_appeal_general_office(user, appeal) -> bool:
    return user.is_authenticated and not _is_party(user, appeal) and holds_permission(user, GENERAL_OFFICE_PERMISSION)
