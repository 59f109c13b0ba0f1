import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from decocrm.core.scopes import ScopedFilterSet

from .choices import ContractState


class ContractFilter(ScopedFilterSet):
    """The contract list: number or customer name, state, salesperson (the staff this user may see)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    state = django_filters.ChoiceFilter(label=_("State"), choices=ContractState.choices, empty_label=_("All states"))
    owner = django_filters.ModelChoiceFilter(label=_("Salesperson"), queryset=None, empty_label=_("Everyone"))

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(customer__name__icontains=value)) if value else queryset
