"""Borrowing and viewing a file [seed 002 §1.5]: the request (its approval level fixed from the file's department),
the approval or refusal, withdrawal, the clerk's hand-out and the return, and the daily overdue notices. Each step
checks the state (the machine) and who acts, and ends with full_clean() and save()."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.selectors import team_managers
from decocrm.core.dates import check_happened
from decocrm.core.errors import DomainError
from decocrm.core.workflow import TransitionRefused
from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice, register_notice_text

from ..choices import FileState
from ..models import ArchiveFile, BorrowRequest
from ..models.borrowing import (
    ApprovalLevel,
    BorrowKind,
    BorrowState,
    is_archive_clerk,
    may_approve_borrowing,
    may_withdraw_borrowing,
)
from ..selectors.borrowing import borrowable_files

MAX_DAYS_OUT = 90  # a due date further ahead is a slip of the keyboard; a long loan is renewed by a new request

REQUESTED_NOTICE = "archive_borrow_requested"
DECIDED_NOTICE = "archive_borrow_decided"
OVERDUE_NOTICE = "archive_borrow_overdue"


class BorrowingError(DomainError):
    pass


def register_borrowing_notice_texts():
    register_notice_text(
        REQUESTED_NOTICE,
        title=gettext_lazy("Borrowing %(number)s awaits your approval: file %(file)s"),
        body=gettext_lazy("%(borrower)s asks to %(kind)s it: %(purpose)s"),
        labels={"kind": lambda code: str(dict(BorrowKind.choices).get(code, code)).lower()},
    )
    register_notice_text(
        DECIDED_NOTICE,
        title=gettext_lazy("Borrowing %(number)s: %(decision)s"),
        body=gettext_lazy("File %(file)s. %(note)s"),
        labels={"decision": lambda code: str(dict(BorrowState.choices).get(code, code))},
    )
    register_notice_text(
        OVERDUE_NOTICE,
        title=gettext_lazy("File %(file)s is overdue: it was due back on %(due_back)s"),
        body=gettext_lazy("Borrowing %(number)s, borrowed by %(borrower)s."),
    )


def _lock(request) -> BorrowRequest:
    return (
        BorrowRequest.objects.select_for_update(of=("self",))
        .select_related("file", "borrower", "department")
        .get(pk=request.pk)
    )


def _fire(request, name, *, by, at, note=""):
    """Fire the transition; from a wrong state the machine's readable refusal, from the right one only for a user
    the machine lets fire it."""
    try:
        if BorrowRequest.machine.allows(request, name) and not BorrowRequest.machine.may(request, name, by):
            raise BorrowingError(_("You may not do this with this borrowing request."))
        BorrowRequest.machine.fire(request, name, by=by, at=at, note=note)
    except TransitionRefused as refused:
        raise BorrowingError(refused.message) from None


def _kept(file):
    if file.state != FileState.OPEN:
        message = _("File %(number)s is destroyed: it cannot be viewed or borrowed.")
        raise BorrowingError(message % {"number": file.number})


def file_department_id(file) -> int | None:
    """The file's department: the team of the customer's owner (none for a customer in the pool)."""
    owner = file.customer.owner
    return owner.team_id if owner is not None else None


def department_approvers(team_id, *, excluding) -> list[int]:
    """The team's managers who are not company-wide (team_managers), the borrower left out."""
    if team_id is None:
        return []
    managers = team_managers([team_id]).filter(role=Role.MANAGER, company_wide=False).exclude(pk=excluding.pk)
    return list(managers.values_list("pk", flat=True))


def general_managers(*, excluding) -> list[int]:
    qs = User.objects.filter(is_active=True, role=Role.MANAGER, company_wide=True).exclude(pk=excluding.pk)
    return list(qs.values_list("pk", flat=True))


def approval_for(file, borrower) -> tuple[int | None, str, list[int]]:
    """(department, approval level, who is told). Files of the borrower's own department: its manager; another
    department's or none: the general manager. A department with no manager but the borrower (a manager asking
    for their own team's file) goes to the general manager: nobody approves their own request."""
    department = file_department_id(file)
    if department is not None and department == borrower.team_id:
        approvers = department_approvers(department, excluding=borrower)
        if approvers:
            return department, ApprovalLevel.DEPARTMENT_MANAGER, approvers
    return department, ApprovalLevel.GENERAL_MANAGER, general_managers(excluding=borrower)


def _check_due_back(due_back, *, today):
    if due_back is None:
        raise ValidationError({"due_back": _("Say by when the file comes back.")})
    if due_back < today:
        raise ValidationError({"due_back": _("The due date cannot be in the past.")})
    if due_back > today + timedelta(days=MAX_DAYS_OUT):
        raise ValidationError({"due_back": _("A file is lent for at most %(days)d days.") % {"days": MAX_DAYS_OUT}})


def _notify(recipients, request, code, key, **params):
    text = notice(code, number=request.number, file=request.file.number, **params)
    notification_create_many(
        notifications=[
            {
                **text,
                "recipient_id": pk,
                "kind": NotificationKind.GENERAL,
                "url": request.get_absolute_url(),
                "dedupe_key": f"{key}:{request.pk}:{pk}",
            }  # fmt: skip
            for pk in recipients
        ]
    )


@transaction.atomic
def borrow_request_create(*, file, borrower, kind, purpose, due_back, at=None) -> BorrowRequest:
    """Ask to view or borrow a file of a customer the borrower sees; its approver is told."""
    at = at or timezone.now()
    file = ArchiveFile.objects.select_for_update(of=("self",)).select_related("customer__owner").get(pk=file.pk)
    _kept(file)
    if not borrowable_files(borrower).filter(pk=file.pk).exists():
        raise BorrowingError(_("You may only ask for the files of customers you can see."))
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": _("Say what the file is needed for.")})
    if kind not in BorrowKind.values:
        raise ValidationError({"kind": _("Choose viewing or borrowing.")})
    _check_due_back(due_back, today=timezone.localdate(at))
    open_states = [BorrowState.REQUESTED, BorrowState.APPROVED, BorrowState.OUT]
    if BorrowRequest.objects.filter(file=file, borrower=borrower, state__in=open_states).exists():
        raise BorrowingError(_("You already have an open request for this file."))
    department, level, approvers = approval_for(file, borrower)
    request = BorrowRequest(
        file=file, borrower=borrower, department_id=department, kind=kind, purpose=purpose, requested_at=at,
        due_back=due_back, approval_level=level, state_changed_at=at,
    )  # fmt: skip
    request.full_clean()
    request.save()
    BorrowRequest.machine.record_start(request, by=borrower, at=at, note=purpose)
    _notify(approvers, request, REQUESTED_NOTICE, "archive-borrow-requested", borrower=borrower.display_name,
            kind=kind, purpose=purpose[:200])  # fmt: skip
    return request


@transaction.atomic
def borrow_request_decide(*, request, by, approve: bool, note="", at=None) -> BorrowRequest:
    """The approver's decision (approve or refuse, with a note); the borrower and the clerks are told."""
    at = at or timezone.now()
    request = _lock(request)
    if request.state == BorrowState.REQUESTED and not may_approve_borrowing(by, request):
        if by.pk == request.borrower_id:
            raise BorrowingError(_("Nobody approves their own borrowing request."))
        raise BorrowingError(
            _("This request needs the approval of %(who)s.") % {"who": request.get_approval_level_display()}
        )
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Say why the request is refused.")})
    if approve:
        _kept(request.file)
    check_happened(at, field="at", not_before=request.requested_at, since=_("the request was made"))
    _fire(request, "approve" if approve else "refuse", by=by, at=at, note=note)
    request.decided_by, request.decided_at, request.decision_note = by, at, note[:300]
    request.full_clean()
    request.save()
    told = [request.borrower_id]
    if approve:
        told += list(User.objects.filter(is_active=True, role=Role.ARCHIVE_CLERK).values_list("pk", flat=True))
    _notify(told, request, DECIDED_NOTICE, "archive-borrow-decided", decision=request.state, note=note[:200])
    return request


@transaction.atomic
def borrow_request_withdraw(*, request, by, note="", at=None) -> BorrowRequest:
    at = at or timezone.now()
    request = _lock(request)
    if request.state in (BorrowState.REQUESTED, BorrowState.APPROVED) and not may_withdraw_borrowing(by, request):
        raise BorrowingError(_("Only the borrower or an archive clerk may withdraw the request."))
    _fire(request, "withdraw", by=by, at=at, note=note)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def borrow_request_hand_out(*, request, by, due_back=None, at=None, note="") -> BorrowRequest:
    """The clerk hands the approved file out (the due date may be set anew: the request may have waited)."""
    at = at or timezone.now()
    request = _lock(request)
    if request.state == BorrowState.APPROVED and not is_archive_clerk(by):
        raise BorrowingError(_("Only an archive clerk hands files out."))
    if request.state == BorrowState.APPROVED:
        _kept(request.file)
        check_happened(at, field="at", not_before=request.decided_at, since=_("the request was approved"))
        if due_back is not None:
            _check_due_back(due_back, today=timezone.localdate(at))
            request.due_back = due_back
        elif request.due_back < timezone.localdate(at):
            raise ValidationError({"due_back": _("The requested due date has passed: set a new one.")})
        out = BorrowRequest.objects.filter(file_id=request.file_id, state=BorrowState.OUT).select_related("borrower")
        if holder := out.first():
            raise BorrowingError(
                _("File %(file)s is out with %(name)s (%(number)s): record its return first.")
                % {"file": request.file.number, "name": holder.borrower.display_name, "number": holder.number}
            )
    _fire(request, "hand_out", by=by, at=at, note=note)
    request.out_at, request.handed_out_by = at, by
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def borrow_request_record_return(*, request, by, at=None, note="") -> BorrowRequest:
    """The clerk receives the file back."""
    at = at or timezone.now()
    request = _lock(request)
    if request.state == BorrowState.OUT and not is_archive_clerk(by):
        raise BorrowingError(_("Only an archive clerk records a return."))
    if request.state == BorrowState.OUT:
        check_happened(at, field="at", not_before=request.out_at, since=_("the file was handed out"))
    _fire(request, "record_return", by=by, at=at, note=note)
    request.returned_at, request.received_by = at, by
    request.full_clean()
    request.save()
    return request


def notify_overdue_borrowings(*, today=None) -> int:
    """Every file out past its due date: its borrower and the clerk who handed it out (every active clerk, when that
    one is gone) are told once per borrowing — the dedupe key makes a repeated or late run send nothing twice.
    Computed from state: a run after downtime catches up. Returns the notices stored."""
    today = today or timezone.localdate()
    overdue = BorrowRequest.objects.filter(state=BorrowState.OUT, due_back__lt=today)
    overdue = list(overdue.select_related("file", "borrower", "handed_out_by"))
    if not overdue:
        return 0
    clerks = list(User.objects.filter(is_active=True, role=Role.ARCHIVE_CLERK).values_list("pk", flat=True))
    items = []
    for request in overdue:
        text = notice(OVERDUE_NOTICE, number=request.number, file=request.file.number,
                      due_back=request.due_back.isoformat(), borrower=request.borrower.display_name)  # fmt: skip
        keeper = request.handed_out_by
        recipients = {*([request.borrower_id] if request.borrower.is_active else []),
                      *([keeper.pk] if keeper and keeper.is_active else clerks)}  # fmt: skip
        items += [
            {
                **text,
                "recipient_id": pk,
                "kind": NotificationKind.GENERAL,
                "url": request.get_absolute_url(),
                "dedupe_key": f"archive-borrow-overdue:{request.pk}:{pk}",
            }  # fmt: skip
            for pk in sorted(recipients)
        ]
    return notification_create_many(notifications=items)
