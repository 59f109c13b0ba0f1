"""The repairs panel on the customer page (registered in AftersalesConfig.ready(); see customers/panels.py): the
customer's repair tickets this user sees, and "record a repair" for after-sales staff and managers. Two queries.

The revisits panel on the customer page (registered in AftersalesConfig.ready(); see customers/panels.py): the
customer's revisits this user sees with their open points, in one query."""

from django.db.models import Count, Q

from .permissions import can_record_tickets, may_survey
from .selectors import intake_customers, visible_revisits, visible_surveys, visible_tickets

PANEL_TICKETS = 10


def customer_tickets_panel(request, customer):
    tickets = list(
        visible_tickets(request.user).filter(customer=customer).order_by("-requested_at", "-pk")[: PANEL_TICKETS + 1]
    )
    can_record = can_record_tickets(request.user) and intake_customers().filter(pk=customer.pk).exists()
    if not tickets and not can_record:
        return None
    return {
        "template": "aftersales/_panel.html",
        "order": 30,
        "tickets": tickets[:PANEL_TICKETS],
        "more": len(tickets) > PANEL_TICKETS,
        "customer": customer,
        "can_record": can_record,
    }


PANEL_ROWS = 5


def customer_revisits_panel(request, customer):
    revisits = list(
        visible_revisits(request.user)
        .filter(customer=customer)
        .annotate(open_points=Count("points", filter=Q(points__answered_at__isnull=True)))
        .order_by("-created_at", "-pk")[:PANEL_ROWS]
    )
    return {"template": "aftersales/_revisit_panel.html", "order": 40, "revisits": revisits} if revisits else None


def customer_surveys_panel(request, customer):
    """The customer's latest surveys, and the button that starts one (for who surveys)."""
    surveys = list(visible_surveys(request.user).filter(customer=customer).order_by("-created_at", "-pk")[:PANEL_ROWS])
    may_start = may_survey(request.user)
    if not surveys and not may_start:
        return None
    return {"template": "aftersales/_survey_panel.html", "order": 45, "surveys": surveys, "customer": customer,
            "may_start": may_start}  # fmt: skip
