"""Every read of the archive, scoped: the files with their checklist, ledger and defects (files.py), borrowing and
retention (borrowing.py)."""

from .files import (
    FILE_SCOPE,
    file_completeness,
    kept_files,
    missing_items,
    open_archive_clocks,
    stage_missing,
    stage_of_items,
    visible_defects,
    visible_files,
    visible_handovers,
    visible_items,
    with_completeness,
)

__all__ = [
    "FILE_SCOPE",
    "file_completeness",
    "kept_files",
    "missing_items",
    "open_archive_clocks",
    "stage_missing",
    "stage_of_items",
    "visible_defects",
    "visible_files",
    "visible_handovers",
    "visible_items",
    "with_completeness",
]
