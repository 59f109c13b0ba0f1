"""Satisfaction surveys: created by customer relations (or after-sales, or a manager) for a customer, answered on a
call or through a one-time link that needs no login, expires and works once (only the token's hash is kept). A low
score (any dimension ≤ 2, or a recommendation ≤ 6) schedules a follow-up revisit at once. Improvement measures name
who is responsible and are closed with their result."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.selectors import is_manager
from decocrm.core.errors import DomainError
from decocrm.sla.choices import ClockKind
from decocrm.sla.services import open_clock_for

from ..choices import SurveyChannel, SurveyKind
from ..models import SCORE_FIELDS, ImprovementMeasure, Survey
from ..permissions import may_survey
from .periodic import periodic_revisit_holders
from .revisits import revisit_schedule

LINK_DAYS = 7
MAX_SUGGESTIONS = 2000


class SurveyError(DomainError):
    """A survey step refused: answered already, an expired or used link, not this person's to take."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_surveyor(by):
    if not may_survey(by):
        raise SurveyError(_("Surveys are customer relations', after-sales' and the managers' work."))


@transaction.atomic
def survey_create(*, customer, by, kind, about="", staff=None, at=None) -> Survey:
    at = at or timezone.now()
    _require_surveyor(by)
    if kind not in SurveyKind.values:
        raise ValidationError({"kind": _("Choose what the survey is about.")})
    survey = Survey(customer=customer, kind=kind, about=(about or "").strip()[:200], staff=staff,
                    team=(staff or by).team, created_at=at, created_by=by)  # fmt: skip
    survey.full_clean()
    survey.save()
    return survey


def _surveyor(person, customer):
    """Who takes the survey: the revisitor, if they may survey (after-sales, customer relations, a manager); else
    (a salesperson holding the first revisit) the member of customer relations who shares this customer's periodic
    revisits."""
    if person is not None and person.is_active and may_survey(person):
        return person
    return periodic_revisit_holders().holder_of(customer) or person


@transaction.atomic
def survey_schedule(*, customer, kind, revisitor, about="", staff=None, at=None) -> Survey:
    """A survey the company's rules create (after completion, after a repair), not a person: it waits in the survey
    list of `revisitor` — who will call the customer, and records the answers or sends the link (customer relations
    take it when the revisitor may not survey)."""
    at = at or timezone.now()
    if kind not in SurveyKind.values:
        raise ValidationError({"kind": _("Choose what the survey is about.")})
    holder = _surveyor(revisitor, customer)
    survey = Survey(customer=customer, kind=kind, about=(about or "").strip()[:200], staff=staff,
                    team=getattr(holder or staff, "team", None), created_at=at, created_by=holder)  # fmt: skip
    survey.full_clean()
    survey.save()
    return survey


def survey_after_completion(project, *, by, at):
    """projects' completed-project listener (projects.hooks, registered in AftersalesConfig.ready()): the
    after-completion survey, for whoever holds the first-revisit clock the completion just started (the contract's
    owner, by the contract's clock declaration), about the project manager's work."""
    clock = open_clock_for(project.contract, ClockKind.FIRST_REVISIT, lock=False)
    revisitor = (clock.owner if clock else None) or project.contract.owner
    return survey_schedule(customer=project.customer, kind=SurveyKind.AFTER_COMPLETION,
                           about=project.contract.number or str(project), staff=project.manager,
                           revisitor=revisitor, at=at)  # fmt: skip


@transaction.atomic
def survey_issue_link(*, survey, by, at=None) -> str:
    """A new one-time link (the old one stops working); returns the token, which is shown once and never stored."""
    at = at or timezone.now()
    _require_surveyor(by)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered:
        raise SurveyError(_("This survey has its answers already."))
    token = secrets.token_urlsafe(24)
    days = getattr(settings, "SURVEY_LINK_DAYS", LINK_DAYS)
    survey.token_hash, survey.link_expires_at = token_hash(token), at + timedelta(days=days)
    survey.save(update_fields=["token_hash", "link_expires_at"])
    return token


def survey_by_token(token: str, *, at=None):
    """The survey this token opens, or None: unknown, used or expired links open nothing (and say nothing more)."""
    at = at or timezone.now()
    if not token or len(token) > 100:
        return None
    return (
        Survey.objects.filter(token_hash=token_hash(token), answered_at__isnull=True, link_expires_at__gt=at)
        .select_related("customer")
        .first()
    )


def _checked_scores(scores, recommend, suggestions):
    errors, clean = {}, {}
    for name in SCORE_FIELDS:
        try:
            value = int(scores.get(name))
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            errors[name] = _("Score 1 to 5.")
        clean[name] = value
    try:
        recommend = int(recommend)
    except (TypeError, ValueError):
        recommend = -1
    if not 0 <= recommend <= 10:
        errors["recommend"] = _("Score 0 to 10.")
    suggestions = (suggestions or "").strip()
    if len(suggestions) > MAX_SUGGESTIONS:
        errors["suggestions"] = _("At most %(n)d characters.") % {"n": MAX_SUGGESTIONS}
    if errors:
        raise ValidationError(errors)
    return clean, recommend, suggestions


def _answer(survey, *, scores, recommend, suggestions, channel, by, at):
    if survey.answered:
        raise SurveyError(_("This survey has its answers already."))
    clean, recommend, suggestions = _checked_scores(scores, recommend, suggestions)
    for name, value in clean.items():
        setattr(survey, name, value)
    survey.recommend, survey.suggestions = recommend, suggestions
    survey.answered_at, survey.channel, survey.recorded_by = at, channel, by
    survey.token_hash, survey.link_expires_at = "", None  # the link worked once
    if survey.is_low:
        survey.follow_up = revisit_schedule(
            customer=survey.customer, by=by, assignee=survey.created_by, at=at, subject_label=str(survey),
            subject_url=survey.get_absolute_url(),
            reason=_("Low satisfaction score (%(scores)s; recommend %(recommend)d)")
            % {"scores": "/".join(str(clean[n]) for n in SCORE_FIELDS), "recommend": recommend},
        )  # fmt: skip
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_record(*, survey, by, scores, recommend, suggestions="", at=None) -> Survey:
    """Answers taken on a call by staff."""
    at = at or timezone.now()
    _require_surveyor(by)
    survey = Survey.objects.select_for_update().select_related("customer").get(pk=survey.pk)
    return _answer(survey, scores=scores, recommend=recommend, suggestions=suggestions, channel=SurveyChannel.CALL,
                   by=by, at=at)  # fmt: skip


@transaction.atomic
def survey_answer_by_link(*, token, scores, recommend, suggestions="", at=None) -> Survey:
    """The customer's own answers through the one-time link (no login)."""
    at = at or timezone.now()
    found = survey_by_token(token, at=at)
    if found is None:
        raise SurveyError(_("This survey link has expired or was used already."))
    survey = Survey.objects.select_for_update().select_related("customer").get(pk=found.pk)
    if survey.token_hash != token_hash(token):  # replaced by a new link in the meantime
        raise SurveyError(_("This survey link has expired or was used already."))
    return _answer(survey, scores=scores, recommend=recommend, suggestions=suggestions, channel=SurveyChannel.LINK,
                   by=None, at=at)  # fmt: skip


@transaction.atomic
def improvement_add(*, by, text, responsible, survey=None, due_on=None, at=None) -> ImprovementMeasure:
    at = at or timezone.now()
    _require_surveyor(by)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the measure.")})
    if responsible is None or not responsible.is_active:
        raise ValidationError({"responsible": _("Name who is responsible.")})
    measure = ImprovementMeasure(survey=survey, text=text, responsible=responsible, due_on=due_on, created_at=at,
                                 created_by=by)  # fmt: skip
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def improvement_done(*, measure, by, note, at=None) -> ImprovementMeasure:
    at = at or timezone.now()
    measure = ImprovementMeasure.objects.select_for_update().get(pk=measure.pk)
    if by.pk != measure.responsible_id and not may_survey(by):
        raise SurveyError(_("The responsible person or customer relations close a measure."))
    if measure.done_at:
        raise SurveyError(_("This measure is done already."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what was done.")})
    measure.done_at, measure.done_note = at, note
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def improvement_reassign(*, measure, responsible, by) -> ImprovementMeasure:
    """Another person becomes responsible for a measure not yet done (its responsible person leaves): a manager or
    customer relations decide."""
    measure = ImprovementMeasure.objects.select_for_update().get(pk=measure.pk)
    if not (is_manager(by) or may_survey(by)):
        raise SurveyError(_("Only a manager or customer relations change who is responsible for a measure."))
    if measure.done_at:
        raise SurveyError(_("This measure is done already."))
    if responsible is None or not responsible.is_active:
        raise ValidationError({"responsible": _("Name who is responsible.")})
    measure.responsible = responsible
    measure.full_clean()
    measure.save(update_fields=["responsible"])
    return measure
