"""The archive's clocks [seed 002 档案管理], registered in ArchivesConfig.ready():
- the sales file (product table's ARCHIVE_HANDOVER, 3 WD): started by contracts on signing (its subject is the
  contract); stopped when a handover leaves none of the signing stage's required documents missing;
- the after-sales file (ARCHIVE_AFTERSALES_FILE, added here, 1 WD): started when a repair ticket closes (its
  subject is the file, held by the ticket's technician); stopped like the sales file, for the after-sales stage;
- a defect found in a file (ARCHIVE_DEFECT_FIX, added here, 1 WD): recorded -> corrected [档案管理员...未在一个工作日
  内改正的, 视同再次违规]."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from decocrm.sla.choices import ClockKind
from decocrm.sla.kinds import register_clock_kind
from decocrm.sla.subjects import register_clock_subject

from .choices import DocumentStage
from .models import ArchiveFile, FileDefect

H = timedelta(hours=1)
D = timedelta(days=1)

ARCHIVE_HANDOVER = ClockKind.ARCHIVE_HANDOVER
ARCHIVE_AFTERSALES_FILE = "archive_aftersales_file"
ARCHIVE_AFTERSALES_FILE_POLICY = (1, "working_days", 4 * H, D, {}, "002")  # 交车1个工作日内交于客户档案管理员
ARCHIVE_DEFECT_FIX = "archive_defect_fix"
ARCHIVE_DEFECT_FIX_POLICY = (1, "working_days", 4 * H, D, {}, "002")  # 未在一个工作日内改正的, 视同再次违规

ARCHIVE_CLOCK_KINDS = (str(ARCHIVE_HANDOVER), ARCHIVE_AFTERSALES_FILE, ARCHIVE_DEFECT_FIX)
# The clock a stage's documents are owed under.
STAGE_CLOCKS = {DocumentStage.SIGNING: str(ARCHIVE_HANDOVER), DocumentStage.AFTER_SALES: ARCHIVE_AFTERSALES_FILE}


def file_clock_label(file) -> str:
    return f"{file.number} · {file.customer.name}"


def defect_clock_label(defect) -> str:
    return f"{defect.file.number} · {defect.what}"[:200]


def register() -> None:
    register_clock_kind(ARCHIVE_AFTERSALES_FILE, _("After-sales file handover"), policy=ARCHIVE_AFTERSALES_FILE_POLICY)
    register_clock_kind(ARCHIVE_DEFECT_FIX, _("File defect corrected"), policy=ARCHIVE_DEFECT_FIX_POLICY)
    register_clock_subject(ArchiveFile, customer="customer_id", label=file_clock_label, url="get_absolute_url")
    register_clock_subject(
        FileDefect,
        owner=lambda defect: defect.responsible or defect.found_by,
        customer=lambda defect: defect.file.customer_id,
        label=defect_clock_label,
        url="get_absolute_url",
    )
