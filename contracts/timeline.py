"""The contract's timeline: its state changes, documents, agreements and design changes (registered in apps.py),
beside the clock events. Documents, agreements and design changes come from `.all()`: the contract page prefetches
them."""

from decocrm.core.timeline import entries_of


def contract_history(contract, **context):
    return [
        *entries_of(contract.transitions.select_related("by"), "transition", "includes/timeline_transition.html"),
        *entries_of(
            contract.files.all(), "document", "contracts/timeline/document.html",
            at="uploaded_at",
        ),
        *entries_of(contract.change_agreements.all(), "change", "contracts/timeline/change.html", at="created_at"),
        *entries_of(contract.design_changes.all(), "design", "contracts/timeline/design_change.html",
                    at="requested_at"),
    ]  # fmt: skip
