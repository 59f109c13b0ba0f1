"""Forms of the design panel (appointments, measurement, proposals). They only validate input; the services decide."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.selectors import visible_staff
from decocrm.core.dates import APPOINTMENT, WindowedDateTimeField
from decocrm.core.forms import LoadedModelChoiceField, LoadedModelMultipleChoiceField
from decocrm.core.uploads import MultipleUploadField, UploadField

from ..choices import AppointmentKind, ProposalFileKind, ProposalResponse, RescheduleCause
from ..uploads import PHOTOS, PLANS, PROPOSAL_FILES
from .rooms import RoomsField

# --- Appointments, measurement, proposals

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def active_designers():
    """Whom a lead's designer is chosen from: every active staff member with the designer role."""
    return User.objects.filter(is_active=True, role=Role.DESIGNER).order_by("last_name", "first_name", "username")


class DesignerForm(forms.Form):
    """Choose the lead's designer (leads.actions: "designer")."""

    designer = forms.ModelChoiceField(label=_("Designer"), queryset=User.objects.none())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designer"].queryset = active_designers()


class AppointmentBookForm(forms.Form):
    kind = forms.ChoiceField(label=_("Purpose"), choices=AppointmentKind.choices)
    scheduled_at = WindowedDateTimeField(label=_("Time"), window=APPOINTMENT, widget=_WHEN)
    place = forms.CharField(label=_("Place"), max_length=200)
    attendees = LoadedModelMultipleChoiceField(
        label=_("Our attendees"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    customer_attendees = forms.CharField(label=_("Customer side"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    designer = LoadedModelChoiceField(
        label=_("Designer"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For a measurement visit: who measures and designs (joins the visit)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = visible_staff(user)
        if user.team_id:
            staff = staff | User.objects.filter(is_active=True, team_id=user.team_id)
        attendees = staff.distinct().order_by("username")
        wanted = Q(pk__in=attendees.values("pk"))
        if user.role == Role.DESIGNER:  # a designer does not pass the lead on (services.lead_assign_designer)
            del self.fields["designer"]
        else:
            wanted |= Q(is_active=True, role=Role.DESIGNER)
        # Both lists in one query (the lead page renders this form on every view): who may attend, and the designers.
        people = list(
            User.objects.filter(wanted)
            .annotate(attends=Exists(attendees.filter(pk=OuterRef("pk"))))
            .order_by("username")
        )
        self.fields["attendees"].load([person for person in people if person.attends], queryset=attendees)
        if "designer" in self.fields:
            designers = [person for person in people if person.is_active and person.role == Role.DESIGNER]
            designers.sort(key=lambda person: (person.last_name, person.first_name, person.username))
            self.fields["designer"].load(designers, queryset=active_designers())


class AppointmentReconfirmForm(forms.Form):
    note = forms.CharField(label=_("How it was confirmed"), max_length=300, required=False)


class AppointmentRescheduleForm(forms.Form):
    scheduled_at = WindowedDateTimeField(label=_("New time"), window=APPOINTMENT, widget=_WHEN)
    cause = forms.ChoiceField(
        label=_("Who asked to move it"),
        choices=RescheduleCause.choices,
        widget=forms.RadioSelect,
        help_text=_("When the customer moves it, the design deadlines wait until the visit takes place."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MeasurementRecordForm(forms.Form):
    held_at = WindowedDateTimeField(label=_("Measured at"), happened=True, widget=_WHEN)
    rooms = RoomsField(
        label=_("Rooms"),
        help_text=_("One row per room: its name, length, width and height in metres; blank rows are skipped."),
    )
    doors_windows = forms.CharField(label=_("Doors and windows"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip
    beams_columns = forms.CharField(label=_("Beams and columns"), required=False, widget=forms.Textarea(
        attrs={"rows": 2}))  # fmt: skip
    lighting = forms.CharField(label=_("Lighting"), max_length=300, required=False)
    ventilation = forms.CharField(label=_("Ventilation"), max_length=300, required=False)
    orientation = forms.CharField(label=_("Orientation"), max_length=100, required=False)
    notes = forms.CharField(label=_("Other notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    floor_plan = UploadField(
        label=_("Original floor plan"),
        required=False,
        rule=PLANS,
        help_text=_("Image, PDF or DWG/DXF, at most 20 MB."),
    )
    photos = MultipleUploadField(label=_("Photos"), rule=PHOTOS, help_text=_("JPEG, PNG or WebP; several at once."))


class MeasurementConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("Confirmed by"), max_length=300, help_text=_("Who confirmed the results and how, e.g. 张先生微信确认.")
    )


class ProposalAddForm(forms.Form):
    style = forms.CharField(label=_("Style"), max_length=100)
    layout_notes = forms.CharField(label=_("Layout"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    material_list = forms.CharField(
        label=_("Material list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One material per line."),
    )
    quote_amount = forms.DecimalField(
        label=_("Rough quote (CNY)"), min_value=0, max_digits=12, decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}))  # fmt: skip
    construction_days = forms.IntegerField(label=_("Construction period (days)"), min_value=1, max_value=3650)
    renderings = MultipleUploadField(
        label=_("Renderings and files"),
        rule=PROPOSAL_FILES,
        help_text=_("Images, PDF or DWG/DXF, at most 20 MB each."),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["files"] = [(ProposalFileKind.RENDERING, f) for f in cleaned.get("renderings") or []]
        return cleaned


class ProposalResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Customer's response"),
        choices=[c for c in ProposalResponse.choices if c[0] != ProposalResponse.PENDING],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
