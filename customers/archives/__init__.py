"""The customer archive (一户一档): one file per household, its checklist, handover ledger, borrowing and retention.

A Django app of its own (label "archives") inside `customers`, because a file is a household's: it may use
`customers`, and the later stages (contracts, projects, aftersales, complaints) feed it through the hooks in
`hooks.py`, never the reverse."""
