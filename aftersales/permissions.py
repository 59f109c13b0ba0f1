"""Who may act on a repair ticket: predicates on its own fields (no query). The after-sales staff member it is
assigned to works it; the managers of its team (or the company) may act for them; any after-sales staff member may
take an unassigned one. The customer's salesperson only reads it (selectors.TICKET_SCOPE)."""

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_company_manager, is_manager


def can_record_tickets(user) -> bool:
    """After-sales staff and managers record repair requests (from a call, WeChat, a visit or a revisit)."""
    return user.is_authenticated and (user.is_superuser or user.role in (Role.AFTER_SALES, Role.MANAGER))


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
