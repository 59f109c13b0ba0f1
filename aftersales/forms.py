"""Forms of the revisit pages. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role

from .choices import RevisitMethod

SCORES = [(n, str(n)) for n in range(1, 6)]


def _text(label, *, required=True, rows=3, max_length=2000, help_text=""):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           max_length=max_length, help_text=help_text)  # fmt: skip


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


class ReasonForm(forms.Form):
    note = _text(_("Reason"), rows=2, max_length=500)
