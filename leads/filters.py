from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.filters import CustomerSearchFilter
from decocrm.core.dates import WindowedDateFilter
from decocrm.core.scopes import ScopedFilterSet

from .choices import Channel, LeadState
from .selectors import overdue
from .services.ownership import SELLING_ROLES


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeadFilter(ScopedFilterSet):
    """The lead list's search box and filters. The owner choices are the staff the user may see (scoped)."""

    owner_roles = SELLING_ROLES

    q = CustomerSearchFilter(through="customer")
    state = django_filters.ChoiceFilter(label=_("State"), choices=LeadState.choices, empty_label=_("All states"))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices, empty_label=_("All channels"))
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=None, empty_label=_("Everyone"))
    # Local days turned into a datetime range (not `created_at__date`), so the created_at indexes serve it.
    created_from = WindowedDateFilter(label=_("Entered from"), method="filter_created_from", widget=DATE)
    created_to = WindowedDateFilter(label=_("Entered to"), method="filter_created_to", widget=DATE)
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput)

    def filter_created_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=_start_of(value))

    def filter_created_to(self, queryset, name, value):
        return queryset.filter(created_at__lt=_start_of(value + timedelta(days=1)))

    def filter_overdue(self, queryset, name, value):
        return overdue(queryset, timezone.now()) if value else queryset
