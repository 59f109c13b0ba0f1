"""The leads' panel on the customer page (registered in LeadsConfig.ready(); see customers/panels.py)."""

from .selectors import visible_leads

PANEL_ROWS = 50


def customer_leads_panel(request, customer):
    """The customer's enquiries, newest first: only those this user may open (a key account's account manager sees
    the customer, not another salesperson's leads on it)."""
    leads = visible_leads(request.user).filter(customer_id=customer.pk).order_by("-created_at", "-pk")
    return {"template": "leads/_customer_leads_panel.html", "order": 20, "leads": list(leads[:PANEL_ROWS])}


# --- Panels on the lead page that later stages contribute (a contract drafted from it, its project...): a later
# app registers `provider(request, lead) -> dict | None` in its AppConfig.ready() (dict: "template", "order"), the
# way customers/panels.py works for the customer page. leads never imports a later stage.
_lead_panel_providers = []


def register_lead_panel(provider):
    if provider not in _lead_panel_providers:
        _lead_panel_providers.append(provider)
    return provider


def lead_panels(request, lead) -> list[dict]:
    panels = [panel for panel in (provider(request, lead) for provider in _lead_panel_providers) if panel]
    return sorted(panels, key=lambda panel: panel.get("order", 100))
