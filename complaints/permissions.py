"""Who may do what with a complaint: predicates on its own fields (no query), read by the state machine, the
services, the actions and the selectors alike.

Customer relations handle complaints company-wide [seed 002 §2.2: 客户投诉一般由客户关系部接待]; the managers of
the complaint's team, and the company's managers, may act for them. **The staff member complained about never
works the complaint** [seed 002 §2.2: 对原接待个人的投诉,原接待员工不得参与]: no predicate here lets them,
whatever their role, and a manager who is complained about may read it but not handle, approve or close it."""

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_company_manager, is_manager

from .choices import Approval


def is_accused(user, complaint) -> bool:
    return complaint.accused_staff_id is not None and complaint.accused_staff_id == user.pk


def can_record_complaints(user) -> bool:
    """The central intake: customer relations and managers."""
    return user.is_authenticated and (user.role == Role.CUSTOMER_RELATIONS or is_manager(user))


def can_export_complaints(user) -> bool:
    """Who downloads the complaint queue: those who receive complaints, customer relations (company-wide) and the
    managers (their team's, or all), each the rows their queue shows. A handler of another role works their
    complaint on its page."""
    return can_record_complaints(user)


def can_read_statistics(user) -> bool:
    return can_record_complaints(user)


def can_file_statistics(user) -> bool:
    """The company's monthly statistics are filed by customer relations (or a company manager), not by a team
    manager who reads only their team's figures."""
    return user.is_authenticated and (user.role == Role.CUSTOMER_RELATIONS or is_company_manager(user))


def can_manage_complaint(user, complaint) -> bool:
    """A manager of the complaint's team, or of the company (never the one complained about)."""
    if not user.is_authenticated or is_accused(user, complaint):
        return False
    if is_company_manager(user):
        return True
    return is_manager(user) and user.team_id is not None and complaint.team_id == user.team_id


def can_coordinate_complaint(user, complaint) -> bool:
    """Assign and reassign the handler, feed the result back, close: customer relations and its managers."""
    if not user.is_authenticated or is_accused(user, complaint):
        return False
    return user.role == Role.CUSTOMER_RELATIONS or can_manage_complaint(user, complaint)


def can_handle_complaint(user, complaint) -> bool:
    """Investigate, propose the solution, report a major complaint to management: its handler, and whoever
    coordinates it."""
    if not user.is_authenticated or is_accused(user, complaint):
        return False
    return complaint.handler_id == user.pk or can_coordinate_complaint(user, complaint)


def can_approve_solution(user, complaint) -> bool:
    """The general manager (a company-wide manager) approves a major complaint's solution; a manager of its team (or
    the company) a compensation above the limit."""
    if not user.is_authenticated or is_accused(user, complaint):
        return False
    if complaint.approval == Approval.GENERAL_MANAGER:
        return is_company_manager(user)
    if complaint.approval == Approval.MANAGER:
        return can_manage_complaint(user, complaint)
    return False


def can_be_handler(user, complaint) -> bool:
    """Whom a complaint may be given to: an active staff member who is not the one complained about."""
    return user.is_active and not is_accused(user, complaint)
