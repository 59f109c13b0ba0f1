"""The contract's timeline: its state changes, documents, agreements and design changes (registered in apps.py),
beside the clock events. Documents, agreements and design changes come from `.all()`: the contract page prefetches
them. Every step of every design change is one entry, read in one query."""

from decocrm.core.history import edit_history_source
from decocrm.core.timeline import entries_of

from .models import Contract, DesignChangeTransition
from .permissions import CONTRACT_MONEY_FIELDS


def _design_steps(contract):
    """Every step of every design change, each with its change from the contract's (prefetched on its page)
    instead of a join that reads each change again per step."""
    changes = {change.pk: change for change in contract.design_changes.all()}
    steps = list(DesignChangeTransition.objects.filter(change__contract=contract).select_related("by"))
    for step in steps:
        if step.change_id in changes:
            step.change = changes[step.change_id]
    return steps


def contract_history(contract, *, files=None, **context):
    """`files`: the documents the reader may see (the page passes them: the designer sees no signed scan)."""
    return [
        *entries_of(contract.transitions.select_related("by"), "transition", "includes/timeline_transition.html"),
        *entries_of(
            contract.files.all() if files is None else files, "document", "contracts/timeline/document.html",
            at="uploaded_at",
        ),
        *entries_of(contract.change_agreements.all(), "change", "contracts/timeline/change.html", at="created_at"),
        *entries_of(_design_steps(contract), "design", "contracts/timeline/design_change.html"),
    ]  # fmt: skip


def _money_unless_shown(contract, *, sees_money=False, **context):
    """The contract page says whether its reader sees the money (permissions.sees_contract_money); a page that
    does not say shows none of it."""
    return () if sees_money else CONTRACT_MONEY_FIELDS


# Edits of the contract (its terms, the briefing, signing, agreements): who, when, each field old → new.
contract_edit_history = edit_history_source(Contract, hidden=_money_unless_shown)
