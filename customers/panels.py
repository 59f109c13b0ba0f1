"""Panels on a customer's page that later stages contribute (a customer's leads, contracts, projects, repairs...).

customers is the earliest stage and never imports a later one (ENGINEERING.md, layout): each later app registers a
panel provider in its AppConfig.ready(), and the customer page renders whatever the providers return.

A provider is `fn(request, customer) -> dict | None`: a dict with "template" (rendered with the dict as `panel`) and
"order" (smaller first), or None when the panel does not apply to this user or customer. A provider reads through its
own app's scoped selector, so a panel lists only rows the user may open, and runs a fixed number of queries
(select_related / prefetch_related), so the page's query count does not grow with the rows.
"""

_providers = []


def register_customer_panel(provider):
    """Register a panel provider (usable as a decorator). Registering the same function twice keeps one."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def customer_panels(request, customer) -> list[dict]:
    panels = [panel for panel in (provider(request, customer) for provider in _providers) if panel]
    return sorted(panels, key=lambda panel: panel.get("order", 100))
