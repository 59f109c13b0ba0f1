from .checklist import ArchiveItem, DocumentKind
from .file import ArchiveFile, ArchiveNumber
from .ledger import FileDefect, Handover

__all__ = ["ArchiveFile", "ArchiveItem", "ArchiveNumber", "DocumentKind", "FileDefect", "Handover"]
