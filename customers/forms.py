"""Forms of the customer pages and admin. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.selectors import visible_staff
from decocrm.core.dates import PLAN_DATE, DateWindowsFormMixin, WindowedDateTimeField

from .choices import CustomerCloseReason, KeyContactKind, KeyRequestChannel, KeyReviewDecision, KeyTier, SpecialNeed
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


# --- Key accounts (customers.actions): the services check who may act and the state.


class KeyAccountMarkForm(forms.Form):
    key_tier = forms.ChoiceField(label=_("Tier"), choices=KeyTier.choices)
    account_manager = forms.ModelChoiceField(label=_("Account manager"), queryset=User.objects.none())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff the marker sees who can keep up a customer: salespeople and managers.
        self.fields["account_manager"].queryset = visible_staff(user).filter(role__in=[Role.SALES, Role.MANAGER])


class KeyAccountContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KeyContactKind.choices)
    at = WindowedDateTimeField(
        label=_("When"), happened=True, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    record = forms.CharField(
        label=_("Visit record"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("For a visit: what was learnt. Due within 24 hours after the visit."),
    )


class KeyAccountRequestForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=KeyRequestChannel.choices)
    content = forms.CharField(label=_("Request"), widget=forms.Textarea(attrs={"rows": 2}))


class KeyAccountResponseForm(forms.Form):
    response = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 2}))


class KeyAccountSolutionForm(forms.Form):
    solution = forms.CharField(label=_("Initial solution"), widget=forms.Textarea(attrs={"rows": 2}))


class KeyAccountVisitRecordForm(forms.Form):
    record = forms.CharField(label=_("Visit record"), widget=forms.Textarea(attrs={"rows": 2}))


class KeyAccountReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=KeyReviewDecision.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class CustomerCloseForm(forms.Form):
    """Closing a customer from the clean-up report (services.customer_close)."""

    reason = forms.ChoiceField(
        label=_("Why close this customer?"), choices=CustomerCloseReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))
