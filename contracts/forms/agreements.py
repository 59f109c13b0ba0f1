"""Forms of what changes a signed contract: change and termination agreements, design change requests, the
designer's assessment, the decision and the customer's signature on the changed design. They only validate input;
the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from decocrm.core.dates import WindowedDateField
from decocrm.core.forms import LoadedModelChoiceField

from ..choices import DesignChangeState
from ..models import DesignChange
from .contract import DATE, MONEY, add_schedule_rows, schedule_rows_of

SIGNED_MONEY = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})


class SignedByBothForm(forms.Form):
    signed_on = WindowedDateField(label=_("Signed on"), happened=True, widget=DATE)
    company_sealed = forms.BooleanField(label=_("Company seal affixed"))
    customer_signed = forms.BooleanField(label=_("Customer signed"))


class ChangeAgreementForm(SignedByBothForm):
    """The agreement and the revised schedule (filled with the current one). An accepted design change that waits
    for its agreement pre-fills the content, cost and extension."""

    design_change = LoadedModelChoiceField(label=_("For design change"), queryset=None, required=False)
    content = forms.CharField(label=_("What changes"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    cost_change = forms.DecimalField(
        label=_("Cost change (yuan)"), max_digits=12, decimal_places=2, required=False, widget=SIGNED_MONEY,
        help_text=_("Negative for a reduction."),
    )  # fmt: skip
    extension_days = forms.IntegerField(
        label=_("Schedule extension (days)"), min_value=0, max_value=730, required=False
    )

    field_order = ["design_change", "content", "cost_change", "extension_days"]

    def __init__(self, *args, contract=None, **kwargs):
        waiting = []
        if contract is not None:
            waiting = [
                change
                for change in contract.design_changes.all()
                if change.state == DesignChangeState.ACCEPTED and not hasattr(change, "change_agreement")
            ]
            if waiting and "initial" not in kwargs:
                change = waiting[0]
                kwargs["initial"] = {
                    "design_change": change.pk,
                    "content": change.content,
                    "cost_change": change.impact_cost if change.impact_cost is not None else change.estimated_cost,
                    "extension_days": change.impact_days or 0,
                }
        super().__init__(*args, **kwargs)
        self.fields["design_change"].load(waiting, queryset=DesignChange.objects.filter(pk__in=[c.pk for c in waiting]))
        add_schedule_rows(self, list(contract.milestones.all()) if contract is not None else [], with_ids=True)

    def clean(self):
        cleaned = super().clean()
        keys = ("design_change", "content", "cost_change", "extension_days", "signed_on", "company_sealed")
        return {
            **{key: cleaned.get(key) for key in keys},
            "customer_signed": cleaned.get("customer_signed"),
            "milestones": schedule_rows_of(self, cleaned),
        }


class TerminationForm(SignedByBothForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    liability = forms.CharField(label=_("Liability"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    settlement_amount = forms.DecimalField(
        label=_("Settlement amount (yuan)"), max_digits=12, decimal_places=2, min_value=0, widget=MONEY
    )

    field_order = ["reason", "liability", "settlement_amount"]

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)


class DesignChangeRequestForm(forms.Form):
    content = forms.CharField(
        label=_("What the customer asks"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost change (yuan)"), max_digits=12, decimal_places=2, required=False,
        widget=SIGNED_MONEY,
    )  # fmt: skip

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)


def _offer_changes_in(field, contract, *states):
    """The contract's design changes in `states` as the field's choices (read from the prefetched ones)."""
    changes = [c for c in contract.design_changes.all() if c.state in states] if contract is not None else []
    field.load(changes, queryset=DesignChange.objects.filter(pk__in=[c.pk for c in changes]))


class DesignAssessForm(forms.Form):
    change = LoadedModelChoiceField(label=_("Design change"), queryset=None)
    impact_design = forms.CharField(
        label=_("Impact on the design"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    impact_days = forms.IntegerField(label=_("Impact on the schedule (days)"), min_value=0, max_value=730)
    impact_cost = forms.DecimalField(
        label=_("Impact on the budget (yuan)"), max_digits=12, decimal_places=2, widget=SIGNED_MONEY
    )

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_changes_in(self.fields["change"], contract, DesignChangeState.REQUESTED, DesignChangeState.ASSESSED)


class DesignDecideForm(forms.Form):
    change = LoadedModelChoiceField(label=_("Design change"), queryset=None)
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_changes_in(self.fields["change"], contract, DesignChangeState.ASSESSED)


class DesignSignForm(forms.Form):
    change = LoadedModelChoiceField(label=_("Design change"), queryset=None)
    signed_on = WindowedDateField(label=_("Customer signed on"), happened=True, widget=DATE)
    drawing = forms.FileField(label=_("Changed drawing"), help_text=_("A PDF or a photo."))

    def __init__(self, *args, contract=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_changes_in(self.fields["change"], contract, DesignChangeState.ACCEPTED)
