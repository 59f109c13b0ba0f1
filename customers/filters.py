import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.selectors import is_manager, visible_staff
from decocrm.core.forms import bootstrap_widgets

from .choices import CustomerClass, CustomerKind
from .models import District
from .names import normalize_organisation_name
from .phones import search_digits

MIN_PHONE_SEARCH_DIGITS = 3


def search_customers(qs, q: str):
    """By name, organisation, or any run of the phone's digits (served by the pg_trgm indexes of migration 0002)."""
    q = (q or "").strip()
    if not q:
        return qs
    digits = search_digits(q)
    if len(digits) >= MIN_PHONE_SEARCH_DIGITS and not any(ch.isalpha() for ch in q):
        return qs.filter(phone_digits__contains=digits)
    condition = Q(name__icontains=q)
    normalized = normalize_organisation_name(q)
    if normalized:
        condition |= Q(organisation_name_normalized__contains=normalized)
    return qs.filter(condition)


SEARCH = forms.TextInput(
    attrs={"type": "search", "placeholder": _("Name, organisation or phone digits"), "autocomplete": "off"}
)


class CustomerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search", widget=SEARCH)
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if is_manager(user):
            self.filters["owner"].queryset = visible_staff(user).order_by("last_name", "first_name", "username")
        else:
            del self.filters["owner"]

    @property
    def form(self):
        form = super().form
        if not getattr(form, "styled", False):
            bootstrap_widgets(form)
            form.fields["q"].widget.attrs["class"] = "form-control"  # the big search box
            form.styled = True
        return form

    def filter_search(self, queryset, name, value):
        return search_customers(queryset, value)

    def filter_key(self, queryset, name, value):
        return queryset.filter(is_key_account=True) if value else queryset
