"""Forms of the repair pages. They only validate input; the services decide (ENGINEERING.md rule 1).

Forms of the revisit pages. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from contracts.models import WarrantyItem
from decocrm.accounts.choices import Role
from decocrm.core.dates import APPOINTMENT, WindowedDateTimeField
from decocrm.core.uploads import MultipleUploadField, UploadField
from projects.models import Project

from .choices import AcceptanceMethod, Channel, Nature, RevisitMethod, Severity, SurveyKind
from .models import SCORE_FIELDS
from .uploads import PHOTOS

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# The phone's camera opens straight away (the file picker stays one tap further on desktops).
CAMERA = {"accept": "image/*", "capture": "environment"}


def _text(label, *, required=True, rows=3, max_length=2000, help_text=""):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           max_length=max_length, help_text=help_text)  # fmt: skip


def _photos(label=None):
    field = MultipleUploadField(
        label=label or _("Photos"), rule=PHOTOS, help_text=_("Take them with the camera, or choose several.")
    )
    field.widget.attrs.update(CAMERA)
    return field


def _item_label(item):
    if item.ends_on:
        return _("%(item)s · until %(day)s") % {"item": item.name, "day": item.ends_on.isoformat()}
    return item.name


def after_sales_staff():
    staff = get_user_model().objects.filter(role=Role.AFTER_SALES, is_active=True)
    return staff.order_by("last_name", "first_name", "username")


class IntakeForm(forms.Form):
    """A repair request for one customer: their completed projects and those contracts' warranty items."""

    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False, empty_label=_("None"))
    warranty_item = forms.ModelChoiceField(
        label=_("Warranty item"), queryset=None, required=False, empty_label=_("None (out of warranty)")
    )
    item = forms.CharField(label=_("Item"), max_length=100, required=False,
                           help_text=_("What needs repairing; the warranty item's name when left empty."))  # fmt: skip
    description = _text(_("What the customer describes"))
    contact_checked = forms.BooleanField(label=_("I checked who the contact person is for this request"), required=True)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30)
    technician = forms.ModelChoiceField(
        label=_("After-sales staff"), queryset=None, required=False, empty_label=_("Unassigned")
    )
    photos = _photos()

    def __init__(self, *args, customer, projects, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.fields["project"].queryset = Project.objects.filter(pk__in=[p.pk for p in projects])
        self.fields["project"].label_from_instance = lambda p: p.contract.number or str(p)
        items = [item.pk for project in projects for item in project.contract.warranty_items.all()]
        self.fields["warranty_item"].queryset = WarrantyItem.objects.filter(pk__in=items).select_related("contract")
        self.fields["warranty_item"].label_from_instance = _item_label
        self.fields["technician"].queryset = after_sales_staff()
        if user.role == Role.AFTER_SALES:
            self.fields["technician"].initial = user.pk
        if len(projects) == 1:
            self.fields["project"].initial = projects[0].pk
        self.fields["contact_name"].initial = customer.name
        self.fields["contact_phone"].initial = customer.phone


class ContactForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AssessForm(forms.Form):
    nature = forms.ChoiceField(label=_("Nature"), choices=Nature.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect)
    plan = _text(_("Repair plan"))
    quote_amount = forms.DecimalField(label=_("Quote (yuan)"), required=False, min_value=0, max_digits=10,
                                      decimal_places=2)  # fmt: skip

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        if ticket is not None and ticket.in_warranty:
            del self.fields["quote_amount"]


class DispatchForm(forms.Form):
    technician = forms.ModelChoiceField(label=_("Technician"), queryset=None)
    appointment_at = WindowedDateTimeField(label=_("Appointment"), window=APPOINTMENT, widget=WHEN)
    customer_notified = forms.BooleanField(label=_("The customer was told when the technician comes"), required=True)

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = after_sales_staff()
        if ticket is not None:
            self.fields["technician"].initial = ticket.technician_id


class AssignForm(forms.Form):
    technician = forms.ModelChoiceField(label=_("After-sales staff"), queryset=None)

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = after_sales_staff()


class RepairForm(forms.Form):
    report = _text(_("What was done"))
    photos = _photos(_("Photos of the repair"))


class AcceptForm(forms.Form):
    method = forms.ChoiceField(label=_("How the customer accepted"), choices=AcceptanceMethod.choices,
                               widget=forms.RadioSelect, initial=AcceptanceMethod.SIGNATURE)  # fmt: skip
    name = forms.CharField(label=_("Name of who signed"), max_length=50, required=False)
    signature = UploadField(label=_("Signature (a photo of the signed slip)"), rule=PHOTOS, required=False)
    note = forms.CharField(label=_("Confirmation (how and when)"), max_length=300, required=False)

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signature"].widget.attrs.update(CAMERA)
        if ticket is not None:
            self.fields["name"].initial = ticket.contact_name


class ReasonForm(forms.Form):
    reason = _text(_("Why"), rows=2, max_length=500)


class NotSatisfiedForm(forms.Form):
    reason = _text(_("What the customer is not satisfied with"), rows=2, max_length=500)


class PhotosForm(forms.Form):
    photos = _photos()

    def __init__(self, *args, ticket=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].required = True


SCORES = [(n, str(n)) for n in range(1, 6)]


def point_owners():
    """Who may own a raised point: active staff who answer customers (not archive clerks)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(role=Role.ARCHIVE_CLERK)
        .order_by("last_name", "first_name", "username")
    )


class RevisitRecordForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=RevisitMethod.choices, widget=forms.RadioSelect)
    outcome = _text(_("What the customer said"))
    satisfaction = forms.TypedChoiceField(label=_("Satisfaction"), choices=SCORES, coerce=int,
                                          widget=forms.RadioSelect)  # fmt: skip
    points = _text(
        _("Points the customer raised"), required=False, rows=3, max_length=5000,
        help_text=_("One point per line: each becomes a follow-up with an owner, open until answered."),
    )  # fmt: skip
    points_owner = forms.ModelChoiceField(label=_("Who answers the points"), queryset=None, required=False)
    signature = forms.FileField(
        label=_("Customer's signature (on site)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )  # fmt: skip

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points_owner"].queryset = point_owners()
        if user is not None:
            self.fields["points_owner"].initial = user.pk

    def clean_points(self):
        return [line for line in self.cleaned_data["points"].splitlines() if line.strip()]


class PointAnswerForm(forms.Form):
    point = forms.ModelChoiceField(label=_("Point"), queryset=None)
    answer = _text(_("Answer given to the customer"))
    follow_up = forms.BooleanField(label=_("Schedule another revisit about it"), required=False)

    def __init__(self, *args, revisit=None, **kwargs):
        super().__init__(*args, **kwargs)
        open_points = [p.pk for p in revisit.points.all() if p.is_open] if revisit is not None else []
        self.fields["point"].queryset = revisit.points.filter(pk__in=open_points) if revisit is not None else None


class NoteForm(forms.Form):
    note = _text(_("Note"), required=False, rows=2, max_length=500)


class CancelRevisitForm(forms.Form):
    note = _text(_("Reason"), rows=2, max_length=500)


# --- Satisfaction surveys

RECOMMEND = [(n, str(n)) for n in range(0, 11)]


def _score_field(label):
    return forms.TypedChoiceField(label=label, choices=SCORES, coerce=int, widget=forms.RadioSelect)


class SurveyCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SurveyKind.choices)
    about = forms.CharField(
        label=_("About"), max_length=200, required=False,
        help_text=_("The project or repair surveyed, e.g. its contract or ticket number."),
    )  # fmt: skip
    staff = forms.ModelChoiceField(label=_("Whose service"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = point_owners()


class SurveyAnswerForm(forms.Form):
    quality = _score_field(_("Quality"))
    attitude = _score_field(_("Service attitude"))
    schedule = _score_field(_("Schedule"))
    after_sales = _score_field(_("After-sales"))
    recommend = forms.TypedChoiceField(label=_("How likely is it that you would recommend us? (0–10)"),
                                       choices=RECOMMEND, coerce=int)  # fmt: skip
    suggestions = _text(_("Suggestions"), required=False, rows=3, max_length=2000)

    @staticmethod
    def answers_of(data) -> dict:
        return {"scores": {name: data[name] for name in SCORE_FIELDS}, "recommend": data["recommend"],
                "suggestions": data["suggestions"]}  # fmt: skip


class MeasureForm(forms.Form):
    text = _text(_("Improvement measure"), rows=2)
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=None)
    due_on = forms.DateField(label=_("Due on"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))  # fmt: skip

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = point_owners()


class MeasureDoneForm(forms.Form):
    measure = forms.ModelChoiceField(label=_("Measure"), queryset=None)
    note = _text(_("What was done"), rows=2, max_length=2000)

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        open_measures = [m.pk for m in survey.measures.all() if not m.done_at] if survey is not None else []
        self.fields["measure"].queryset = survey.measures.filter(pk__in=open_measures) if survey else None
