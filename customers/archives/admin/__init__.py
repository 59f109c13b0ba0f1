"""The archive clerk's admin site (issue 12): the files with their checklist and ledger, the ledger, the defects,
the checklist's document kinds, borrowing and retention. One module per part."""

from . import borrowing, checklist, files, ledger, retention  # noqa: F401  (each registers its admins)
