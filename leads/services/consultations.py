"""Questions answered later (seed 001 §3(二)2, 4): a question the receptionist or salesperson cannot answer on the
spot is recorded with how it came in (the customer's contact is the lead's), which starts its consultation-reply
clock (policy "consultation_reply", default 24 hours) in the same transaction; answering it stops the clock, met or
met late. Recorded at capture (lead_capture's `question`) or later from the lead page, answered from the lead page,
by whoever does the lead's sales work (permissions.can_work_lead: the owner and their managers; a designer
asked a question passes it to them, as the seed's reception does).
A question stays answerable after the lead closed; its clock is cancelled with the lead's, and goes with the
lead when it changes hands (common.give_lead)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.dates import check_happened
from decocrm.sla.services import clock_cancel, clock_start, clock_stop

from ..choices import ContactChannel, LeadClockKind
from ..models import Consultation, Lead
from ..permissions import can_work_lead
from .common import LeadPermissionError, LeadStateError, check_event_time, lock_lead, require_open

REPLY = LeadClockKind.CONSULTATION_REPLY
MAX_TEXT = 2000


def _text(value, field, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("At most %(max)d characters.") % {"max": MAX_TEXT}})
    return value


def record_question(lead, *, by, question, channel, at) -> Consultation:
    """Record the question on a locked lead and start its reply clock (the caller checked who may)."""
    if channel not in ContactChannel.values:
        raise ValidationError({"channel": _("Choose how the question came in.")})
    consultation = Consultation(
        lead=lead,
        question=_text(question, "question", _("Write down the question to answer.")),
        channel=channel,
        recorded_at=at,
        recorded_by=by,
    )
    consultation.full_clean()
    consultation.save()
    clock_start(kind=REPLY, subject=consultation, at=at, by=by)
    return consultation


@transaction.atomic
def consultation_record(*, lead: Lead, by, question: str, channel: str = ContactChannel.PHONE, at=None):
    """A question that could not be answered on the spot, recorded on an open lead: its reply clock starts."""
    at = at or timezone.now()
    lead = lock_lead(lead)
    require_open(lead)
    if not can_work_lead(by, lead):
        raise LeadPermissionError(_("Only the people working this lead record its questions."))
    check_event_time(lead, at)
    return record_question(lead, by=by, question=question, channel=channel, at=at)


@transaction.atomic
def consultation_answer(*, consultation: Consultation, by, answer: str, at=None) -> Consultation:
    """The question is answered (once): its reply clock stops, met or met late."""
    at = at or timezone.now()
    consultation = Consultation.objects.select_for_update(of=("self",)).select_related("lead").get(pk=consultation.pk)
    if not can_work_lead(by, consultation.lead):
        raise LeadPermissionError(_("Only the people working this lead answer its questions."))
    if consultation.is_answered:
        raise LeadStateError(_("This question was already answered."))
    check_happened(
        at, field="at", label=_("Time"), not_before=consultation.recorded_at, since=_("the question was recorded")
    )
    consultation.answer = _text(answer, "answer", _("Write down the answer given to the customer."))
    consultation.answered_at = at
    consultation.answered_by = by
    consultation.full_clean()
    consultation.save()
    clock_stop(kind=REPLY, subject=consultation, at=at, by=by)
    return consultation


def open_questions(lead):
    return lead.consultations.filter(answered_at__isnull=True)


def cancel_question_clocks(lead, *, code, at, by) -> None:
    """The lead closed: the reply clocks of its open questions are cancelled."""
    for consultation in open_questions(lead):
        clock_cancel(kind=REPLY, subject=consultation, code=code, at=at, by=by)
