"""The handover ledger (签收簿) [seed 002 档案管理]: 交接双方在《用户档案签收薄》签字确认, 如资料不齐时需注明."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import check_happened

from ..choices import HANDOVER_STAGE, HandoverKind
from ..models import ArchiveItem, Handover
from ..permissions import can_keep_archives
from .checklist import file_checklist_refresh, receive
from .common import kept, require_keeper, settle_clocks


def _name(user) -> str:
    return (user.get_full_name() or user.get_username())[:100]


@transaction.atomic
def handover_record(
    *, file, kind, handed_by, received_by, at, received_items, missing_note: str = "",
    handed_by_signed: bool = True, received_by_signed: bool = True, note: str = "", by,
) -> Handover:  # fmt: skip
    """Record one handover: the documents received are marked so; what is still missing of the handover's stage
    (every missing document, for a correction) is listed and must be noted; both sign. When none of the stage's
    required documents is missing any more, its clock stops (the sales file's, the after-sales file's)."""
    require_keeper(by)
    kind = HandoverKind(kind)
    file = kept(file)
    check_happened(at, field="at", label=_("Handed over at"), not_before=file.opened_at,
                   since=_("the file was opened"))  # fmt: skip
    if not can_keep_archives(received_by):
        raise ValidationError({"received_by": _("Files are received by the archive clerk.")})
    if handed_by.pk == received_by.pk:
        raise ValidationError({"handed_by": _("A handover is between two people: who handed over and the clerk.")})
    if not (handed_by_signed and received_by_signed):
        raise ValidationError({"handed_by_signed": _("Both sign the ledger: who handed over and the clerk.")})
    stage = HANDOVER_STAGE.get(kind)
    file_checklist_refresh(file=file, at=at, stages=[stage] if stage else [])
    items = list(ArchiveItem.objects.filter(pk__in=[i.pk for i in received_items]).select_related("document_kind"))
    if len(items) != len(received_items) or any(item.file_id != file.pk for item in items):
        raise ValidationError({"received_items": _("Only documents of this file can be received into it.")})
    if not items:
        raise ValidationError({"received_items": _("Say which documents were handed over.")})
    for item in items:
        item.file = file
        receive(item, by=by, at=at)
    still_missing = file.items.filter(received=False)
    if stage:
        still_missing = still_missing.filter(stage=stage)
    still_missing = list(still_missing)
    missing_note = missing_note.strip()
    if any(item.required for item in still_missing) and not missing_note:
        raise ValidationError({"missing_note": _("Documents are missing: note what is missing.")})
    handover = Handover(
        file=file, kind=kind, handed_by=handed_by, received_by=received_by, at=at, missing_note=missing_note,
        handed_by_signed=True, handed_by_name=_name(handed_by), received_by_signed=True,
        received_by_name=_name(received_by), note=note.strip(), recorded_by=by, recorded_at=timezone.now(),
    )  # fmt: skip
    handover.full_clean()
    handover.save()
    handover.received_items.set(items)
    handover.missing_items.set(still_missing)
    stages = [stage] if stage else sorted({item.stage for item in items})
    settle_clocks(file, stages, at=at, by=by)
    return handover
