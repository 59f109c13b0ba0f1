from .borrowing import BorrowRequest, BorrowTransition
from .file import ArchiveFile
from .retention import Destruction, DestructionTransition, RetainedFile

__all__ = ["ArchiveFile", "BorrowRequest", "BorrowTransition", "Destruction", "DestructionTransition", "RetainedFile"]
