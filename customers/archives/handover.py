"""What a leaving staff member owes the archive (decocrm/accounts/handover.py):
- the after-sales files they still have to hand to the clerk (the ARCHIVE_AFTERSALES_FILE clock a closed ticket
  started, held by its technician), through archive_file_due_hand_over: the clock follows the receiver;
- the file defects they are to correct, through defect_hand_over: the correction clock follows the receiver."""

from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.handover import register_staff_handover
from decocrm.sla.choices import OPEN_STATES
from decocrm.sla.selectors import clocks_of_model

from .clocks import ARCHIVE_AFTERSALES_FILE
from .models import ArchiveFile, FileDefect
from .services.defects import defect_hand_over
from .services.files import archive_file_due_hand_over


def _files_owed(user):
    clocks = clocks_of_model(ArchiveFile).filter(kind=ARCHIVE_AFTERSALES_FILE, owner=user, state__in=OPEN_STATES)
    return ArchiveFile.objects.filter(pk__in=clocks.values("object_id"))


def owed_file_count(user) -> int:
    return _files_owed(user).count()


def hand_over_owed_files(*, from_user, to_user, by, at) -> int:
    files = list(_files_owed(from_user).order_by("pk"))
    for file in files:
        archive_file_due_hand_over(file=file, holder=to_user, by=by, at=at)
    return len(files)


def _defects(user):
    return FileDefect.objects.filter(responsible=user, corrected_at__isnull=True)


def open_defect_count(user) -> int:
    return _defects(user).count()


def hand_over_defects(*, from_user, to_user, by, at) -> int:
    defects = list(_defects(from_user).order_by("pk"))
    for defect in defects:
        defect_hand_over(defect=defect, responsible=to_user, by=by, at=at)
    return len(defects)


def register() -> None:
    register_staff_handover(
        "archive_files", _("After-sales files owed to the archive"), count=owed_file_count,
        hand_over=hand_over_owed_files, roles=(Role.AFTER_SALES,), order=45,
    )  # fmt: skip
    register_staff_handover(
        "file_defects", _("File defects to correct"), count=open_defect_count, hand_over=hand_over_defects,
        order=70,
    )  # fmt: skip
