"""Documents the software produces itself, filed on a household's file where the clerk looks for them: on the item
of the document kind the company marked with the document (DocumentKind.system_document), as that item's file,
marked generated (ArchiveItem.scan_generated) so that nobody takes it for a scan of the signed paper. Called by the
later stages' tasks (projects.tasks.render_acceptance_report_pdf) after their event committed."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..choices import FileState
from ..models import ArchiveItem
from .checklist import file_checklist_refresh
from .files import ensure_file


def system_document_item(*, customer, document, name: str):
    """The item holding the file the software filed as `name` for `customer` (None until it is filed)."""
    return (
        ArchiveItem.objects.filter(
            file__customer=customer, document_kind__system_document=document, scan_generated=True, scan_name=name
        )
        .exclude(scan="")
        .first()
    )


def system_document_wanted(*, customer, document) -> bool:
    """Whether filing would store anything: the customer's file (if any) is kept and its item for the document
    holds no file yet. Read before rendering, so that a repeated task renders nothing."""
    items = ArchiveItem.objects.filter(file__customer=customer, document_kind__system_document=document)
    return not items.exclude(scan="").exists() and not items.filter(file__state=FileState.DESTROYED).exists()


@transaction.atomic
def archive_system_document_file(*, customer, document, name: str, content: bytes, at=None):
    """File `content` (a document the software produced; `document` one registered with
    hooks.register_system_document) on the customer's file under `name`. The file is opened if the customer has none
    and its checklist brought up to the stages reached; the item of the kind marked with `document` gets the content
    through the default storage (S3 when configured). Once: an item that holds a file already (filed before, or the
    clerk's own scan) keeps it. Returns the item, or None when the file was destroyed or no active kind is marked
    with `document`."""
    at = at or timezone.now()
    file, _created = ensure_file(customer, at=at)
    if file.is_destroyed:
        return None
    file_checklist_refresh(file=file, at=at)
    item = ArchiveItem.objects.select_for_update().filter(file=file, document_kind__system_document=document).first()
    if item is None or item.scan:
        return item
    item.scan.save(name, ContentFile(content, name=name), save=False)
    item.scan_name, item.scan_generated = name[:200], True
    try:
        item.full_clean(validate_constraints=False)
        item.save(update_fields=["scan", "scan_name", "scan_generated"])
    except Exception:
        item.scan.storage.delete(item.scan.name)  # no row names it: never left behind in the store
        raise
    return item
