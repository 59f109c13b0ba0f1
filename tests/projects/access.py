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


def completed_project_of(owner):
    """The owner's project run through every stage to the completion acceptance."""
    from projects.services import (
        project_assign_manager,
        project_plan_stages,
        project_review_schedule,
        project_submit_schedule,
    )

    from .conftest import PLANNED_AT, stage_dates
    from .helpers import run_through

    project = Project.objects.get(pk=project_of(owner)["pk"])
    boss = User.objects.filter(role="manager", company_wide=True).first()
    pm = project.manager or User.objects.filter(role="project_manager").first()
    project_assign_manager(project=project, manager=pm, by=boss, at=PLANNED_AT)
    project_plan_stages(project=project, by=pm, dates=stage_dates(project))
    project_submit_schedule(project=project, by=pm, at=PLANNED_AT)
    project_review_schedule(project=project, by=boss, approve=True, at=PLANNED_AT)
    run_through(project, pm)
    if owner.team_id != pm.team_id:  # the other team's project is not the matrix PM's
        Project.objects.filter(pk=project.pk).update(manager=None)
    return {"pk": project.pk}


def filed_report_of(owner):
    """The owner's completed project with its acceptance report filed in the customer's archive (the pdf task)."""
    from projects.tasks import render_acceptance_report_pdf

    made = completed_project_of(owner)
    render_acceptance_report_pdf(made["pk"])
    return made


def photo_of(owner):
    """A progress photo of the owner's project (its first stage started, one update posted)."""
    from datetime import timedelta

    from projects.services import (
        progress_update_post,
        project_assign_manager,
        project_plan_stages,
        project_review_schedule,
        project_submit_schedule,
    )
    from tests.uploads import image_bytes, upload

    from .conftest import FIRST_DAY, PLANNED_AT, stage_dates
    from .helpers import evening, start

    project = Project.objects.get(pk=project_of(owner)["pk"])
    boss = User.objects.filter(role="manager", company_wide=True).first()
    pm = project.manager or User.objects.filter(role="project_manager").first()
    project_assign_manager(project=project, manager=pm, by=boss, at=PLANNED_AT)
    project_plan_stages(project=project, by=pm, dates=stage_dates(project))
    project_submit_schedule(project=project, by=pm, at=PLANNED_AT)
    project_review_schedule(project=project, by=boss, approve=True, at=PLANNED_AT)
    stage = project.stages.first()
    start(stage, pm)
    update = progress_update_post(project=project, by=pm, text="进展", percent_complete=5,
                                  at=evening(FIRST_DAY) + timedelta(hours=1),
                                  photos=[upload("p.png", image_bytes(), "image/png")])  # fmt: skip
    if owner.team_id != pm.team_id:  # the other team's project is not the matrix PM's
        Project.objects.filter(pk=project.pk).update(manager=None)
    return {"pk": project.pk, "kind": "update", "photo_pk": update.photos.get().pk}


ROWS = [
    Row("projects:list", {"*": 200}),  # everyone's list is scoped: other roles see an empty one
    Row("projects:detail", scoped(200, project_manager=(200, 404)), make=project_of),
    # An empty "delay" form is re-shown with its errors (to whoever may only read it: "not possible")
    Row(
        "projects:action",
        scoped(200, project_manager=(200, 404)),
        make=lambda owner: {**project_of(owner), "action": "delay"},
        method="POST",
        get=200,  # the delay notice's form loads when its card is opened (a lazy action: GET is the form)
    ),
    # The acceptance report of a completed project (the page; ?format=pdf is the same view)
    Row("projects:report", scoped(200, project_manager=(200, 404)), make=completed_project_of),
    # Its copy filed in the customer's archive when the final acceptance passed (the "pdf" queue's task)
    Row("projects:archived_report", scoped(200, project_manager=(200, 404)), make=filed_report_of),
    Row("projects:photo", scoped(200, project_manager=(200, 404)), make=photo_of, children=("photo_pk",)),
]
