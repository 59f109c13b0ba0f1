"""The quick actions of the lead page, declared once (decocrm.core.actions): form, service, label, icon, and when
each is offered — from the lead's state machine (models.Lead) and the user's rights. The page, the view and the
tests read this table; nothing else lists the lead's actions."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.accounts.selectors import is_manager
from decocrm.core.actions import Action, ActionSet

from . import services
from .forms import (
    AnswerForm,
    AppealDecideForm,
    AppealReasonForm,
    AssignForm,
    ContactForm,
    DesignerForm,
    LeadEditForm,
    LostForm,
    NoteForm,
    QuestionForm,
    RejectForm,
)
from .permissions import can_manage_lead, can_work_lead
from .selectors import lead_questions
from .services import LEAD_EDITABLE_FIELDS, may_assign_designer, may_edit_lead


def _works_open(user, lead) -> bool:
    return lead.is_open and can_work_lead(user, lead)


def _manages_open(user, lead) -> bool:
    return lead.is_open and is_manager(user) and can_manage_lead(user, lead)


def _manages_owned(user, lead) -> bool:
    return lead.owner_id is not None and _manages_open(user, lead)


def _contact(lead, by, data):
    services.lead_log_contact(lead=lead, by=by, **data)
    return _("Contact logged.")


def _qualify(lead, by, data):
    services.lead_qualify(lead=lead, by=by, note=data["note"])
    return _("Lead qualified: choose its designer and book the measurement visit before its deadline.")


def _reject(lead, by, data):
    services.lead_reject(lead=lead, by=by, reason=data["reason"], note=data["note"])
    return _("Lead rejected.")


def _lose(lead, by, data):
    services.lead_mark_lost(lead=lead, by=by, reason=data["reason"], note=data["note"])
    return _("Lead marked lost.")


def _designer(lead, by, data):
    services.lead_assign_designer(lead=lead, by=by, designer=data["designer"], note=data["note"])
    return _("%(name)s is the lead's designer.") % {"name": data["designer"].display_name}


def _question(lead, by, data):
    services.consultation_record(lead=lead, by=by, question=data["question"], channel=data["channel"])
    return _("Question recorded: answer it before its deadline.")


def _answer(lead, by, data):
    services.consultation_answer(consultation=data["consultation"], by=by, answer=data["answer"])
    return _("Answer recorded.")


def _may_record_question(user, lead) -> bool:
    return _works_open(user, lead)


def _open_questions(lead) -> list:
    return [question for question in lead_questions(lead) if not question.is_answered]


def _may_answer(user, lead) -> bool:
    return can_work_lead(user, lead) and bool(_open_questions(lead))


def _edit(lead, by, data):
    current = _lead_values(lead)
    changes = {name: value for name, value in data.items() if value != current[name]}
    if not changes:
        return _("Nothing was changed.")
    services.lead_update(lead=lead, by=by, **changes)
    return _("Lead saved.")


def _lead_values(lead) -> dict:
    return {name: getattr(lead, name) for name in LEAD_EDITABLE_FIELDS}


def _assign(lead, by, data):
    services.lead_assign(lead=lead, owner=data["owner"], by=by, note=data["note"])
    return _("Lead given to %(name)s.") % {"name": data["owner"].display_name}


def _release(lead, by, data):
    services.lead_release_to_pool(lead=lead, by=by, note=data["note"])
    return _("Lead returned to the pool.")


# Lazy (decocrm.core.actions): the rarely used actions' forms are fetched when their card is opened, so the lead page
# renders only the frequent ones (log a contact, qualify, a question and its answer): issue 13, the page's CPU.
LEAD_ACTIONS = ActionSet(
    Action("contact", gettext_lazy("Log contact"), _contact, ContactForm, allowed=_works_open, icon="telephone-plus"),
    Action("qualify", gettext_lazy("Qualify"), _qualify, NoteForm, transition="qualify", icon="check2-circle",
           style="btn-success"),
    Action("reject", gettext_lazy("Reject"), _reject, RejectForm, transition="reject", icon="x-circle",
           style="btn-outline-danger", lazy=True),
    Action("lost", gettext_lazy("Mark lost"), _lose, LostForm, transition="lose", icon="heartbreak",
           style="btn-outline-danger", lazy=True),
    Action("designer", gettext_lazy("Assign a designer"), _designer, DesignerForm, allowed=may_assign_designer,
           icon="palette", style="btn-outline-primary", lazy=True),
    Action("question", gettext_lazy("Question to answer"), _question, QuestionForm, allowed=_may_record_question,
           icon="question-circle", style="btn-outline-primary"),
    Action("answer", gettext_lazy("Answer a question"), _answer, AnswerForm, allowed=_may_answer,
           icon="chat-left-text", style="btn-outline-primary",
           object_form_kwargs=lambda lead: {"questions": _open_questions(lead)}),
    Action("edit", gettext_lazy("Edit"), _edit, LeadEditForm, allowed=may_edit_lead, icon="pencil",
           style="btn-outline-primary", object_form_kwargs=lambda lead: {"initial": _lead_values(lead)}, lazy=True),
    Action("assign", gettext_lazy("Assign"), _assign, AssignForm, allowed=_manages_open, icon="person-check",
           form_kwargs=lambda user: {"user": user}, lazy=True),
    Action("release", gettext_lazy("Return to the pool"), _release, NoteForm, allowed=_manages_owned,
           icon="box-arrow-up", style="btn-outline-secondary", lazy=True),
    url="leads:action",
    live="lead-live",
)  # fmt: skip


# --- The steps of an appeal (the queue page; models.Appeal's machine and leads.permissions say who may take them)


def _decide(appeal, by, data):
    services.appeal_decide(appeal=appeal, by=by, **data)
    return _("Appeal decided; both parties are told.")


def _escalate(appeal, by, data):
    appeal = services.appeal_escalate(appeal=appeal, by=by, **data)
    return _("Appeal escalated to %(level)s.") % {"level": appeal.level.label}


def _order_review(appeal, by, data):
    services.appeal_order_review(appeal=appeal, by=by, **data)
    return _("Review ordered: the decision goes back to its level.")


APPEAL_ACTIONS = ActionSet(
    Action("decide", gettext_lazy("Decide"), run=_decide, form=AppealDecideForm,
           allowed=lambda user, appeal: services.may_decide_appeal(user, appeal), icon="check2-square"),
    Action("escalate", gettext_lazy("Escalate"), run=_escalate, form=AppealReasonForm,
           allowed=lambda user, appeal: services.may_escalate_appeal(user, appeal), icon="arrow-up-circle",
           style="btn-outline-secondary"),
    Action("review", gettext_lazy("Order a review"), run=_order_review, form=AppealReasonForm,
           allowed=lambda user, appeal: services.may_order_appeal_review(user, appeal), icon="arrow-counterclockwise",
           style="btn-outline-warning"),
    url="leads:appeal_action",
    live="appeal-queue",
)  # fmt: skip
