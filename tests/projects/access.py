"""Access-matrix rows of the project pages (tests/access). A project is seen by its project manager, the contract's
salesperson, the lead's designer, their team's manager and the company managers (projects.selectors.PROJECT_SCOPE);
another PM's project is a 404."""

from contracts.services import contract_draft
from decocrm.accounts.models import User
from projects.models import Project
from tests.access.matrix import Row, scoped
from tests.contracts.conftest import DRAFTED_AT, accepted_lead, ready_to_sign
from tests.contracts.test_services import sign
from tests.leads.access import capture


def project_of(owner):
    """The project of a contract `owner` signed; the matrix's project manager runs the one of their own team."""
    contract = sign(ready_to_sign(contract_draft(lead=accepted_lead(capture, owner), by=owner, at=DRAFTED_AT), owner),
                    owner)  # fmt: skip
    project = Project.objects.get(contract=contract)
    pm = User.objects.filter(username="matrix_project_manager", team=owner.team).first()
    if pm is not None:
        Project.objects.filter(pk=project.pk).update(manager=pm)
    return {"pk": project.pk}


ROWS = [
    Row("projects:list", {"*": 200}),  # everyone's list is scoped: other roles see an empty one
    Row("projects:detail", scoped(200, project_manager=(200, 404)), make=project_of),
    # An empty "delay" form is re-shown with its errors (to whoever may only read it: "not possible")
    Row(
        "projects:action",
        scoped(200, project_manager=(200, 404)),
        make=lambda owner: {**project_of(owner), "action": "delay"},
        method="POST",
    ),
]
