"""Opening a household's file: by the clerk, or when a handover falls due (a contract signed, a ticket closed)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from decocrm.accounts.selectors import is_manager
from decocrm.core.dates import check_happened
from decocrm.sla.services import clock_hand_over, clock_start, open_clock_for

from ..choices import HANDOVER_STAGE, HandoverKind
from ..clocks import ARCHIVE_AFTERSALES_FILE
from ..models import ArchiveFile, ArchiveNumber
from .checklist import file_checklist_refresh
from .common import kept, require_keeper

FILE_NUMBER_PATTERN = "DA-{year}-{seq:04d}"
PAPER_LOCATION_MAX = 100


def next_file_number(year: int) -> str:
    """The next number of `year`: the year's counter row is locked until the transaction ends, so two openings never
    share a number and an undone opening leaves no gap."""
    ArchiveNumber.objects.get_or_create(year=year)
    counter = ArchiveNumber.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return FILE_NUMBER_PATTERN.format(year=year, seq=counter.last)


def ensure_file(customer, *, at, paper_location="") -> tuple[ArchiveFile, bool]:
    """The customer's file, opened now if it has none (the customer's row is locked first, so two events at once
    open one file)."""
    Customer.objects.select_for_update().filter(pk=customer.pk).exists()
    file = ArchiveFile.objects.filter(customer_id=customer.pk).first()
    if file is not None:
        return file, False
    file = ArchiveFile(
        customer=customer,
        number=next_file_number(timezone.localtime(at).year),
        opened_at=at,
        paper_location=paper_location.strip(),
    )
    file.full_clean()
    file.save()
    return file, True


@transaction.atomic
def archive_file_open(*, customer, by, at=None, paper_location: str = "") -> ArchiveFile:
    """The clerk opens a customer's file by hand (a customer whose papers arrive before any handover fell due)."""
    require_keeper(by)
    at = at or timezone.now()
    check_happened(at, field="opened_at", label=_("Opened at"))
    file, created = ensure_file(customer, at=at, paper_location=paper_location)
    if not created:
        raise ValidationError({"customer": _("%(name)s has a file already: %(number)s.") % {
            "name": customer.name, "number": file.number}})  # fmt: skip
    file_checklist_refresh(file=file, at=at)
    return file


@transaction.atomic
def archive_file_update(*, file, by, paper_location: str) -> ArchiveFile:
    require_keeper(by)
    file = kept(file)
    file.paper_location = paper_location.strip()
    file.full_clean()
    file.save(update_fields=["paper_location"])
    return file


@transaction.atomic
def archive_file_due(*, customer, kind, at=None, by=None, owner=None, team=None, url="") -> ArchiveFile:
    """A handover of `kind` falls due for `customer`: their file is opened if they have none, and the stage's
    documents join its checklist. The sales file's clock is the contract's (contracts starts it on signing); the
    after-sales file's clock starts here, on the file, held by `owner` (the closed ticket's technician, who hands
    the file over) for `team`; one runs at a time per file. `url`: where its holder opens the work (the file's own
    page is the clerks' admin, which a technician cannot open). Called by the hooks contracts and aftersales
    register; never refuses their event."""
    kind = HandoverKind(kind)
    at = at or timezone.now()
    file, _created = ensure_file(customer, at=at)
    if file.is_destroyed:
        return file
    file_checklist_refresh(file=file, at=at, stages=[HANDOVER_STAGE[kind]])
    if kind == HandoverKind.AFTER_SALES and open_clock_for(file, ARCHIVE_AFTERSALES_FILE) is None:
        team = team or (owner.team if owner is not None else None)
        link = {"url": url} if url else {}
        clock_start(kind=ARCHIVE_AFTERSALES_FILE, subject=file, at=at, by=by, owner=owner, team=team, **link)
    return file


@transaction.atomic
def archive_file_due_hand_over(*, file, holder, by, at=None) -> ArchiveFile:
    """A manager gives the after-sales file still owed (its clock's holder leaves) to another member of after-sales
    staff, who hands it to the clerk: the clock follows them from now, its link unchanged."""
    if not is_manager(by):
        raise PermissionDenied(_("Only a manager passes a file handover to someone else."))
    at = at or timezone.now()
    file = kept(file)
    if open_clock_for(file, ARCHIVE_AFTERSALES_FILE) is None:
        raise ValidationError(_("No after-sales file handover is owed for file %(number)s.") % {"number": file.number})
    if holder is None or not holder.is_active:
        raise ValidationError({"holder": _("Choose an active staff member.")})
    clock_hand_over(subject=file, to_owner=holder, at=at, by=by)
    return file
