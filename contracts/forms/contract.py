"""Forms of the contract page. They only validate input; the services decide (ENGINEERING.md rule 1). Rows (warranty
items, payments) are fixed sets of small fields: on a phone each row is a few taps, blank rows are ignored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from decocrm.core.dates import PLAN_DATE, WindowedDateField
from decocrm.core.forms import LoadedModelChoiceField

from ..choices import ContractFileKind, MilestoneKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01", "min": "0"})
WARRANTY_ROWS = 4
PAYMENT_ROWS = 6  # rows a schedule form offers at least; a longer schedule gets every row it has and two blank


class TermsForm(forms.Form):
    scope = forms.CharField(label=_("Scope of work"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    start_date = WindowedDateField(label=_("Start date"), window=PLAN_DATE, widget=DATE)
    end_date = WindowedDateField(label=_("End date"), window=PLAN_DATE, widget=DATE)
    quality_standard = forms.CharField(
        label=_("Quality standard"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    payment_terms = forms.CharField(
        label=_("Payment terms"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    liability_terms = forms.CharField(
        label=_("Liability terms"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, contract=None, **kwargs):
        if contract is not None:  # the form shows the contract's current values (a bound form keeps what was sent)
            kwargs.setdefault("initial", {name: getattr(contract, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)


class WarrantyForm(forms.Form):
    """Up to WARRANTY_ROWS items: name and years (seed 000 §9: basic decoration 2, waterproofing 5)."""

    def __init__(self, *args, contract=None, **kwargs):
        items = list(contract.warranty_items.all()) if contract is not None else []
        super().__init__(*args, **kwargs)
        for row in range(1, WARRANTY_ROWS + 1):
            item = items[row - 1] if row <= len(items) else None
            self.fields[f"name_{row}"] = forms.CharField(
                label=_("Item %(row)d") % {"row": row}, max_length=100, required=False,
                initial=item.name if item else "",
            )  # fmt: skip
            self.fields[f"years_{row}"] = forms.IntegerField(
                label=_("Years"), min_value=1, max_value=30, required=False, initial=item.years if item else None
            )

    def clean(self):
        cleaned = super().clean()
        rows = ((cleaned.get(f"name_{n}"), cleaned.get(f"years_{n}")) for n in range(1, WARRANTY_ROWS + 1))
        return {"items": [(name, years) for name, years in rows if name or years]}


def add_schedule_rows(form, rows, *, with_ids=False):
    """Rows of payment fields on `form`, filled from `rows` (milestones): every existing one and two blank, at
    least PAYMENT_ROWS (form.payment_rows says how many); `with_ids` keeps which existing milestone a row revises
    (a change agreement)."""
    form.payment_rows = max(PAYMENT_ROWS, len(rows) + 2)
    for n in range(1, form.payment_rows + 1):
        m = rows[n - 1] if n <= len(rows) else None
        if with_ids:
            form.fields[f"milestone_{n}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=m.pk if m else None
            )
        form.fields[f"kind_{n}"] = forms.ChoiceField(
            label=_("Payment %(row)d") % {"row": n}, choices=[("", "—"), *MilestoneKind.choices], required=False,
            initial=m.kind if m else "",
        )  # fmt: skip
        form.fields[f"name_{n}"] = forms.CharField(
            label=_("Name"), max_length=100, required=False, initial=m.name if m else ""
        )
        form.fields[f"amount_{n}"] = forms.DecimalField(
            label=_("Amount (yuan)"), max_digits=12, decimal_places=2, min_value=0, required=False, widget=MONEY,
            initial=m.amount if m and not m.percent else None,
        )  # fmt: skip
        form.fields[f"percent_{n}"] = forms.DecimalField(
            label=_("or percent"), max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False,
            initial=m.percent if m else None,
        )  # fmt: skip
        form.fields[f"due_on_{n}"] = WindowedDateField(
            label=_("Due on"), window=PLAN_DATE, widget=DATE, required=False, initial=m.due_on if m else None
        )
        form.fields[f"due_stage_{n}"] = forms.CharField(
            label=_("or on the acceptance of"), max_length=40, required=False,
            initial=m.due_stage if m else "",
        )  # fmt: skip


def schedule_rows_of(form, cleaned) -> list[dict]:
    """The filled rows of `form` (blank ones ignored); a row's `milestone` alone does not make it filled."""
    keys = ("kind", "name", "amount", "percent", "due_on", "due_stage")
    found = []
    for n in range(1, form.payment_rows + 1):
        row = {key: cleaned.get(f"{key}_{n}") for key in keys}
        if any(value not in (None, "") for value in row.values()):
            found.append({**row, "milestone": cleaned.get(f"milestone_{n}")})
    return found


class ScheduleForm(forms.Form):
    """The payments: kind, name, amount or percent, due on a date or a stage's acceptance."""

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_schedule_rows(self, list(contract.milestones.all()) if contract is not None else [])

    def clean(self):
        cleaned = super().clean()
        return {
            "milestones": [
                {k: v for k, v in row.items() if k != "milestone"} for row in schedule_rows_of(self, cleaned)
            ]
        }


class BriefingForm(forms.Form):
    told_process = forms.BooleanField(label=_("Told the process"), required=False)
    told_stage_dates = forms.BooleanField(label=_("Told the stage dates"), required=False)
    told_customer_duties = forms.BooleanField(label=_("Told the customer's own duties"), required=False)
    told_after_sales_policy = forms.BooleanField(label=_("Told the after-sales policy"), required=False)

    def __init__(self, *args, contract=None, **kwargs):
        if contract is not None:  # the form shows the contract's current values (a bound form keeps what was sent)
            kwargs.setdefault("initial", {name: getattr(contract, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ContractFileKind.choices)
    upload = forms.FileField(label=_("File"), help_text=_("A PDF or a photo."))

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)


class SignForm(forms.Form):
    signed_on = WindowedDateField(label=_("Signed on"), happened=True, widget=DATE)
    company_sealed = forms.BooleanField(label=_("Company seal affixed"))
    customer_signed = forms.BooleanField(label=_("Customer signed"))
    copy_to_business = forms.BooleanField(label=_("Copy to the business department"))
    copy_to_finance = forms.BooleanField(label=_("Copy to finance"))
    copy_to_construction = forms.BooleanField(label=_("Copy to construction"))

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)


class PaymentForm(forms.Form):
    milestone = LoadedModelChoiceField(label=_("Payment"), queryset=None)
    amount = forms.DecimalField(label=_("Amount received (yuan)"), max_digits=12, decimal_places=2, widget=MONEY)
    received_on = WindowedDateField(label=_("Received on"), happened=True, widget=DATE)

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        from ..models import PaymentMilestone

        if contract is None:
            self.fields["milestone"].load([], queryset=PaymentMilestone.objects.none())
        else:  # the prefetched milestones are the choices; a submitted one is looked up among the contract's
            self.fields["milestone"].load(contract.milestones.all(), queryset=contract.milestones.all())
