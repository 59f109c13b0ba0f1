"""Reads of borrowing requests and destructions, scoped to the user (ENGINEERING.md rule 4).

A borrowing request is seen by its borrower, the managers of the file's department and of the borrower's team, the
company managers (the general management approves) and the archive clerks (they hand files out). A destruction is
the clerks' and the managers' (its department's head, the company managers)."""

from django.db.models import Q
from django.utils import timezone

from customers.selectors import visible_customers
from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_company_manager, managed_team_ids
from decocrm.core.scopes import Scope

from ..choices import FileState
from ..models import ArchiveFile, BorrowRequest, Destruction
from ..models.borrowing import ApprovalLevel, BorrowState, is_archive_clerk
from ..models.retention import DestructionState

BORROW_SCOPE = Scope(owner="borrower", team=("department", "borrower__team"), everyone=(Role.ARCHIVE_CLERK,))
DESTRUCTION_SCOPE = Scope(owner=None, team=("department",), everyone=(Role.ARCHIVE_CLERK,))


def _related(qs):
    return qs.select_related("file__customer", "borrower", "department", "decided_by", "handed_out_by")


def visible_borrow_requests(user):
    return BORROW_SCOPE.filter(_related(BorrowRequest.objects.all()), user)


def borrowable_files(user):
    """The files a user may ask to view or borrow: the kept (not destroyed) files of the customers they see, and of
    their own department (its customers' files are what a department's staff ask their manager for [seed 002
    §1.5]). The approval, not this list, guards what is inside."""
    if not user.is_authenticated:
        return ArchiveFile.objects.none()
    mine = Q(customer__in=visible_customers(user).values("pk"))
    if user.team_id:
        mine |= Q(customer__owner__team_id=user.team_id)
    return ArchiveFile.objects.filter(mine, state=FileState.OPEN).select_related("customer").order_by("number")


def awaiting_my_approval(user):
    """Requests this user may approve now (never their own)."""
    qs = _related(BorrowRequest.objects.filter(state=BorrowState.REQUESTED)).exclude(borrower=user)
    if not user.is_authenticated:
        return qs.none()
    mine = Q(pk__in=[])
    if is_company_manager(user):
        mine |= Q(approval_level=ApprovalLevel.GENERAL_MANAGER)
    elif user.role == Role.MANAGER:
        mine |= Q(approval_level=ApprovalLevel.DEPARTMENT_MANAGER, department_id__in=managed_team_ids(user))
    return qs.filter(mine)


def overdue_borrow_requests(user, today=None):
    """Files out past their due date, among the requests the user sees (clerks and company managers: all)."""
    today = today or timezone.localdate()
    return visible_borrow_requests(user).filter(state=BorrowState.OUT, due_back__lt=today).order_by("due_back", "pk")


def sees_overdue_list(user) -> bool:
    return is_archive_clerk(user) or (user.is_authenticated and user.role == Role.MANAGER)


def visible_destructions(user):
    qs = Destruction.objects.select_related("file__customer", "department", "reviewed_by", "approved_by")
    if user.is_authenticated and user.role not in (Role.MANAGER, Role.ARCHIVE_CLERK) and not user.is_superuser:
        return qs.none()
    return DESTRUCTION_SCOPE.filter(qs, user)


def files_due_for_destruction(today=None):
    """Kept files whose retention has passed and that no destruction is under way for."""
    today = today or timezone.localdate()
    under_way = Destruction.objects.exclude(state=DestructionState.REFUSED).values("file_id")
    return ArchiveFile.objects.filter(state=FileState.OPEN, retain_until__lt=today).exclude(pk__in=under_way)


def visible_files(user):
    """Archive files of the customers the user sees (clerks and company managers: every file)."""
    return ArchiveFile.objects.filter(customer__in=visible_customers(user).values("pk")).select_related("customer")
