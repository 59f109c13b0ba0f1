"""The contract's timeline: its state changes, documents, agreements and design changes (registered in apps.py),
beside the clock events. Documents and agreements come from `.all()`: the contract page prefetches them. Every
step of every design change is one entry, read in one query."""

from decocrm.core.timeline import entries_of

from .models import DesignChangeTransition


def contract_history(contract, **context):
    return [
        *entries_of(contract.transitions.select_related("by"), "transition", "includes/timeline_transition.html"),
        *entries_of(
            contract.files.all(), "document", "contracts/timeline/document.html",
            at="uploaded_at",
        ),
        *entries_of(contract.change_agreements.all(), "change", "contracts/timeline/change.html", at="created_at"),
        *entries_of(
            DesignChangeTransition.objects.filter(change__contract=contract).select_related("by", "change"),
            "design", "contracts/timeline/design_change.html",
        ),
    ]  # fmt: skip
