"""Retention and destruction [seed 002 §3.2.8]: a file is kept ARCHIVE_RETENTION_YEARS (10) years from its last
activity, then destroyed only after its department head's review and the general manager's approval (two people),
and the destruction is recorded: what, when, by whom. Each step checks the state (the machine) and who acts.

The file's last activity is the latest of its opening and every date the apps that add to a file report: an app
that puts a document into a file (the handover ledger) calls `archive_file_note_activity(file=…, at=…)` in the
same transaction, or registers a source with `register_file_activity_source(source)` (source(file) → the latest
datetime it knows of, or None) that `archive_file_refresh_retention` asks. Borrowing and viewing are not activity:
reading a file adds nothing to it."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.dates import check_happened
from decocrm.core.errors import DomainError
from decocrm.core.workflow import TransitionRefused
from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice, register_notice_text

from ..choices import FileState
from ..models import ArchiveFile, BorrowRequest, Destruction
from ..models.borrowing import OPEN_BORROW_STATES, is_archive_clerk
from ..models.retention import DestructionState, may_approve_destruction, may_review_destruction
from .borrowing import department_approvers, file_department_id, general_managers

DEFAULT_RETENTION_YEARS = 10
DESTRUCTION_NOTICE = "archive_destruction_step"

_activity_sources: list = []


class RetentionError(DomainError):
    pass


def register_destruction_notice_texts():
    register_notice_text(
        DESTRUCTION_NOTICE,
        title=gettext_lazy("File %(file)s: destruction %(state)s"),
        body=gettext_lazy("Kept until %(retain_until)s. %(note)s"),
        labels={"state": lambda code: str(dict(DestructionState.choices).get(code, code)).lower()},
    )


def register_file_activity_source(source) -> None:
    if source not in _activity_sources:
        _activity_sources.append(source)


def retention_years() -> int:
    return int(getattr(settings, "ARCHIVE_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def retain_until_for(moment) -> date:
    """The last day a file whose last activity was at `moment` is kept (29 February keeps to the 28th)."""
    day = timezone.localtime(moment).date() if hasattr(moment, "hour") else moment
    years = retention_years()
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_activity(file):
    moments = [file.opened_at, *(source(file) for source in _activity_sources)]
    return max(moment for moment in moments if moment is not None)


@transaction.atomic
def archive_file_refresh_retention(*, file) -> ArchiveFile:
    """retain_until from the file's last activity (its opening at least)."""
    file = ArchiveFile.objects.select_for_update().get(pk=file.pk)
    if file.state != FileState.OPEN:
        return file
    file.retain_until = retain_until_for(last_activity(file))
    file.full_clean()
    file.save(update_fields=["retain_until"])
    return file


@transaction.atomic
def archive_file_note_activity(*, file, at) -> ArchiveFile:
    """Something was added to the file at `at`: it is kept ten years from then (never less than before)."""
    file = ArchiveFile.objects.select_for_update().get(pk=file.pk)
    if file.state != FileState.OPEN:
        raise RetentionError(_("File %(number)s is destroyed.") % {"number": file.number})
    until = retain_until_for(max(at, file.opened_at))
    if file.retain_until is None or until > file.retain_until:
        file.retain_until = until
        file.full_clean()
        file.save(update_fields=["retain_until"])
    return file


def fill_missing_retention(*, batch=500) -> int:
    """Files that have no retain_until yet get it (the beat task; idempotent: a file that has one is left)."""
    done = 0
    for file in ArchiveFile.objects.filter(retain_until__isnull=True, state=FileState.OPEN)[:batch]:
        archive_file_refresh_retention(file=file)
        done += 1
    return done


def _fire(destruction, name, *, by, at, note=""):
    try:
        if Destruction.machine.allows(destruction, name) and not Destruction.machine.may(destruction, name, by):
            raise RetentionError(_("You may not take this step of the destruction."))
        Destruction.machine.fire(destruction, name, by=by, at=at, note=note)
    except TransitionRefused as refused:
        raise RetentionError(refused.message) from None


def _lock(destruction) -> Destruction:
    return Destruction.objects.select_for_update(of=("self",)).select_related("file").get(pk=destruction.pk)


def _check_due(file, at):
    if file.state != FileState.OPEN:
        raise RetentionError(_("File %(number)s is already destroyed.") % {"number": file.number})
    today = timezone.localdate(at)
    if file.retain_until is None or file.retain_until >= today:
        raise RetentionError(
            _("File %(number)s is kept until %(date)s: it may not be destroyed before.")
            % {"number": file.number, "date": file.retain_until.isoformat() if file.retain_until else "—"}
        )
    if BorrowRequest.objects.filter(file=file, state__in=OPEN_BORROW_STATES).exists():
        raise RetentionError(
            _("File %(number)s has open borrowing requests: settle them first.") % {"number": file.number}
        )


def _tell(recipients, destruction, note=""):
    text = notice(DESTRUCTION_NOTICE, file=destruction.file.number, state=destruction.state,
                  retain_until=destruction.retain_until.isoformat(), note=note[:200])  # fmt: skip
    notification_create_many(
        notifications=[
            {
                **text,
                "recipient_id": pk,
                "kind": NotificationKind.GENERAL,
                "url": reverse("admin:archives_destruction_change", args=[destruction.pk]),
                "dedupe_key": f"archive-destruction:{destruction.pk}:{destruction.state}:{pk}",
            }  # fmt: skip
            for pk in recipients
        ]
    )


@transaction.atomic
def destruction_propose(*, file, by, note="", at=None) -> Destruction:
    """The clerk proposes destroying a file whose retention has passed; its department head is asked to review."""
    at = at or timezone.now()
    if not is_archive_clerk(by):
        raise RetentionError(_("Only an archive clerk proposes a destruction."))
    file = ArchiveFile.objects.select_for_update(of=("self",)).select_related("customer__owner").get(pk=file.pk)
    _check_due(file, at)
    open_states = [s.value for s in DestructionState if s not in (DestructionState.REFUSED,)]
    if Destruction.objects.filter(file=file, state__in=open_states).exists():
        raise RetentionError(_("A destruction of file %(number)s is already under way.") % {"number": file.number})
    destruction = Destruction(file=file, department_id=file_department_id(file), proposed_by=by, proposed_at=at,
                              retain_until=file.retain_until, state_changed_at=at)  # fmt: skip
    destruction.full_clean()
    destruction.save()
    Destruction.machine.record_start(destruction, by=by, at=at, note=note)
    reviewers = (
        department_approvers(destruction.department_id, excluding=by)
        if destruction.department_id
        else general_managers(excluding=by)
    )
    _tell(reviewers, destruction, note)
    return destruction


@transaction.atomic
def destruction_review(*, destruction, by, approve: bool, note="", at=None) -> Destruction:
    """The department head's review: agreed (to the general manager) or refused (with a reason)."""
    at = at or timezone.now()
    destruction = _lock(destruction)
    if destruction.state == DestructionState.AWAITING_REVIEW and not may_review_destruction(by, destruction):
        raise RetentionError(_("Only the head of the file's department reviews its destruction."))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Say why the destruction is refused.")})
    check_happened(at, field="at", not_before=destruction.proposed_at, since=_("the destruction was proposed"))
    _fire(destruction, "review" if approve else "refuse", by=by, at=at, note=note)
    destruction.reviewed_by, destruction.reviewed_at, destruction.review_note = by, at, note[:300]
    destruction.full_clean()
    destruction.save()
    _tell(general_managers(excluding=by) if approve else [destruction.proposed_by_id], destruction, note)
    return destruction


@transaction.atomic
def destruction_approve(*, destruction, by, approve: bool, note="", at=None) -> Destruction:
    """The general manager's approval (someone other than the reviewer), or refusal."""
    at = at or timezone.now()
    destruction = _lock(destruction)
    if destruction.state == DestructionState.AWAITING_APPROVAL and not may_approve_destruction(by, destruction):
        if by.pk == destruction.reviewed_by_id:
            raise RetentionError(_("The one who reviewed the destruction does not approve it too."))
        raise RetentionError(_("Only the general manager approves a destruction."))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": _("Say why the destruction is refused.")})
    check_happened(at, field="at", not_before=destruction.reviewed_at, since=_("the destruction was reviewed"))
    _fire(destruction, "approve" if approve else "refuse", by=by, at=at, note=note)
    destruction.approved_by, destruction.approved_at, destruction.approval_note = by, at, note[:300]
    if not approve:
        destruction.approved_by = None  # a refusal is recorded on the transition, not as an approval
    destruction.full_clean()
    destruction.save()
    _tell([destruction.proposed_by_id], destruction, note)
    return destruction


@transaction.atomic
def destruction_record(*, destruction, by, what_destroyed, method="", at=None) -> Destruction:
    """The clerk records the approved destruction (what, how, when, by whom); the file becomes destroyed."""
    at = at or timezone.now()
    destruction = _lock(destruction)
    if destruction.state == DestructionState.APPROVED and not is_archive_clerk(by):
        raise RetentionError(_("Only an archive clerk records a destruction."))
    what_destroyed = (what_destroyed or "").strip()
    file = ArchiveFile.objects.select_for_update().get(pk=destruction.file_id)
    if destruction.state == DestructionState.APPROVED:
        if not what_destroyed:
            raise ValidationError({"what_destroyed": _("Say what was destroyed.")})
        check_happened(at, field="at", not_before=destruction.approved_at, since=_("the destruction was approved"))
        _check_due(file, at)
    _fire(destruction, "record_destruction", by=by, at=at, note=what_destroyed[:500])
    destruction.destroyed_by, destruction.destroyed_at = by, at
    destruction.what_destroyed, destruction.method = what_destroyed, (method or "").strip()[:100]
    destruction.full_clean()
    destruction.save()
    file.state = FileState.DESTROYED
    file.full_clean()
    file.save(update_fields=["state"])
    return destruction
