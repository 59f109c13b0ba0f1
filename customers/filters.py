import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.core.scopes import ScopedFilterSet

from .choices import CleanupReason, CustomerClass, CustomerKind
from .cleanup import filter_reason
from .models import District
from .selectors import search_customers

SEARCH = forms.TextInput(
    attrs={"type": "search", "placeholder": _("Name, organisation or phone digits"), "autocomplete": "off"}
)


class CustomerSearchFilter(django_filters.CharFilter):
    """The big search box of any list whose rows are customers or point at one: `through` is the path from a row to
    its customer ("customer" for leads, contracts...; "" for customers), as for selectors.search_customers."""

    def __init__(self, *, through="", **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("widget", SEARCH)
        super().__init__(**kwargs)
        self.through = through

    def filter(self, qs, value):
        return search_customers(qs, value, through=self.through, user=getattr(self.parent, "user", None))


class CustomerFilter(ScopedFilterSet):
    q = CustomerSearchFilter()
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CustomerKind.choices, empty_label=_("All kinds"))
    customer_class = django_filters.ChoiceFilter(
        label=_("Class"), choices=CustomerClass.choices, empty_label=_("All classes")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.all(), empty_label=_("All districts")
    )
    is_key_account = django_filters.BooleanFilter(
        label=_("Key accounts only"), method="filter_key", widget=forms.CheckboxInput
    )
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=None, empty_label=_("Everyone"))
    closed = django_filters.BooleanFilter(
        label=_("Closed customers"), method="filter_closed", widget=forms.CheckboxInput
    )

    def filter_key(self, queryset, name, value):
        return queryset.filter(is_key_account=True) if value else queryset

    def filter_closed(self, queryset, name, value):
        """Closed customers (services.customer_close) only when asked for; the open ones otherwise. The list binds
        the filter even without parameters, so that the default leaves the closed ones out."""
        return queryset.filter(closed_at__isnull=not value)


class CleanupFilter(ScopedFilterSet):
    """The clean-up report's filters: search, reason (cleanup.py), and the owner for managers."""

    owner_roles = (Role.SALES, Role.MANAGER)

    q = CustomerSearchFilter()
    reason = django_filters.ChoiceFilter(
        label=_("Reason"), choices=CleanupReason.choices, empty_label=_("All reasons"), method="filter_reason"
    )
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=None, empty_label=_("Everyone"))

    def filter_reason(self, queryset, name, value):
        return filter_reason(queryset, value)
