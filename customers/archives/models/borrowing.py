"""Borrowing and viewing a household's file [seed 002 §1.5 客户档案查阅]: a file of the borrower's own department is
seen with that department manager's approval, another department's (or a file of no department) with the general
manager's. The clerk hands the approved file out and records its return; every step is a transition, recorded.

Who may fire which transition is said here, on the request's own fields (the department and the approval level
fixed when it was made), so that the state machine, the services, the pages and the admin ask the same rule."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_company_manager, managed_team_ids
from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition


class BorrowKind(models.TextChoices):
    VIEW = "view", _("View in the archive room")
    BORROW = "borrow", _("Borrow (take out)")


class BorrowState(models.TextChoices):
    """requested → approved → out (handed out by the clerk) → returned; a request may be refused by its approver or
    withdrawn by its borrower (or the clerk) before the file is handed out."""

    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved, to be collected")
    OUT = "out", _("Out")
    RETURNED = "returned", _("Returned")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_BORROW_STATES = (BorrowState.REQUESTED, BorrowState.APPROVED, BorrowState.OUT)
CLOSED_BORROW_STATES = (BorrowState.RETURNED, BorrowState.REFUSED, BorrowState.WITHDRAWN)


class ApprovalLevel(models.TextChoices):
    DEPARTMENT_MANAGER = "department_manager", _("The department's manager")
    GENERAL_MANAGER = "general_manager", _("The general manager")


def is_archive_clerk(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.ARCHIVE_CLERK)


def is_department_manager(user, team_id) -> bool:
    """A manager of this team who is not a company-wide manager (that one is the general management)."""
    return (
        team_id is not None
        and user.is_authenticated
        and user.is_active
        and not is_company_manager(user)
        and user.role == Role.MANAGER
        and team_id in managed_team_ids(user)
    )


def may_approve_borrowing(user, request) -> bool:
    """The approver the request needs, and never its borrower."""
    if not user.is_authenticated or user.pk == request.borrower_id:
        return False
    if request.approval_level == ApprovalLevel.GENERAL_MANAGER:
        return is_company_manager(user)
    return is_department_manager(user, request.department_id)


def may_withdraw_borrowing(user, request) -> bool:
    return user.is_authenticated and (user.pk == request.borrower_id or is_archive_clerk(user))


def _approves(request, user) -> bool:
    return may_approve_borrowing(user, request)


def _withdraws(request, user) -> bool:
    return may_withdraw_borrowing(user, request)


def _keeps_files(request, user) -> bool:
    return is_archive_clerk(user)


class BorrowRequest(models.Model):
    file = models.ForeignKey(
        "archives.ArchiveFile", verbose_name=_("archive file"), on_delete=models.PROTECT,
        related_name="borrow_requests",
    )  # fmt: skip
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="+"
    )
    # The file's department when the request was made (the team of the customer's owner): whose manager approves.
    department = models.ForeignKey(
        "accounts.Team", verbose_name=_("file's department"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=BorrowKind.choices, default=BorrowKind.VIEW)
    purpose = models.CharField(_("purpose"), max_length=300)
    requested_at = models.DateTimeField(_("requested at"))
    due_back = models.DateField(_("due back"))
    approval_level = models.CharField(_("approval by"), max_length=20, choices=ApprovalLevel.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved or refused by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("approved or refused at"), null=True, blank=True)
    decision_note = models.CharField(_("approver's note"), max_length=300, blank=True)
    out_at = models.DateTimeField(_("handed out at"), null=True, blank=True)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handed out by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("return received by"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    state = FSMField(_("state"), max_length=20, choices=BorrowState.choices, default=BorrowState.REQUESTED)
    state_changed_at = models.DateTimeField(_("state changed at"))

    machine = StateMachine(record="archives.BorrowTransition", link="request", closed=CLOSED_BORROW_STATES)

    class Meta:
        verbose_name = _("borrowing request")
        verbose_name_plural = _("borrowing requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # A paper file is in one pair of hands at a time.
            models.UniqueConstraint(fields=["file"], condition=Q(state="out"), name="archives_file_out_once"),
            # One open request per person and file: a second click does not queue a second approval.
            models.UniqueConstraint(
                fields=["file", "borrower"],
                condition=Q(state__in=["requested", "approved", "out"]),
                name="archives_one_open_request_per_borrower",
            ),  # fmt: skip
        ]
        indexes = [
            models.Index(fields=["state", "due_back"], name="archives_borrow_state_due"),
            models.Index(fields=["borrower", "-requested_at"], name="archives_borrow_borrower"),
            models.Index(fields=["department", "state"], name="archives_borrow_department"),
        ]

    def __str__(self):
        return _("Borrowing %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return reverse("archives:borrow_detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"JY{self.pk:06d}" if self.pk else ""

    @property
    def is_overdue(self) -> bool:
        return self.state == BorrowState.OUT and self.due_back < timezone.localdate()

    @transition(field=state, source=BorrowState.REQUESTED, target=BorrowState.APPROVED, permission=_approves)
    def approve(self):
        pass

    @transition(field=state, source=BorrowState.REQUESTED, target=BorrowState.REFUSED, permission=_approves)
    def refuse(self):
        pass

    @transition(field=state, source=[BorrowState.REQUESTED, BorrowState.APPROVED], target=BorrowState.WITHDRAWN,
                permission=_withdraws)  # fmt: skip
    def withdraw(self):
        pass

    @transition(field=state, source=BorrowState.APPROVED, target=BorrowState.OUT, permission=_keeps_files)
    def hand_out(self):
        pass

    @transition(field=state, source=BorrowState.OUT, target=BorrowState.RETURNED, permission=_keeps_files)
    def record_return(self):
        pass


class BorrowTransition(TransitionRecord):
    request = models.ForeignKey(BorrowRequest, on_delete=models.CASCADE, related_name="transitions", db_index=False)
    from_state = models.CharField(_("from"), max_length=30, choices=BorrowState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=BorrowState.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("borrowing state change")
        verbose_name_plural = _("borrowing state changes")
        indexes = [models.Index(fields=["request", "at"], name="archives_borrow_transition_at")]
