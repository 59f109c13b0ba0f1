from django import template

from ..design_panel import design_panel_context

register = template.Library()


@register.inclusion_tag("leads/design/_panel_body.html", takes_context=True)
def lead_design_panel(context, lead=None):
    """{% lead_design_panel %}: the design panel of `lead` for the request's user (used when a page includes
    leads/design/_panel.html without building the panel's context itself)."""
    lead = lead or context["lead"]
    request = context["request"]
    return {
        "lead": lead,
        "design": design_panel_context(lead, request.user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
