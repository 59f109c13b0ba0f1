"""Access-matrix rows of the repair pages (tests/access). A ticket is seen by the after-sales staff member it is
assigned to, the customer's salesperson (read-only), their team's manager and the company managers
(aftersales.selectors.TICKET_SCOPE); the matrix's after-sales staff member handles the own team's ticket, another
team's is handled by that team's. Recording a repair is for after-sales staff and managers (403 for the others).

Access-matrix rows of the revisit pages (tests/access). After-sales staff and customer relations revisit every
customer; the holder of a revisit clock and the revisit's revisitor see theirs; a team manager the team's; the
company managers all (aftersales.selectors). The "own" object is a revisit clock the matrix salesperson holds."""

from aftersales import services
from aftersales.services import revisit_record, survey_create, survey_issue_link
from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.sla.services import clock_start
from projects.models import Project
from tests.access.matrix import Row, scoped
from tests.factories import StaffFactory
from tests.leads.access import capture
from tests.projects.access import completed_project_of
from tests.uploads import PNG, image_bytes, upload

RECORDERS = {"after_sales": 200, "managers": 200, "*": 403}
SEES = scoped(200, after_sales=(200, 404))


def _technician(owner):
    technician = User.objects.filter(role=Role.AFTER_SALES, team=owner.team).order_by("pk").first()
    return technician or StaffFactory(role=Role.AFTER_SALES, team=owner.team)


def ticket_of(owner):
    """A repair ticket on the owner's customer's completed project, handled by an after-sales staff member of the
    owner's team."""
    project = Project.objects.select_related("customer", "contract").get(pk=completed_project_of(owner)["pk"])
    technician = _technician(owner)
    return services.ticket_record(
        customer=project.customer, by=technician, project=project, item="卫生间地面", description="渗水",
        channel="call", contact_checked=True, contact_name="张先生", contact_phone="13912345678",
        warranty_item=project.contract.warranty_items.first(),
        photos=[upload("漏水.png", PNG, "image/png")],
    )  # fmt: skip


def accepted_ticket_of(owner):
    ticket = ticket_of(owner)
    by = ticket.technician
    services.ticket_assess(ticket=ticket, by=by, nature="waterproofing", severity="ordinary", plan="重做")
    services.ticket_dispatch(ticket=ticket, by=by, technician=by, appointment_at=ticket.requested_at,
                             customer_notified=True)  # fmt: skip
    services.ticket_arrive(ticket=ticket, by=by)
    services.ticket_repair(ticket=ticket, by=by, report="已修复")
    services.ticket_customer_accept(ticket=ticket, by=by, method="signature", name="张先生",
                                    signature=upload("sign.png", PNG, "image/png"))  # fmt: skip
    return {"pk": ticket.pk}


ROWS = [
    Row("aftersales:list", {"*": 200}),  # everyone's list is scoped: other roles see an empty one
    Row("aftersales:export", RECORDERS),  # who works repairs downloads their list (tests/aftersales/test_export.py)
    Row("aftersales:intake_customer", RECORDERS),
    # Any customer the company built for: one service desk (both variants)
    Row("aftersales:intake", RECORDERS, make=lambda owner: {"customer_pk": ticket_of(owner).customer_id}),
    Row("aftersales:detail", SEES, make=lambda owner: {"pk": ticket_of(owner).pk}),
    # An empty "photos" form is re-shown with its errors (to whoever may only read it: "not possible")
    Row("aftersales:action", SEES, make=lambda owner: {"pk": ticket_of(owner).pk, "action": "photos"}, method="POST"),
    Row(
        "aftersales:photo",
        SEES,
        make=lambda owner: (lambda t: {"pk": t.pk, "photo_pk": t.photos.get().pk})(ticket_of(owner)),
        children=("photo_pk",),
    ),
    Row("aftersales:signature", SEES, make=accepted_ticket_of),
]


REVISITORS = {"after_sales": 200, "customer_relations": 200}


def due_of(owner):
    customer = capture(owner).customer
    clock = clock_start(kind="complaint_revisit", subject=customer, owner=owner, team=owner.team,
                        customer_id=customer.pk, label=f"投诉 {customer.pk}")  # fmt: skip
    return clock


def clock_of(owner):
    return {"clock_pk": due_of(owner).pk}


def revisit_of(owner):
    signature = upload("sig.png", image_bytes(), "image/png")
    revisit = revisit_record(by=owner, clock=due_of(owner), method="on_site", outcome="满意", satisfaction=5,
                             signature=signature, points=["柜门"], points_owner=owner)  # fmt: skip
    return {"pk": revisit.pk}


def survey_of(owner):
    """A survey of the owner's customer, created by the owner's team manager (a salesperson does not survey)."""
    boss = User.objects.filter(role="manager", team=owner.team).first()
    return survey_create(customer=capture(owner).customer, by=boss, kind="annual")


def token_of(owner):
    survey = survey_of(owner)
    return {"token": survey_issue_link(survey=survey, by=survey.created_by)}


MANAGERS_ONLY = {"*": 403, "team_manager": 200, "other_team_manager": 200, "company_manager": 200, "superuser": 200}

REVISIT_ROWS = [
    Row("aftersales:revisits", {"*": 200}),  # scoped: others see an empty queue
    Row("aftersales:revisit-rates", MANAGERS_ONLY),
    # an empty form is shown again with its errors, nothing written (its GET, the form, is asked too)
    Row("aftersales:revisit-record", scoped(200, **REVISITORS), make=clock_of, method="POST", get=200),
    Row("aftersales:revisit", scoped(200, **REVISITORS), make=revisit_of),
    Row("aftersales:revisit-signature", scoped(200, **REVISITORS), make=revisit_of),
    # an empty answer is refused in its form (the owner of the point, and managers, may answer)
    Row("aftersales:revisit-action", scoped(200, **REVISITORS), make=lambda o: {**revisit_of(o), "action": "answer"},
        method="POST"),
    Row("aftersales:surveys", {"*": 200}),  # scoped: others see an empty list
    Row("aftersales:survey-results", {**dict.fromkeys(("team_manager", "other_team_manager", "company_manager",
        "superuser"), 200), **REVISITORS, "*": 403}),
    # a new survey needs the customer in scope (404), then the duty (403: the salesperson, the archive clerk who
    # reads every customer); an empty form is shown again
    Row("aftersales:survey-new", scoped(200, **REVISITORS, sales=(403, 404), archive_clerk=403), make=lambda o: {
        "customer_pk": capture(o).customer.pk}, method="POST", get=200),
    # the survey is seen by who made it (the team manager), the team, customer relations and after-sales
    Row("aftersales:survey", {**scoped(200, **REVISITORS), "sales": 404}, make=lambda o: {"pk": survey_of(o).pk}),
    Row("aftersales:survey-action", {**scoped(200, **REVISITORS), "sales": 404},
        make=lambda o: {"pk": survey_of(o).pk, "action": "record"}, method="POST"),
    # the customer's link: no login; every visitor reaches only the survey behind its token (own: valid; the
    # other's token is as good, it is the token that opens it) -- answering needs a valid form (empty: 200)
    Row("aftersales:survey-public", {"*": 200, "anonymous": 200}, make=token_of, method="POST", get=200),
]  # fmt: skip
ROWS += REVISIT_ROWS
