"""The repairs panel on the customer page (registered in AftersalesConfig.ready(); see customers/panels.py): the
customer's repair tickets this user sees, and "record a repair" for after-sales staff and managers. Two queries."""

from .permissions import can_record_tickets
from .selectors import intake_customers, visible_tickets

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
