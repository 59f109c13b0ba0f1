import django_filters
from django.utils.translation import gettext_lazy as _

from customers.filters import CustomerSearchFilter
from decocrm.core.scopes import ScopedFilterSet

from .choices import TicketState


class TicketFilter(ScopedFilterSet):
    """The ticket list's search box (the customer's name or phone) and filters; `owner` is offered to managers only,
    with the staff they see (ScopedFilterSet)."""

    q = CustomerSearchFilter(through="customer")
    state = django_filters.ChoiceFilter(label=_("State"), choices=TicketState.choices, empty_label=_("All states"))
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=None, empty_label=_("Everyone"))
