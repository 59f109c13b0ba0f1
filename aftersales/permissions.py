"""Who may do what with revisits: predicates on the rows' own fields (no query). After-sales staff and customer
relations revisit every customer; a manager acts within their team (a company manager everywhere); the supervisor
who signs a revisit off is a manager other than the revisitor [seed 002]."""

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_company_manager, is_manager

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
