from django import template

from .. import selectors
from ..choices import LeadState
from ..selectors import can_capture_leads, can_use_pool

register = template.Library()

STATE_BADGES = {
    LeadState.NEW: "text-bg-primary",
    LeadState.CONTACTED: "text-bg-info",
    LeadState.QUALIFIED: "text-bg-success",
    LeadState.MEASUREMENT_SCHEDULED: "text-bg-warning",
    LeadState.MEASURED: "text-bg-warning",
    LeadState.PROPOSAL_DELIVERED: "text-bg-warning",
    LeadState.PROPOSAL_ACCEPTED: "text-bg-info",
    LeadState.WON: "text-bg-success",
    LeadState.REJECTED: "text-bg-secondary",
    LeadState.LOST: "text-bg-dark",
}


@register.filter
def state_badge(state):
    return STATE_BADGES.get(state, "text-bg-light")


@register.filter
def lead_phone(lead):
    """The full phone for an owned lead; masked (138****5678) while it is in the pool."""
    return selectors.lead_phone(lead)


@register.filter
def is_overdue(lead, now):
    return selectors.is_overdue(lead, now)


@register.filter
def works_the_pool(user):
    """Whether to offer the pool to this user (the rule: selectors.can_use_pool)."""
    return can_use_pool(user)


@register.filter
def captures_leads(user):
    """Whether to offer "New lead" to this user (the rule: selectors.can_capture_leads)."""
    return can_capture_leads(user)
