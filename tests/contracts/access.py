"""Access-matrix rows of the contract pages (tests/access). A contract is seen by its salesperson, their team's
manager and the company managers (contracts.selectors.CONTRACT_SCOPE); out of scope is a 404."""

from contracts.services import contract_add_file, contract_draft
from tests.access.matrix import Row, scoped
from tests.leads.access import capture
from tests.uploads import pdf_bytes, upload

from .conftest import DRAFTED_AT, accepted_lead


def accepted_lead_of(owner):
    return {"lead_pk": accepted_lead(capture, owner).pk}


def draft_of(owner):
    return contract_draft(lead=accepted_lead(capture, owner), by=owner, at=DRAFTED_AT)


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
    Row("contracts:detail", scoped(200), make=contract_of),
    # Drafting is a POST from the lead page: who works the lead drafts (and is sent to the new contract)
    Row("contracts:draft", scoped(302), make=accepted_lead_of, method="POST", writes=("owners",)),
    # An empty "terms" form is re-shown with its errors
    Row("contracts:action", scoped(200), make=lambda owner: {**contract_of(owner), "action": "terms"}, method="POST"),
    Row("contracts:file", scoped(200), make=document_of, children=("file_pk",)),
]
