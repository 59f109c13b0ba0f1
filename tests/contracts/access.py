"""Access-matrix rows of the contract pages (tests/access). A contract is seen by its salesperson, their team's
manager, the company managers and the designer of its lead (contracts.selectors.contract_scope: the matrix's "own"
leads have the matrix designer assigned, tests.leads.access.designer_for); out of scope is a 404. The designer
acts on design changes only: the other actions are not offered to them and change nothing."""

from django.utils import timezone

from contracts.services import (
    contract_add_file,
    contract_draft,
    design_change_assess,
    design_change_decide,
    design_change_request,
    design_change_sign,
)
from decocrm.accounts.choices import Role
from tests.access.matrix import Row, scoped
from tests.factories import StaffFactory
from tests.leads.access import capture, designer_for
from tests.uploads import pdf_bytes, upload

from .conftest import DRAFTED_AT, accepted_lead, signed_contract


def accepted_lead_of(owner):
    return {"lead_pk": accepted_lead(capture, owner, designer=designer_for(owner)).pk}


def draft_of(owner):
    lead = accepted_lead(capture, owner, designer=designer_for(owner))
    return contract_draft(lead=lead, by=owner, at=DRAFTED_AT)


def drawing_of(owner):
    """A signed contract whose design change the customer signed with its drawing."""
    contract = signed_contract(draft_of(owner), owner)
    change = design_change_request(contract=contract, by=owner, content="改色", reason="喜好")
    assessor = designer_for(owner) or StaffFactory(role=Role.MANAGER, company_wide=True)
    change = design_change_assess(change=change, by=assessor, impact_design="无", impact_days=0, impact_cost=0)
    change = design_change_decide(change=change, by=owner, accepted=True)
    drawing = upload("v2.pdf", pdf_bytes(), "application/pdf")
    change = design_change_sign(change=change, by=owner, signed_on=timezone.localdate(), drawing=drawing)
    return {"pk": contract.pk, "change_pk": change.pk}


def contract_of(owner):
    return {"pk": draft_of(owner).pk}


def document_of(owner):
    contract = draft_of(owner)
    document = contract_add_file(
        contract=contract, by=owner, kind="survey", upload=upload("s.pdf", pdf_bytes(), "application/pdf")
    )
    return {"pk": contract.pk, "file_pk": document.pk}


ROWS = [
    Row("contracts:list", {"*": 200}),  # everyone's list is scoped: other roles see an empty one
    Row("contracts:export", {"selling": 200, "*": 403}),  # who owns contracts: their rows (contracts/test_export.py)
    Row("contracts:receivables", {"*": 200}),  # scoped the same way (without the designer): others see it empty
    Row("contracts:detail", scoped(200, designer=(200, 404)), make=contract_of),
    # Drafting is a POST from the lead page: who works the lead drafts (and is sent to the new contract)
    # (the lead's designer sees the lead: sent back to it with the refusal, nothing written)
    Row("contracts:draft", scoped(302, designer=(302, 404)), make=accepted_lead_of, method="POST", writes=("owners",)),
    # An empty "terms" form is re-shown with its errors
    Row(
        "contracts:action",
        scoped(200, designer=(200, 404)),
        make=lambda owner: {**contract_of(owner), "action": "terms"},
        method="POST",
    ),
    Row("contracts:file", scoped(200, designer=(200, 404)), make=document_of, children=("file_pk",)),
    Row("contracts:drawing", scoped(200, designer=(200, 404)), make=drawing_of, children=("change_pk",)),
]
