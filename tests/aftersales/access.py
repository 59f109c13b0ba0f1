"""Access-matrix rows of the repair pages (tests/access). A ticket is seen by the after-sales staff member it is
assigned to, the customer's salesperson (read-only), their team's manager and the company managers
(aftersales.selectors.TICKET_SCOPE); the matrix's after-sales staff member handles the own team's ticket, another
team's is handled by that team's. Recording a repair is for after-sales staff and managers (403 for the others)."""

from aftersales import services
from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from projects.models import Project
from tests.access.matrix import Row, scoped
from tests.factories import StaffFactory
from tests.projects.access import completed_project_of
from tests.uploads import PNG, upload

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
