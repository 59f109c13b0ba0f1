"""The revisit and survey pages' actions, declared once (decocrm.core.actions): answering a raised point, the
supervisor's sign-off, cancelling a scheduled follow-up; a survey's answers on a call, its one-time link, its
improvement measures."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .forms import MeasureDoneForm, MeasureForm, NoteForm, PointAnswerForm, ReasonForm, SurveyAnswerForm
from .permissions import may_answer, may_cancel, may_sign_off, may_survey


def _of_revisit(revisit) -> dict:
    return {"revisit": revisit}


def _answers(user, revisit):
    return any(point.is_open and may_answer(user, point, revisit) for point in revisit.points.all())


def _answer(revisit, by, data):
    services.revisit_point_answer(point=data["point"], by=by, answer=data["answer"], follow_up=data["follow_up"])
    if data["follow_up"]:
        return _("Answer recorded; a follow-up revisit is scheduled.")
    return _("Answer recorded.")


def _sign_off(revisit, by, data):
    services.revisit_sign_off(revisit=revisit, by=by, note=data["note"])
    return _("Revisit signed off.")


def _cancel(revisit, by, data):
    services.revisit_cancel(revisit=revisit, by=by, note=data["note"])
    return _("Revisit cancelled.")


REVISIT_ACTIONS = ActionSet(
    Action("answer", gettext_lazy("Answer a raised point"), _answer, PointAnswerForm, allowed=_answers,
           icon="reply", style="btn-primary", object_form_kwargs=_of_revisit),
    Action("sign-off", gettext_lazy("Sign off"), _sign_off, NoteForm, transition="sign_off",
           allowed=may_sign_off, icon="check2-square", style="btn-outline-success"),
    Action("cancel", gettext_lazy("Cancel the revisit"), _cancel, ReasonForm, transition="cancel",
           allowed=may_cancel, icon="x-circle", style="btn-outline-danger",
           confirm=gettext_lazy("Cancel this scheduled revisit?")),
    url="aftersales:revisit-action",
    live="revisit-live",
)  # fmt: skip


# --- the survey page


def _of_survey(survey) -> dict:
    return {"survey": survey}


def _surveys_open(user, survey):
    return not survey.answered and may_survey(user)


def _has_open_measure(user, survey):
    return any(not m.done_at and (m.responsible_id == user.pk or may_survey(user)) for m in survey.measures.all())


def _issue_link(survey, by, data):
    token = services.survey_issue_link(survey=survey, by=by)
    url = reverse("aftersales:survey-public", args=[token])
    link = f"{settings.SITE_URL.rstrip('/')}{url}" if settings.SITE_URL else url
    return _("One-time link (send it now, it is not shown again): %(link)s") % {"link": link}


def _record_answers(survey, by, data):
    survey = services.survey_record(survey=survey, by=by, **SurveyAnswerForm.answers_of(data))
    if survey.follow_up_id:
        return _("Answers recorded. A low score: a follow-up revisit is scheduled.")
    return _("Answers recorded.")


def _add_measure(survey, by, data):
    services.improvement_add(survey=survey, by=by, **data)
    return _("Improvement measure added.")


def _measure_done(survey, by, data):
    services.improvement_done(measure=data["measure"], by=by, note=data["note"])
    return _("Measure closed.")


SURVEY_ACTIONS = ActionSet(
    Action("record", gettext_lazy("Record the answers (call)"), _record_answers, SurveyAnswerForm,
           allowed=_surveys_open, icon="telephone", style="btn-primary"),
    Action("link", gettext_lazy("Issue a one-time link"), _issue_link, allowed=_surveys_open, icon="link-45deg",
           style="btn-outline-primary", confirm=gettext_lazy("A new link replaces the one sent before. Go on?")),
    Action("measure", gettext_lazy("Add an improvement measure"), _add_measure, MeasureForm,
           allowed=lambda user, survey: may_survey(user), icon="lightbulb", style="btn-outline-secondary",
           object_form_kwargs=_of_survey),
    Action("measure-done", gettext_lazy("Close a measure"), _measure_done, MeasureDoneForm,
           allowed=_has_open_measure, icon="check2-circle", style="btn-outline-success",
           object_form_kwargs=_of_survey),
    url="aftersales:survey-action",
    live="survey-live",
)  # fmt: skip
