from .file import ArchiveFile

__all__ = ["ArchiveFile"]
