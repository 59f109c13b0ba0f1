"""A defect found in a file (a missing signature, a wrong copy): corrected within one working day, or it counts as
another violation [seed 002 档案管理 10]."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.selectors import is_manager
from decocrm.core.dates import check_happened
from decocrm.sla.services import clock_hand_over, clock_start, clock_stop

from ..clocks import ARCHIVE_DEFECT_FIX
from ..models import FileDefect
from .common import ArchiveStateError, kept, require_keeper


@transaction.atomic
def defect_record(*, file, what: str, by, at=None, item=None, responsible=None) -> FileDefect:
    require_keeper(by)
    at = at or timezone.now()
    file = kept(file)
    check_happened(at, field="found_at", label=_("Found at"), not_before=file.opened_at,
                   since=_("the file was opened"))  # fmt: skip
    if not what.strip():
        raise ValidationError({"what": _("Say what is wrong with the file.")})
    if item is not None and item.file_id != file.pk:
        raise ValidationError({"item": _("The document must be one of this file's.")})
    defect = FileDefect(file=file, item=item, what=what.strip(), responsible=responsible, found_by=by, found_at=at)
    defect.full_clean()
    defect.save()
    clock_start(kind=ARCHIVE_DEFECT_FIX, subject=defect, at=at, by=by)
    return defect


@transaction.atomic
def defect_correct(*, defect, by, correction: str = "", at=None) -> FileDefect:
    require_keeper(by)
    at = at or timezone.now()
    defect = FileDefect.objects.select_for_update().get(pk=defect.pk)
    kept(defect.file)
    if defect.is_corrected:
        raise ArchiveStateError(_("This defect was corrected already."))
    check_happened(at, field="corrected_at", label=_("Corrected at"), not_before=defect.found_at,
                   since=_("the defect was found"))  # fmt: skip
    defect.corrected_at, defect.corrected_by, defect.correction = at, by, correction.strip()
    defect.full_clean()
    defect.save(update_fields=["corrected_at", "corrected_by", "correction"])
    clock_stop(kind=ARCHIVE_DEFECT_FIX, subject=defect, at=at, by=by)
    return defect


@transaction.atomic
def defect_hand_over(*, defect, responsible, by, at=None) -> FileDefect:
    """A manager passes an uncorrected defect to another person to correct (its responsible person leaves): the
    correction clock follows them from now (decocrm.sla clock_hand_over)."""
    if not is_manager(by):
        raise PermissionDenied(_("Only a manager passes a defect to someone else to correct."))
    at = at or timezone.now()
    defect = FileDefect.objects.select_for_update().get(pk=defect.pk)
    kept(defect.file)
    if defect.is_corrected:
        raise ArchiveStateError(_("This defect was corrected already."))
    if responsible is None or not responsible.is_active:
        raise ValidationError({"responsible": _("Choose an active staff member.")})
    defect.responsible = responsible
    defect.full_clean()
    defect.save(update_fields=["responsible"])
    clock_hand_over(subject=defect, to_owner=responsible, at=at, by=by)
    return defect
