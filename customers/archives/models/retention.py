"""Retention and destruction [seed 002 §3.2.8: 客户档案的保管期限为10年,如到期需要销毁,必须经招商部负责人审核,总经理
审批后方可实施,并做好销毁记录]: a file is kept settings.ARCHIVE_RETENTION_YEARS (10) years from its last activity;
after that the clerk proposes its destruction, the department head reviews it, the general manager (another person)
approves it, and the clerk records what was destroyed, when and by whom. Each step is a transition, recorded."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.selectors import is_company_manager
from decocrm.core.workflow import FSMField, StateMachine, TransitionRecord, transition

from .borrowing import is_archive_clerk, is_department_manager
from .file import ArchiveFile


class DestructionState(models.TextChoices):
    AWAITING_REVIEW = "awaiting_review", _("Awaiting the department head's review")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the general manager's approval")
    APPROVED = "approved", _("Approved for destruction")
    DESTROYED = "destroyed", _("Destroyed")
    REFUSED = "refused", _("Refused")


OPEN_DESTRUCTION_STATES = (
    DestructionState.AWAITING_REVIEW,
    DestructionState.AWAITING_APPROVAL,
    DestructionState.APPROVED,
)


def may_review_destruction(user, destruction) -> bool:
    """The head of the file's department; for a file of no department, a company-wide manager (then another one
    approves)."""
    if not user.is_authenticated:
        return False
    if destruction.department_id is None:
        return is_company_manager(user)
    return is_department_manager(user, destruction.department_id)


def may_approve_destruction(user, destruction) -> bool:
    """The general manager, who is not the one who reviewed it."""
    return is_company_manager(user) and user.pk != destruction.reviewed_by_id


def _reviews(destruction, user) -> bool:
    return may_review_destruction(user, destruction)


def _approves(destruction, user) -> bool:
    return may_approve_destruction(user, destruction)


def _refuses(destruction, user) -> bool:
    if destruction.state == DestructionState.AWAITING_REVIEW:
        return may_review_destruction(user, destruction)
    return may_approve_destruction(user, destruction)


def _keeps_files(destruction, user) -> bool:
    return is_archive_clerk(user)


class Destruction(models.Model):
    file = models.ForeignKey(
        ArchiveFile, verbose_name=_("archive file"), on_delete=models.PROTECT, related_name="destructions"
    )
    department = models.ForeignKey(
        "accounts.Team", verbose_name=_("file's department"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    retain_until = models.DateField(_("kept until"))  # the file's, when proposed
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_note = models.CharField(_("approval note"), max_length=300, blank=True)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("destroyed by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)
    what_destroyed = models.TextField(_("what was destroyed"), blank=True)
    method = models.CharField(_("how it was destroyed"), max_length=100, blank=True)
    state = FSMField(
        _("state"), max_length=20, choices=DestructionState.choices, default=DestructionState.AWAITING_REVIEW
    )
    state_changed_at = models.DateTimeField(_("state changed at"))

    machine = StateMachine(
        record="archives.DestructionTransition", link="destruction",
        closed=(DestructionState.DESTROYED, DestructionState.REFUSED),
    )  # fmt: skip

    class Meta:
        verbose_name = _("file destruction")
        verbose_name_plural = _("file destructions")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["file"],
                condition=Q(state__in=["awaiting_review", "awaiting_approval", "approved"]),
                name="archives_one_open_destruction_per_file",
            ),  # fmt: skip
            models.UniqueConstraint(fields=["file"], condition=Q(state="destroyed"), name="archives_destroyed_once"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("reviewed_by")),
                name="archives_destruction_two_people",
            ),
        ]

    def __str__(self):
        return _("Destruction of %(file)s") % {"file": self.file.number}

    @transition(field=state, source=DestructionState.AWAITING_REVIEW, target=DestructionState.AWAITING_APPROVAL,
                permission=_reviews)  # fmt: skip
    def review(self):
        pass

    @transition(field=state, source=DestructionState.AWAITING_APPROVAL, target=DestructionState.APPROVED,
                permission=_approves)  # fmt: skip
    def approve(self):
        pass

    @transition(field=state, source=[DestructionState.AWAITING_REVIEW, DestructionState.AWAITING_APPROVAL],
                target=DestructionState.REFUSED, permission=_refuses)  # fmt: skip
    def refuse(self):
        pass

    @transition(field=state, source=DestructionState.APPROVED, target=DestructionState.DESTROYED,
                permission=_keeps_files)  # fmt: skip
    def record_destruction(self):
        pass


class DestructionTransition(TransitionRecord):
    destruction = models.ForeignKey(Destruction, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=30, choices=DestructionState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=DestructionState.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("destruction state change")
        verbose_name_plural = _("destruction state changes")


class RetainedFile(ArchiveFile):
    """The files seen by their retention (the clerk's "due for destruction" list in the admin site)."""

    class Meta:
        proxy = True
        verbose_name = _("file by retention")
        verbose_name_plural = _("files by retention")
