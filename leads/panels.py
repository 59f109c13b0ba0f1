"""The leads' panel on the customer page (registered in LeadsConfig.ready(); see customers/panels.py)."""

from .selectors import visible_leads

PANEL_ROWS = 50


def customer_leads_panel(request, customer):
    """The customer's enquiries, newest first: only those this user may open (a key account's account manager sees
    the customer, not another salesperson's leads on it)."""
    leads = visible_leads(request.user).filter(customer_id=customer.pk).order_by("-created_at", "-pk")
    return {"template": "leads/_customer_leads_panel.html", "order": 20, "leads": list(leads[:PANEL_ROWS])}
