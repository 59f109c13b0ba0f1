"""Forms of the complaint pages. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.models import Team
from decocrm.core.uploads import MultipleUploadField

from .choices import STATED_MAJOR_REASONS, Category, Channel, Satisfaction
from .uploads import EVIDENCE

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _text(label, *, required=True, rows=3, max_length=4000, help_text=""):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           max_length=max_length, help_text=help_text)  # fmt: skip


def _yes_no(label):
    return forms.TypedChoiceField(label=label, choices=YES_NO, coerce=lambda value: value == "yes",
                                  widget=forms.RadioSelect)  # fmt: skip


def active_staff():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .select_related("team")
        .order_by("last_name", "first_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.display_name


class IntakeForm(forms.Form):
    """The central intake [seed 002 §2.3]. A customer on file is found by the phone (or comes from the customer
    page); the project by its contract number."""

    anonymous = forms.BooleanField(label=_("Anonymous (the complainant leaves no name)"), required=False)
    complainant_name = forms.CharField(label=_("Complainant"), max_length=100, required=False)
    complainant_phone = forms.CharField(label=_("Complainant's phone"), max_length=30, required=False,
                                        help_text=_("A customer on file with this phone is linked."))  # fmt: skip
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    content = _text(_("What the complaint is about"), rows=4)
    demand = _text(_("The customer's demand"), required=False, rows=2)
    accused_staff = StaffChoiceField(label=_("Staff member complained about"), queryset=None, required=False)
    accused_team = forms.ModelChoiceField(label=_("Team complained about"), queryset=None, required=False)
    contract_number = forms.CharField(label=_("Contract number of the project concerned"), max_length=40,
                                      required=False)  # fmt: skip
    major_reasons = forms.MultipleChoiceField(
        label=_("Major because"), choices=STATED_MAJOR_REASONS, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("A repeat of the same customer within 90 days is found by itself."),
    )  # fmt: skip
    handler = StaffChoiceField(label=_("Handler"), queryset=None, required=False,
                               help_text=_("Never the staff member complained about."))  # fmt: skip
    evidence = MultipleUploadField(label=_("Evidence"), rule=EVIDENCE, help_text=_("Photos or PDF files."))

    def __init__(self, *args, customer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        staff = active_staff()
        self.fields["accused_staff"].queryset = staff
        self.fields["handler"].queryset = staff
        self.fields["accused_team"].queryset = Team.objects.order_by("name")
        if customer is not None:
            del self.fields["anonymous"]
            self.fields["complainant_name"].initial = customer.name

    def clean_contract_number(self):
        from projects.models import Project

        number = self.cleaned_data["contract_number"].strip()
        if not number:
            return None
        project = Project.objects.filter(contract__number=number).select_related("customer", "team").first()
        if project is None:
            raise forms.ValidationError(_("No project has this contract number."))
        return project

    def clean(self):
        cleaned = super().clean()
        handler, accused = cleaned.get("handler"), cleaned.get("accused_staff")
        if handler is not None and accused is not None and handler.pk == accused.pk:
            self.add_error("handler", _("The staff member complained about may not handle the complaint."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["project"] = data.pop("contract_number")
        data["anonymous"] = data.get("anonymous", False)
        data["customer"] = self.customer
        return data


class AssignForm(forms.Form):
    """The handler: the complaint's accused (and, on a reassignment, its current handler) are never offered."""

    handler = StaffChoiceField(label=_("Handler"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, complaint=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = active_staff()
        if complaint is not None:
            if complaint.accused_staff_id:
                staff = staff.exclude(pk=complaint.accused_staff_id)
            if complaint.handler_id:
                staff = staff.exclude(pk=complaint.handler_id)
        self.fields["handler"].queryset = staff


class SolutionForm(forms.Form):
    investigation = _text(_("Investigation report"), rows=4)
    justified = _yes_no(_("Is the complaint justified?"))
    demand_reasonable = _yes_no(_("Is the demand reasonable?"))
    category = forms.ChoiceField(label=_("Root-cause category"), choices=[("", "—"), *Category.choices])
    corrective_action = _text(_("Corrective action"), required=False, rows=2)
    solution = _text(_("Proposed solution"), rows=3)
    compensation = forms.DecimalField(label=_("Compensation (yuan)"), required=False, min_value=0, max_digits=12,
                                      decimal_places=2,
                                      help_text=_("Above the limit a manager approves it."))  # fmt: skip


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Why it is declined"), max_length=500)


class FeedbackForm(forms.Form):
    feedback = _text(_("How the customer took the result"), rows=2)


class CloseForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("Customer's satisfaction with the handling"),
                                     choices=Satisfaction.choices, widget=forms.RadioSelect)  # fmt: skip
    note = _text(_("Closing note"), required=False, rows=2)


class ReportForm(forms.Form):
    report = _text(_("What management is told"), rows=3)


class EvidenceForm(forms.Form):
    files = MultipleUploadField(label=_("Evidence"), rule=EVIDENCE, required=True)


class FileStatisticsForm(forms.Form):
    summary = _text(_("Summary for the general manager"), required=False, rows=3)
