"""The archive clerk's admin site (issue 12): the files with their checklist and ledger, the ledger, the defects,
the checklist's document kinds. One module per part; the borrowing and retention parts add theirs here."""

from . import checklist, files, ledger  # noqa: F401  (each registers its admins)
