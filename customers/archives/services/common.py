"""What every archive service checks first: the user keeps archives, the file is still kept."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from decocrm.core.errors import DomainError
from decocrm.sla.choices import OPEN_STATES
from decocrm.sla.models import Clock
from decocrm.sla.services import clock_stop

from ..clocks import STAGE_CLOCKS
from ..models import ArchiveFile
from ..permissions import can_keep_archives
from ..selectors import stage_missing


class ArchiveStateError(DomainError):
    pass


def require_keeper(user) -> None:
    if not can_keep_archives(user):
        raise PermissionDenied(_("Only the archive clerk keeps the files."))


def kept(file) -> ArchiveFile:
    """The file, locked for the rest of the transaction, refused once destroyed."""
    file = ArchiveFile.objects.select_for_update().select_related("customer").get(pk=file.pk)
    if file.is_destroyed:
        raise ArchiveStateError(
            _("File %(number)s was destroyed: nothing more is recorded in it.") % {"number": file.number}
        )
    return file


def settle_clocks(file, stages, *, at, by) -> list:
    """Stop the open clocks owed under each of `stages` (the sales file's, the after-sales file's) once none of the
    stage's required documents is missing. A clock's subject is the object that started it (the contract, the
    ticket, or the file): found by the customer, stopped through its subject, without importing its app."""
    stopped = []
    for stage in stages:
        kind = STAGE_CLOCKS.get(stage)
        if kind is None or stage_missing(file, stage):
            continue
        clocks = Clock.objects.filter(kind=kind, customer_id=file.customer_id, state__in=OPEN_STATES)
        for clock in clocks.select_related("content_type").order_by("pk"):
            stopped.append(clock_stop(kind=kind, subject=clock.subject, at=max(at, clock.started_at), by=by))
    return [clock for clock in stopped if clock is not None]
