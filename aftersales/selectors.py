"""Every read of repair tickets that a user sees, scoped: the after-sales staff member it is assigned to (and every
after-sales staff member while it is unassigned), the managers of its team and the company, and the customer's
salesperson (read-only) with their team's manager."""

from django.db.models import Exists, F, OuterRef, Q, Subquery

from customers.models import Customer
from decocrm.accounts.choices import Role
from decocrm.core.scopes import Scope
from decocrm.core.timeline import timeline
from decocrm.sla.choices import CLOSED_STATES as CLOSED_CLOCK_STATES
from decocrm.sla.selectors import clocks_for_subject, clocks_of_model
from projects.choices import ProjectState
from projects.models import Project

from .models import RepairTicket, TicketPhoto
from .next_due import DEADLINE_STATES

TICKET_SCOPE = Scope(owner="technician", team=("team", "customer__owner__team"), assigned=("customer__owner",))


def visible_tickets(user):
    qs = RepairTicket.objects.select_related("customer", "technician")
    if not user.is_authenticated:
        return qs.none()
    condition = TICKET_SCOPE.q(user)
    if condition is None:
        return qs
    if user.role == Role.AFTER_SALES:
        condition |= Q(technician__isnull=True)
    return qs.filter(condition)


def my_tickets(user):
    """The tickets this user sees, by their next deadline (RepairTicket.next_due_at, overdue first), those without
    one after them (a closed ticket's deadline is its post-repair revisit). The list shows the open ones unless asked
    (filters.TicketFilter), over a partial index in deadline order. The next clock's kind is read for the rows
    shown only."""
    next_clock = clocks_of_model(RepairTicket).filter(object_id=OuterRef("pk"), state__in=DEADLINE_STATES)
    return (
        visible_tickets(user)
        .annotate(next_kind=Subquery(next_clock.order_by("due_at").values("kind")[:1]))
        .order_by(F("next_due_at").asc(nulls_last=True), "-requested_at", "-pk")
    )


def tickets_for_page(user):
    """Scoped, with everything the ticket page shows in a constant number of queries."""
    return visible_tickets(user).select_related(
        "customer__district", "project__contract", "warranty_item", "team", "recorded_by"
    )


def ticket_page_context(ticket) -> dict:
    photos = TicketPhoto.objects.filter(ticket=ticket).select_related("uploaded_by").order_by("uploaded_at", "pk")
    return {
        "ticket": ticket,
        "photos": photos,
        "clocks": clocks_for_subject(ticket).exclude(state__in=CLOSED_CLOCK_STATES),
        "timeline": timeline(ticket, photos=photos),
    }


def intake_customers():
    """Whom a repair is recorded for: the customers the company built for (a project of theirs exists). Any
    after-sales staff member or manager may record for any of them (one service desk for the company)."""
    return Customer.objects.filter(Exists(Project.objects.filter(customer=OuterRef("pk")))).select_related("district")


def completed_projects(customer):
    return (
        Project.objects.filter(customer=customer, state=ProjectState.COMPLETED)
        .select_related("contract")
        .prefetch_related("contract__warranty_items")
        .order_by("-created_at", "-pk")
    )
