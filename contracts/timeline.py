"""The contract's timeline: its state changes and its documents (registered in apps.py), beside the clock events.
The documents come from `contract.files.all()`: the contract page prefetches them (with their uploader)."""

from decocrm.core.timeline import entries_of


def contract_history(contract, **context):
    return [
        *entries_of(contract.transitions.select_related("by"), "transition", "includes/timeline_transition.html"),
        *entries_of(
            contract.files.all(), "document", "contracts/timeline/document.html",
            at="uploaded_at",
        ),
    ]  # fmt: skip
