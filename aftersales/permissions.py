"""Who may act on a repair ticket: predicates on its own fields (no query). The after-sales staff member it is
assigned to works it; the managers of its team (or the company) may act for them; any after-sales staff member may
take an unassigned one. The customer's salesperson only reads it (selectors.TICKET_SCOPE).

Who may do what with revisits: predicates on the rows' own fields (no query). After-sales staff and customer
relations revisit every customer; a manager acts within their team (a company manager everywhere); the supervisor
who signs a revisit off is a manager other than the revisitor [seed 002]."""

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_company_manager, is_manager


def can_record_tickets(user) -> bool:
    """After-sales staff and managers record repair requests (from a call, WeChat, a visit or a revisit)."""
    return user.is_authenticated and (user.is_superuser or user.role in (Role.AFTER_SALES, Role.MANAGER))


def can_export_tickets(user) -> bool:
    """Who downloads the repair list: those who record and work repairs (after-sales staff: the tickets their list
    shows, theirs and the unassigned ones; managers: their team's or all). The customer's salesperson reads a
    ticket on its page; a file of them is not theirs."""
    return can_record_tickets(user)


def can_manage_ticket(user, ticket) -> bool:
    if is_company_manager(user):
        return True
    return is_manager(user) and user.team_id is not None and ticket.team_id == user.team_id


def can_work_ticket(user, ticket) -> bool:
    if not user.is_authenticated:
        return False
    return (ticket.technician_id is not None and ticket.technician_id == user.pk) or can_manage_ticket(user, ticket)


def can_take_ticket(user, ticket) -> bool:
    """An unassigned ticket is taken by the after-sales staff member who will handle it."""
    return user.is_authenticated and ticket.technician_id is None and user.role == Role.AFTER_SALES


def can_assign_ticket(user, ticket) -> bool:
    """A manager of its team (or the company) gives a ticket to someone; any manager an unassigned one of no team."""
    return can_manage_ticket(user, ticket) or (ticket.team_id is None and is_manager(user))


REVISITOR_ROLES = (Role.AFTER_SALES, Role.CUSTOMER_RELATIONS)


def _manages_team(user, team_id) -> bool:
    return is_company_manager(user) or (is_manager(user) and user.team_id is not None and user.team_id == team_id)


def may_revisit(user, clock) -> bool:
    """Record the revisit that keeps `clock` (a revisit clock)."""
    if not user.is_authenticated:
        return False
    return user.role in REVISITOR_ROLES or clock.owner_id == user.pk or _manages_team(user, clock.team_id)


def may_sign_off(user, revisit) -> bool:
    if not user.is_authenticated or revisit.done_by_id == user.pk:
        return False
    return _manages_team(user, revisit.team_id)


def may_answer(user, point, revisit) -> bool:
    if not user.is_authenticated:
        return False
    return point.owner_id == user.pk or _manages_team(user, revisit.team_id)


def may_cancel(user, revisit) -> bool:
    return user.is_authenticated and _manages_team(user, revisit.team_id)


def may_survey(user) -> bool:
    """Create surveys, take answers on a call, issue links, add measures."""
    return user.is_authenticated and (user.role in REVISITOR_ROLES or is_manager(user))
