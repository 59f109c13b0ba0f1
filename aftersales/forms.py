"""Forms of the revisit pages. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role

from .choices import RevisitMethod, SurveyKind
from .models import SCORE_FIELDS

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
