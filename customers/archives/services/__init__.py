"""Every change to the archive (ENGINEERING.md rule 1): services are the only writers."""

from .checklist import archive_checklist_refresh, file_checklist_refresh, item_check, item_receive
from .common import ArchiveStateError
from .defects import defect_correct, defect_record
from .files import archive_file_due, archive_file_open, archive_file_update, next_file_number
from .handover import handover_record
from .system_documents import archive_system_document_file, system_document_item, system_document_wanted

__all__ = [
    "ArchiveStateError",
    "archive_checklist_refresh",
    "archive_file_due",
    "archive_file_open",
    "archive_file_update",
    "archive_system_document_file",
    "defect_correct",
    "defect_record",
    "file_checklist_refresh",
    "handover_record",
    "item_check",
    "item_receive",
    "next_file_number",
    "system_document_item",
    "system_document_wanted",
]
