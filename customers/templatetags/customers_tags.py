from django import template

from ..selectors import phone_shown_to

register = template.Library()


@register.simple_tag(takes_context=True)
def customer_phone(context, customer, phone=None):
    """The customer's phone (or a contact person's `phone`) as the signed-in user may see it
    (customers.selectors.sees_full_phone): in full, or masked (138****5678)."""
    return phone_shown_to(context["request"].user, customer, phone) or "—"
