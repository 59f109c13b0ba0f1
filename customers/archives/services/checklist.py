"""A file's checklist: the documents of the stages its customer reached, each received or missing."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import check_happened
from decocrm.core.storage import delete_on_commit

from ..choices import HANDOVER_STAGE
from ..hooks import stages_reached
from ..models import ArchiveItem, DocumentKind
from ..uploads import SCAN
from .common import ArchiveStateError, kept, require_keeper, settle_clocks


def _stages_of(file, stages) -> set[str]:
    """The stages whose documents the file asks for: those given, those its handovers brought, those already on
    it, and those the later stages say its customer reached (hooks.register_archive_stage)."""
    found = {str(stage) for stage in stages}
    found |= {str(HANDOVER_STAGE[k]) for k in file.handovers.values_list("kind", flat=True) if k in HANDOVER_STAGE}
    found |= set(file.items.values_list("stage", flat=True))
    found |= stages_reached([file.customer_id]).get(file.customer_id, set())
    return found


def file_checklist_refresh(*, file, at, stages=()) -> list[ArchiveItem]:
    """Add to the file, as missing, the active documents of its stages that apply to its customer and it lacks.
    Runs inside the caller's transaction (which holds the file)."""
    wanted = _stages_of(file, stages)
    if not wanted:
        return []
    have = set(file.items.values_list("document_kind_id", flat=True))
    customer = file.customer
    new = [
        ArchiveItem(file=file, document_kind=kind, stage=kind.stage, required=kind.required, added_at=at)
        for kind in DocumentKind.objects.filter(active=True, stage__in=wanted).exclude(pk__in=have)
        if kind.applies_to(customer)
    ]
    for item in new:
        item.full_clean(exclude=["file", "document_kind"], validate_constraints=False)
    return ArchiveItem.objects.bulk_create(new)


@transaction.atomic
def archive_checklist_refresh(*, file, by, at=None) -> list[ArchiveItem]:
    """The clerk brings a file's checklist up to the stages its customer reached."""
    require_keeper(by)
    file = kept(file)
    return file_checklist_refresh(file=file, at=at or timezone.now())


def receive(item, *, by, at) -> ArchiveItem:
    """Mark one document received (the caller holds the file's lock and checked the keeper)."""
    if item.received:
        raise ArchiveStateError(
            _("%(document)s of file %(number)s was received already.")
            % {"document": item.document_kind, "number": item.file.number}
        )
    item.received, item.received_at, item.received_by = True, at, by
    item.full_clean(validate_constraints=False)
    item.save(update_fields=["received", "received_at", "received_by"])
    return item


@transaction.atomic
def item_receive(*, item, by, at=None) -> ArchiveItem:
    """A missing document is received outside a handover (the admin's "mark received"); if it completes its
    stage, that stage's clock stops."""
    require_keeper(by)
    at = at or timezone.now()
    file = kept(item.file)
    check_happened(at, field="received_at", label=_("Received at"), not_before=file.opened_at,
                   since=_("the file was opened"))  # fmt: skip
    item = ArchiveItem.objects.select_related("document_kind").get(pk=item.pk)
    item.file = file
    receive(item, by=by, at=at)
    settle_clocks(file, [item.stage], at=at, by=by)
    return item


@transaction.atomic
def item_check(
    *, item, by, customer_signature_ok: bool, internal_signature_ok: bool, note: str = "", scan=None
) -> ArchiveItem:
    """The clerk's check of a document: its signatures, a note, its scan (screened: allowed types and size)."""
    require_keeper(by)
    file = kept(item.file)
    item = ArchiveItem.objects.select_related("document_kind").get(pk=item.pk)
    item.file = file
    if (scan or customer_signature_ok or internal_signature_ok) and not item.received:
        raise ArchiveStateError(
            _("%(document)s has not been received: record its handover first.") % {"document": item.document_kind}
        )
    fields = ["customer_signature_ok", "internal_signature_ok", "note"]
    item.customer_signature_ok, item.internal_signature_ok = customer_signature_ok, internal_signature_ok
    item.note = note.strip()
    if scan:
        screened = SCAN.screen(scan)
        item.scan_name = (getattr(scan, "name", "") or "")[:200]
        delete_on_commit(item.scan.storage, item.scan.name)  # a new scan replaces the old one, in the store too
        item.scan.save(screened.name, screened, save=False)
        item.scan_generated = False  # the clerk's scan replaces what the software filed
        fields += ["scan", "scan_name", "scan_generated"]
    item.full_clean(validate_constraints=False)
    item.save(update_fields=fields)
    return item
