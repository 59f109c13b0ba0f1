"""The repair ticket page's actions, declared once (decocrm.core.actions): taking or assigning the ticket, logging
the contact, the flow's steps (assess, the quote, dispatch, on site, repaired, the customer's acceptance or "not
satisfied", close), cancelling, and adding photos from the camera.

The revisit and survey pages' actions, declared once (decocrm.core.actions): answering a raised point, the
supervisor's sign-off, cancelling a scheduled follow-up; a survey's answers on a call, its one-time link, its
improvement measures."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .choices import TicketState
from .forms import (
    AcceptForm,
    AssessForm,
    AssignForm,
    CancelRevisitForm,
    ContactForm,
    DispatchForm,
    MeasureDoneForm,
    MeasureForm,
    NoteForm,
    NotSatisfiedForm,
    PhotosForm,
    PointAnswerForm,
    ReasonForm,
    RepairForm,
    SurveyAnswerForm,
)
from .permissions import (
    can_assign_ticket,
    can_take_ticket,
    can_work_ticket,
    may_answer,
    may_cancel,
    may_sign_off,
    may_survey,
)


def _of_ticket(ticket) -> dict:
    return {"ticket": ticket}


def _open(ticket) -> bool:
    return ticket.state not in (TicketState.CLOSED, TicketState.CANCELLED)


def _takes(user, ticket):
    return _open(ticket) and can_take_ticket(user, ticket)


def _assigns(user, ticket):
    return _open(ticket) and can_assign_ticket(user, ticket)


def _contacts(user, ticket):
    return _open(ticket) and not ticket.contacted_at and can_work_ticket(user, ticket)


def _quote_pending(user, ticket):
    return (
        ticket.state == TicketState.ASSESSED
        and not ticket.in_warranty
        and not ticket.quote_accepted_at
        and can_work_ticket(user, ticket)
    )


def _photographs(user, ticket):
    return _open(ticket) and can_work_ticket(user, ticket)


def _take(ticket, by, data):
    services.ticket_take(ticket=ticket, by=by)
    return _("The ticket is yours: its deadlines are unchanged.")


def _assign(ticket, by, data):
    services.ticket_assign(ticket=ticket, by=by, technician=data["technician"])
    return _("Ticket assigned.")


def _contact(ticket, by, data):
    services.ticket_log_contact(ticket=ticket, by=by, note=data["note"])
    return _("Contact with the customer logged.")


def _assess(ticket, by, data):
    services.ticket_assess(ticket=ticket, by=by, **data)
    if ticket.in_warranty:
        return _("Assessment recorded: dispatch a technician.")
    return _("Assessment recorded: the customer accepts the quote before dispatch.")


def _quote(ticket, by, data):
    services.ticket_accept_quote(ticket=ticket, by=by)
    return _("The customer's acceptance of the quote recorded.")


def _dispatch(ticket, by, data):
    services.ticket_dispatch(ticket=ticket, by=by, **data)
    return _("Technician dispatched.")


def _arrive(ticket, by, data):
    services.ticket_arrive(ticket=ticket, by=by)
    return _("On site.")


def _repair(ticket, by, data):
    services.ticket_repair(ticket=ticket, by=by, **data)
    return _("Repaired: feed the result back to the customer within 24 hours.")


def _accept(ticket, by, data):
    services.ticket_customer_accept(ticket=ticket, by=by, **data)
    return _("The customer accepted the repair.")


def _not_satisfied(ticket, by, data):
    services.ticket_not_satisfied(ticket=ticket, by=by, reason=data["reason"])
    return _("Back on site: repair it again.")


def _close(ticket, by, data):
    services.ticket_close(ticket=ticket, by=by)
    return _("Ticket closed and filed: the post-repair revisit is due within a month.")


def _cancel(ticket, by, data):
    services.ticket_cancel(ticket=ticket, by=by, reason=data["reason"])
    return _("Ticket cancelled.")


def _photos(ticket, by, data):
    services.ticket_add_photos(ticket=ticket, by=by, photos=data["photos"])
    return _("Photos added.")


_T = {"object_form_kwargs": _of_ticket}

TICKET_ACTIONS = ActionSet(
    Action("take", gettext_lazy("Take this ticket"), _take, allowed=_takes, icon="person-check"),
    Action("contact", gettext_lazy("Customer contacted"), _contact, ContactForm, allowed=_contacts,
           icon="telephone", style="btn-outline-primary"),
    Action("assess", gettext_lazy("Assess"), _assess, AssessForm, transition="assess", icon="clipboard-check", **_T),
    Action("quote", gettext_lazy("Customer accepted the quote"), _quote, allowed=_quote_pending, icon="cash-coin",
           style="btn-success"),
    Action("dispatch", gettext_lazy("Dispatch"), _dispatch, DispatchForm, transition="dispatch", icon="truck", **_T),
    Action("arrive", gettext_lazy("On site"), _arrive, transition="arrive", icon="geo-alt"),
    Action("repair", gettext_lazy("Repaired"), _repair, RepairForm, transition="repair", icon="tools"),
    Action("accept", gettext_lazy("Customer's acceptance"), _accept, AcceptForm, transition="accept",
           icon="pen", style="btn-success", **_T),
    Action("not_satisfied", gettext_lazy("Not satisfied: repair again"), _not_satisfied, NotSatisfiedForm,
           transition="repair_again", icon="arrow-repeat", style="btn-outline-danger"),
    Action("close", gettext_lazy("Close and file"), _close, transition="close", icon="archive", style="btn-success"),
    Action("photos", gettext_lazy("Add photos"), _photos, PhotosForm, allowed=_photographs, icon="camera",
           style="btn-outline-primary", **_T),
    Action("assign", gettext_lazy("Assign"), _assign, AssignForm, allowed=_assigns, icon="person-gear",
           style="btn-outline-secondary", **_T),
    Action("cancel", gettext_lazy("Cancel the ticket"), _cancel, ReasonForm, transition="cancel", icon="x-circle",
           style="btn-outline-danger"),
    url="aftersales:action",
    live="ticket-live",
)  # fmt: skip


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


def _cancel_revisit(revisit, by, data):
    services.revisit_cancel(revisit=revisit, by=by, note=data["note"])
    return _("Revisit cancelled.")


REVISIT_ACTIONS = ActionSet(
    Action("answer", gettext_lazy("Answer a raised point"), _answer, PointAnswerForm, allowed=_answers,
           icon="reply", style="btn-primary", object_form_kwargs=_of_revisit),
    Action("sign-off", gettext_lazy("Sign off"), _sign_off, NoteForm, transition="sign_off",
           allowed=may_sign_off, icon="check2-square", style="btn-outline-success"),
    Action("cancel", gettext_lazy("Cancel the revisit"), _cancel_revisit, CancelRevisitForm, transition="cancel",
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
