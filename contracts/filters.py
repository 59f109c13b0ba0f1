import django_filters
from django.utils.translation import gettext_lazy as _

from customers.filters import CustomerSearchFilter
from decocrm.core.scopes import ScopedFilterSet

from .choices import ContractState


class ContractSearchFilter(CustomerSearchFilter):
    """The customer search of every list (name, organisation, phone digits), and the contract's number."""

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        by_customer = super().filter(qs, value).values("pk")
        return qs.filter(pk__in=by_customer) | qs.filter(number__icontains=value)


class ContractFilter(ScopedFilterSet):
    """The contract list: number or customer, state, salesperson (the staff this user may see)."""

    q = ContractSearchFilter(through="customer")
    state = django_filters.ChoiceFilter(label=_("State"), choices=ContractState.choices, empty_label=_("All states"))
    owner = django_filters.ModelChoiceFilter(label=_("Salesperson"), queryset=None, empty_label=_("Everyone"))
