"""Forms of the project page. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.core.dates import PLAN_DATE, WindowedDateField
from decocrm.core.uploads import MultipleUploadField

from .choices import AcceptanceResult, DelayCause, StageStatus
from .uploads import PHOTOS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _plan_date(label, **kwargs):
    return WindowedDateField(label=label, window=PLAN_DATE, widget=DATE, **kwargs)


def _text(label, *, required=True, rows=3, max_length=2000):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), max_length=max_length
    )


def _stage_choices(project, statuses):
    return [(stage.pk, stage.name) for stage in project.stages.all() if stage.status in statuses]


class ProjectForm(forms.Form):
    """A form that knows its project (its stages come from the page's prefetch)."""

    def __init__(self, *args, project=None, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)

    def stage_of(self, pk):
        return next((stage for stage in self.project.stages.all() if str(stage.pk) == str(pk)), None)

    def clean_stage(self):
        value = self.cleaned_data.get("stage")
        return self.stage_of(value) if value else None


class AssignForm(forms.Form):
    manager = forms.ModelChoiceField(label=_("Project manager"), queryset=None)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(role=Role.PROJECT_MANAGER, is_active=True)
        self.fields["manager"].queryset = staff.order_by("last_name", "first_name", "username")


class PlanForm(ProjectForm):
    """Each stage's planned start and end, the workers' team and the quality inspector."""

    workers = forms.CharField(label=_("Workers' team"), max_length=200, required=False)
    inspector = forms.CharField(label=_("Quality inspector"), max_length=100, required=False)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        if project is None:
            return
        self.fields["workers"].initial, self.fields["inspector"].initial = project.workers, project.inspector
        for stage in project.stages.all():
            self.fields[f"start_{stage.code}"] = _plan_date(stage.name, initial=stage.planned_start)
            self.fields[f"end_{stage.code}"] = _plan_date(_("until"), initial=stage.planned_end)

    def clean(self):
        cleaned = super().clean()
        dates = {}
        for stage in self.project.stages.all():
            start, end = cleaned.get(f"start_{stage.code}"), cleaned.get(f"end_{stage.code}")
            if start and end:
                if end < start:
                    self.add_error(f"end_{stage.code}", _("The end comes after the start."))
                dates[stage.code] = (start, end)
        return {"dates": dates, "workers": cleaned.get("workers", ""), "inspector": cleaned.get("inspector", "")}


class ReviewForm(forms.Form):
    note = _text(_("Note"), required=False, rows=2, max_length=500)


class ReturnForm(forms.Form):
    note = _text(_("What should change"), rows=2, max_length=500)


class StartStageForm(ProjectForm):
    stage = forms.TypedChoiceField(label=_("Stage"), coerce=int)
    started_on = WindowedDateField(label=_("Started on"), happened=True, widget=DATE)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        if project is not None:
            self.fields["stage"].choices = _stage_choices(project, {StageStatus.PENDING})[:1]


class AcceptanceForm(ProjectForm):
    stage = forms.TypedChoiceField(label=_("Stage"), coerce=int)
    held_on = WindowedDateField(label=_("Held on"), happened=True, widget=DATE)
    result = forms.ChoiceField(label=_("Result"), choices=AcceptanceResult.choices, widget=forms.RadioSelect)
    customer_attended = forms.BooleanField(label=_("Customer attended"), required=False)
    designer_attended = forms.BooleanField(label=_("Designer attended"), required=False)
    manager_attended = forms.BooleanField(label=_("Project manager attended"), required=False)
    other_attendees = forms.CharField(label=_("Other attendees"), max_length=200, required=False)
    issues = _text(_("Issues found"), required=False)
    rectify_by = _plan_date(_("Rectify by"), required=False)
    photos = MultipleUploadField(label=_("Photos"), rule=PHOTOS, help_text=_("JPEG, PNG or WebP; several at once."))

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        if project is not None:
            statuses = {StageStatus.IN_PROGRESS, StageStatus.BLOCKED}
            self.fields["stage"].choices = _stage_choices(project, statuses)
            stages = list(project.stages.all())
            if stages and stages[-1].status in statuses:
                self.fields.update(care_fields())


def care_fields() -> dict:
    """The care handover, asked with the completion acceptance (the last stage's): the service requires it when
    the acceptance passes (projects.services.completion)."""
    return {
        "care_manual": forms.BooleanField(label=_("Care manual handed over"), required=False),
        "care_training": forms.BooleanField(label=_("Care training given"), required=False),
        "care_received_by": forms.CharField(
            label=_("Received by (the customer's side)"), max_length=100, required=False,
            help_text=_("Who was given the manual and the training; required when the completion acceptance passes."),
        ),
        "care_note": _text(_("Care handover note"), required=False, rows=2, max_length=1000),
    }  # fmt: skip


class UpdateForm(forms.Form):
    text = _text(_("What was done this week"))
    percent_complete = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    photos = MultipleUploadField(label=_("Photos"), rule=PHOTOS, help_text=_("JPEG, PNG or WebP; several at once."))

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            self.fields["percent_complete"].initial = project.percent_complete


class DelayForm(ProjectForm):
    what_changes = _text(_("What changes"))
    cause = forms.ChoiceField(label=_("Cause"), choices=DelayCause.choices)
    cause_detail = forms.CharField(label=_("Cause in detail"), max_length=300, required=False)
    effective_on = _plan_date(_("Takes effect on"))
    stage = forms.TypedChoiceField(label=_("Stage"), coerce=int, required=False, empty_value=None)
    new_start = _plan_date(_("New start"), required=False)
    new_end = _plan_date(_("New end"), required=False)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        if project is not None:
            choices = _stage_choices(project, {StageStatus.PENDING, StageStatus.IN_PROGRESS, StageStatus.BLOCKED})
            self.fields["stage"].choices = [("", _("The whole project")), *choices]


class QualityIssueForm(ProjectForm):
    description = _text(_("What the customer reported"))
    stage = forms.TypedChoiceField(label=_("Stage"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        if project is not None:
            self.fields["stage"].choices = [("", "—"), *((s.pk, s.name) for s in project.stages.all())]


class IssueStepForm(forms.Form):
    """One step of an open quality issue: the answer, the rectification, or the customer's confirmation."""

    step = ""  # the issue's status this step follows
    issue = forms.TypedChoiceField(label=_("Quality issue"), coerce=int)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.issues = [i for i in project.quality_issues.all() if i.status == self.step] if project else []
        self.fields["issue"].choices = [(i.pk, i.description[:60]) for i in self.issues]

    def clean_issue(self):
        pk = self.cleaned_data["issue"]
        return next(i for i in self.issues if i.pk == pk)


class RespondForm(IssueStepForm):
    step = "raised"
    response = _text(_("Response"), rows=2)


class RectifyForm(IssueStepForm):
    step = "responded"
    rectification = _text(_("Rectification"), rows=2)


class ConfirmForm(IssueStepForm):
    step = "rectified"
