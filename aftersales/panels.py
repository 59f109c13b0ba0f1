"""The revisits panel on the customer page (registered in AftersalesConfig.ready(); see customers/panels.py): the
customer's revisits this user sees with their open points, in one query."""

from django.db.models import Count, Q

from .selectors import visible_revisits

PANEL_ROWS = 5


def customer_revisits_panel(request, customer):
    revisits = list(
        visible_revisits(request.user)
        .filter(customer=customer)
        .annotate(open_points=Count("points", filter=Q(points__answered_at__isnull=True)))
        .order_by("-created_at", "-pk")[:PANEL_ROWS]
    )
    return {"template": "aftersales/_revisit_panel.html", "order": 40, "revisits": revisits} if revisits else None
