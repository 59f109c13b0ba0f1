"""Who makes a complaint's revisit, and whether it has one [seed 002 客户管理制度 1.3: 投诉事情处理完毕后三天内进行回访,
回访率达50%,一般投诉由物业助理回访,重要投诉由部门主管回访,重大投诉由公司经理回访; 1.13: an anonymous complaint needs
none]. The seeds name three tiers; a complaint here is normal or major, so the middle one is read from the case:
an *important* complaint is a normal one whose solution needed a manager's approval (a compensation above
settings.COMPLAINT_COMPENSATION_APPROVAL_LIMIT) — the department's own manager decided it and calls the customer."""

from aftersales.revisit_policy import COMPLAINT, needs_revisit
from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.selectors import team_managers

from ..choices import Approval, RevisitTier
from ..models import Complaint


def revisit_tier(complaint) -> RevisitTier:
    if complaint.is_major:
        return RevisitTier.MAJOR
    if complaint.approval == Approval.MANAGER:
        return RevisitTier.IMPORTANT
    return RevisitTier.ORDINARY


def _first(people, complaint):
    """The longest-serving of `people` (a queryset) who is active and not the one complained about."""
    people = people.filter(is_active=True)
    if complaint.accused_staff_id:
        people = people.exclude(pk=complaint.accused_staff_id)
    return people.order_by("date_joined", "pk").first()


def _customer_relations(complaint):
    """Whoever received it or handles it, if in customer relations; else the longest-serving active member of
    customer relations (else whoever received it)."""
    for person in (complaint.received_by, complaint.handler):
        if person is not None and person.is_active and person.role == Role.CUSTOMER_RELATIONS:
            return person
    return _first(User.objects.filter(role=Role.CUSTOMER_RELATIONS), complaint) or complaint.received_by


def _department_manager(complaint):
    """The manager of the handler's team (else of the complaint's team), else the manager who approved it."""
    for team_id in (getattr(complaint.handler, "team_id", None), complaint.team_id):
        if team_id is not None and (manager := _first(team_managers([team_id]), complaint)) is not None:
            return manager
    approver = complaint.approved_by
    return approver if approver is not None and approver.is_active else None


def _company_manager(complaint):
    """The company-wide manager who approved the solution (the general manager), else the longest-serving one."""
    approver = complaint.approved_by
    if approver is not None and approver.is_active and approver.role == Role.MANAGER and approver.company_wide:
        return approver
    return _first(User.objects.filter(role=Role.MANAGER, company_wide=True), complaint)


def revisit_holder(complaint, to_owner=None):
    """Who holds the post-complaint revisit clock, by the complaint's tier (falling back to customer relations when
    nobody of that rank is on file). Also the clock's holder on any hand-over (sla.kinds.register_clock_owner)."""
    tier = revisit_tier(complaint)
    holder = None
    if tier == RevisitTier.MAJOR:
        holder = _company_manager(complaint)
    elif tier == RevisitTier.IMPORTANT:
        holder = _department_manager(complaint)
    return holder or _customer_relations(complaint)


def _closed_named_complaints() -> int:
    return Complaint.objects.filter(closed_at__isnull=False, anonymous=False).count()


def needs_complaint_revisit(complaint) -> bool:
    """None for an anonymous complaint; else for the share the revisit policy samples (settings.REVISIT_RATE_POLICY),
    counted among the named complaints closed (itself included)."""
    if complaint.anonymous:
        return False
    return needs_revisit(COMPLAINT, running_count=_closed_named_complaints)
