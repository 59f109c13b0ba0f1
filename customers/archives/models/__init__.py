from .borrowing import BorrowRequest, BorrowTransition
from .checklist import ArchiveItem, DocumentKind
from .file import ArchiveFile, ArchiveNumber
from .ledger import FileDefect, Handover
from .retention import Destruction, DestructionTransition, RetainedFile

__all__ = [
    "ArchiveFile",
    "ArchiveItem",
    "ArchiveNumber",
    "BorrowRequest",
    "BorrowTransition",
    "Destruction",
    "DestructionTransition",
    "DocumentKind",
    "FileDefect",
    "Handover",
    "RetainedFile",
]
