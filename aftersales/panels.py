"""The revisits panel on the customer page (registered in AftersalesConfig.ready(); see customers/panels.py): the
customer's revisits this user sees with their open points, in one query."""

from django.db.models import Count, Q

from .permissions import may_survey
from .selectors import visible_revisits, visible_surveys

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
