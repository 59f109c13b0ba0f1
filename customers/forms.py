"""Forms of the customer pages and admin. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from decocrm.core.dates import PLAN_DATE, DateWindowsFormMixin

from .choices import SpecialNeed
from .models import SENSITIVE_FIELDS, Customer, District
from .selectors import hidden_fields
from .services import EDITABLE_FIELDS


class CustomerAdminForm(DateWindowsFormMixin, forms.ModelForm):
    """The admin's customer form: a changed expected start must fall in PLAN_DATE, checked here so the error sits
    under the field (the service checks it too, but a refusal in save_model would be a 500)."""

    date_windows = {"expected_start": PLAN_DATE}

    class Meta:
        model = Customer
        fields = sorted(EDITABLE_FIELDS)  # the admin narrows them to its fieldsets


# What the customer page edits: not the class, the ownership or the key-account fields (their own services).
PAGE_FIELDS = [
    "name",
    "is_organisation",
    "kind",
    "phone",
    "email",
    "district",
    "address",
    "space_type",
    "area_m2",
    "layout",
    "style_preference",
    "budget_min",
    "budget_max",
    "expected_start",
    "special_needs",
    *SENSITIVE_FIELDS,
]


class CustomerEditForm(DateWindowsFormMixin, forms.ModelForm):
    """The customer page's edit form: the fields the pages change (PAGE_FIELDS); background and ID number only for
    managers. Ownership, class, key-account and derived fields are not here: their own services change them."""

    date_windows = {"expected_start": PLAN_DATE}

    special_needs = forms.MultipleChoiceField(
        label=_("Special needs"), choices=SpecialNeed.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Customer
        fields = PAGE_FIELDS
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "expected_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in hidden_fields(user):
            del self.fields[name]
        self.fields["district"].queryset = District.objects.order_by("city", "name")

    def validate_unique(self):
        """One phone / organisation = one customer is the service's to decide (DuplicateCustomerError names who
        holds it), on the canonical phone, not the typed one."""

    def changes(self) -> dict:
        """The changed fields, as customer_update takes them."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in self.fields}
