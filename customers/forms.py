"""Forms of the customer pages and admin. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms

from decocrm.core.dates import PLAN_DATE, DateWindowsFormMixin

from .models import Customer
from .services import EDITABLE_FIELDS


class CustomerAdminForm(DateWindowsFormMixin, forms.ModelForm):
    """The admin's customer form: a changed expected start must fall in PLAN_DATE, checked here so the error sits
    under the field (the service checks it too, but a refusal in save_model would be a 500)."""

    date_windows = {"expected_start": PLAN_DATE}

    class Meta:
        model = Customer
        fields = sorted(EDITABLE_FIELDS)  # the admin narrows them to its fieldsets
