"""The revisit page's actions, declared once (decocrm.core.actions): answering a raised point, the supervisor's
sign-off, cancelling a scheduled follow-up."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .forms import NoteForm, PointAnswerForm, ReasonForm
from .permissions import may_answer, may_cancel, may_sign_off


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
