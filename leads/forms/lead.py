"""Forms of the lead pages. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customers.choices import SpaceType, SpecialNeed, StylePreference
from customers.models import District
from customers.phones import normalize_phone
from customers.selectors import visible_customers
from decocrm.accounts.selectors import is_manager, visible_staff
from decocrm.core.dates import PLAN_DATE, WindowedDateField

from ..choices import AppealDecision, Channel, ContactChannel, LostReason, RejectReason
from ..services.ownership import SELLING_ROLES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LeadCaptureForm(forms.Form):
    DESTINATION_MINE = "mine"
    DESTINATION_POOL = "pool"
    DESTINATION_ROTATION = "rotation"

    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("The person's or the company's name."))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off", "placeholder": "138 1234 5678"}),
    )
    is_organisation = forms.BooleanField(label=_("This is an organisation (company, school…)"), required=False)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.all(), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    channel_detail = forms.CharField(
        label=_("Channel detail"), max_length=100, required=False, help_text=_("Which platform, which expo…")
    )
    referrer_phone = forms.CharField(
        label=_("Referred by customer (phone)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text=_("For referrals by one of your customers."),
    )
    referred_by_partner = forms.CharField(label=_("Referred by partner"), max_length=100, required=False)
    enquiry = forms.CharField(label=_("Needs"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    question = forms.CharField(
        label=_("Question to answer later"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A question you could not answer on the spot: it is answered within the consultation deadline."),
    )
    question_channel = forms.ChoiceField(label=_("Asked by"), choices=ContactChannel.choices, required=False)
    space_type = forms.ChoiceField(label=_("Space type"), choices=[("", "—"), *SpaceType.choices], required=False)
    area_m2 = forms.DecimalField(label=_("Area (m²)"), min_value=0, max_digits=9, decimal_places=2, required=False)
    layout = forms.CharField(label=_("Layout"), max_length=100, required=False)
    style_preference = forms.ChoiceField(
        label=_("Style"), choices=[("", "—"), *StylePreference.choices], required=False
    )
    budget_min = forms.DecimalField(label=_("Budget from (yuan)"), min_value=0, max_digits=12, required=False)
    budget_max = forms.DecimalField(label=_("Budget up to (yuan)"), min_value=0, max_digits=12, required=False)
    expected_start = WindowedDateField(label=_("Expected start"), window=PLAN_DATE, required=False, widget=DATE)
    special_needs = forms.MultipleChoiceField(
        label=_("Special needs"), choices=SpecialNeed.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    # Sent by the "Create a new enquiry anyway" button the page shows for one's own customer who has leads.
    confirm_repeat = forms.BooleanField(required=False, widget=forms.HiddenInput)
    destination = forms.ChoiceField(
        label=_("Who works it"),
        choices=[
            (DESTINATION_MINE, _("Me")),
            (DESTINATION_POOL, _("The lead pool")),
            (DESTINATION_ROTATION, _("Next salesperson on duty")),
        ],
        initial=DESTINATION_MINE,
    )

    CUSTOMER_FIELDS = (
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
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not is_manager(user):
            del self.fields["destination"]  # salespeople enter leads for themselves

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        if raw:
            normalize_phone(raw)  # the same rule as the service; the error sits under the field
        return raw

    def clean_referrer_phone(self):
        raw = self.cleaned_data["referrer_phone"].strip()
        if not raw:
            return None
        canonical = normalize_phone(raw)
        referrer = visible_customers(self.user).filter(phone=canonical).first()
        if referrer is None:
            raise ValidationError(_("None of your customers has this phone number."))
        return referrer

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("is_organisation"):
            self.add_error("phone", _("A person needs a phone number."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "name": data["name"],
            "phone": data["phone"],
            "is_organisation": data["is_organisation"],
            "channel": data["channel"],
            "channel_detail": data["channel_detail"],
            "enquiry": data["enquiry"],
            "referred_by_customer": data["referrer_phone"],
            "referred_by_partner": data["referred_by_partner"],
            "question": data["question"],
            "question_channel": data["question_channel"] or ContactChannel.PHONE,
            "confirm_repeat": data["confirm_repeat"],
        }
        for field in self.CUSTOMER_FIELDS:
            value = data.get(field)
            if value not in (None, "", []):
                kwargs[field] = value
        destination = data.get("destination", self.DESTINATION_MINE)
        if destination == self.DESTINATION_POOL:
            kwargs["owner"] = None
        elif destination == self.DESTINATION_ROTATION:
            kwargs["round_robin"] = True
        return kwargs


# --- Quick actions on the lead detail page


class ContactForm(forms.Form):
    channel = forms.ChoiceField(label=_("How"), choices=ContactChannel.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    channel = forms.ChoiceField(label=_("Asked by"), choices=ContactChannel.choices)


class AnswerForm(forms.Form):
    consultation = forms.TypedChoiceField(label=_("Question"), coerce=int)
    answer = forms.CharField(label=_("Answer given"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, questions=(), **kwargs):
        """questions: the lead's open questions (actions.py passes them); another lead's question is not a choice."""
        super().__init__(*args, **kwargs)
        self.questions = {question.pk: question for question in questions}
        self.fields["consultation"].choices = [(pk, q.question[:80]) for pk, q in self.questions.items()]

    def clean_consultation(self):
        return self.questions[self.cleaned_data["consultation"]]


class LeadEditForm(forms.Form):
    """The lead's "Edit" action (services.lead_update): what was entered about where it came from and what the
    customer asked. Started from the lead's values (Action.initial); only the changed fields go to the service."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    channel_detail = forms.CharField(
        label=_("Channel detail"), max_length=100, required=False, help_text=_("Which platform, which expo…")
    )
    referred_by_partner = forms.CharField(label=_("Referred by partner"), max_length=100, required=False)
    enquiry = forms.CharField(label=_("Needs"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class RejectForm(NoteForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=RejectReason.choices)
    field_order = ["reason", "note"]


class LostForm(NoteForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=LostReason.choices)
    field_order = ["reason", "note"]


class AssignForm(NoteForm):
    owner = forms.ModelChoiceField(label=_("Give to"), queryset=None)
    field_order = ["owner", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            visible_staff(user).filter(role__in=SELLING_ROLES).order_by("last_name", "first_name", "username")
        )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should this customer be yours?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class AppealDecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=AppealDecision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class AppealReasonForm(forms.Form):
    """Escalating an appeal, or ordering a review of a decision: the reason is required (seed 003 §5)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)
