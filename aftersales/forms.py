"""Forms of the repair pages. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from contracts.models import WarrantyItem
from decocrm.accounts.choices import Role
from decocrm.core.dates import APPOINTMENT, WindowedDateTimeField
from decocrm.core.uploads import MultipleUploadField, UploadField
from projects.models import Project

from .choices import AcceptanceMethod, Channel, Nature, Severity
from .uploads import PHOTOS

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# The phone's camera opens straight away (the file picker stays one tap further on desktops).
CAMERA = {"accept": "image/*", "capture": "environment"}


def _text(label, *, required=True, rows=3, max_length=2000):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), max_length=max_length
    )


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
