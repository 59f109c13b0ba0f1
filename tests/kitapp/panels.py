"""The tickets' panel on the customer page (registered in apps.py; see customers/panels.py)."""

from .selectors import visible_tickets

PANEL_ROWS = 20


def customer_tickets_panel(request, customer):
    """The customer's tickets this user may open, newest first (one query); no panel when there are none."""
    tickets = list(visible_tickets(request.user).filter(customer_id=customer.pk)[:PANEL_ROWS])
    return {"template": "kitapp/_customer_panel.html", "order": 60, "tickets": tickets} if tickets else None
