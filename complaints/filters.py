import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from customers.filters import CustomerSearchFilter
from customers.models import Customer
from customers.selectors import search_customers
from decocrm.accounts.choices import Role
from decocrm.core.scopes import ScopedFilterSet

from .choices import Category, ComplaintState, Severity

NUMBER = re.compile(r"TS0*(\d{1,12})")


class ComplaintSearchFilter(CustomerSearchFilter):
    """The customer search of every list (name, organisation, phone digits), the complainant typed at intake and
    the complaint's number (TS000123). Not the content: a scan of every complaint's text on each keystroke."""

    def filter(self, qs, value):
        value = (value or "").strip()
        if not value:
            return qs
        number = NUMBER.fullmatch(value.upper())
        if number:  # a complaint's number: that one complaint
            return qs.filter(pk=int(number[1]))
        customers = search_customers(Customer.objects.all(), value).values("pk")  # by its index, not per complaint
        typed = Q(complainant_name__icontains=value) | Q(complainant_phone__icontains=value)
        return qs.filter(Q(customer_id__in=customers) | typed)


class ComplaintFilter(ScopedFilterSet):
    """The complaint queue: search, state, severity, category, handler (the staff this user may see)."""

    owner_roles = (Role.CUSTOMER_RELATIONS, Role.MANAGER, Role.AFTER_SALES, Role.SALES, Role.PROJECT_MANAGER)

    q = ComplaintSearchFilter(through="customer")
    state = django_filters.ChoiceFilter(label=_("State"), choices=ComplaintState.choices, empty_label=_("All states"))
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices,
                                           empty_label=_("All severities"))  # fmt: skip
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices,
                                           empty_label=_("All categories"))  # fmt: skip
    owner = django_filters.ModelChoiceFilter(label=_("Handler"), field_name="handler", queryset=None,
                                             empty_label=_("Everyone"))  # fmt: skip
