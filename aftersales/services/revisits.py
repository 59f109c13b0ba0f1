"""Revisits [seed 002, revisits]: recorded against the revisit clock they keep (the first revisit after
completion, after a repair, after a complaint) or a follow-up scheduled here (a raised point, a low survey score).
On site needs the customer's signature; a phone revisit is marked as such; a manager other than the revisitor
signs it off. Every point the customer raises becomes a record with an owner, open until answered, and may ask
for another revisit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from decocrm.accounts.selectors import is_manager
from decocrm.core.dates import check_happened
from decocrm.core.errors import DomainError
from decocrm.core.uploads import IMAGE_KINDS, UploadRule
from decocrm.sla.choices import OPEN_STATES
from decocrm.sla.models import Clock
from decocrm.sla.services import clock_cancel, clock_hand_over, clock_start, clock_stop

from ..choices import KIND_OF_CLOCK, REVISIT_FOLLOW_UP, RevisitEvent, RevisitKind, RevisitMethod, RevisitState
from ..hooks import revisit_done_handler
from ..models import Revisit, RevisitPoint
from ..permissions import REVISITOR_ROLES, may_answer, may_cancel, may_revisit, may_sign_off

SIGNATURES = UploadRule(IMAGE_KINDS)
MAX_POINTS = 20


class RevisitError(DomainError):
    """A revisit step refused: the wrong state, or not this person's to take."""


def _fire(revisit, name, *, by, at, note="", event="", params=None):
    try:
        Revisit.machine.fire(revisit, name, by=by, at=at, note=note, event=event, params=params)
    except Revisit.machine.error as error:
        raise RevisitError(
            _("This revisit is “%(state)s”: that step is not possible now.") % {"state": revisit.get_state_display()}
        ) from error


def _locked(revisit) -> Revisit:
    return Revisit.objects.select_for_update().get(pk=revisit.pk)


@transaction.atomic
def revisit_schedule(*, customer, by, reason, subject_label="", subject_url="", assignee=None, from_point=None,
                     at=None) -> Revisit:  # fmt: skip
    """A follow-up revisit (a raised point, a low survey score): its own clock, held by `assignee` (else `by`)."""
    at = at or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the customer is called back.")})
    holder = assignee or by
    revisit = Revisit(
        customer=customer, kind=RevisitKind.FOLLOW_UP, state=RevisitState.SCHEDULED, state_changed_at=at,
        subject_label=(subject_label or str(customer))[:200], subject_url=subject_url[:500], reason=reason,
        from_point=from_point, assignee=holder, team=holder.team if holder else None, created_at=at, created_by=by,
    )  # fmt: skip
    revisit.full_clean(validate_constraints=False)
    revisit.save()
    Revisit.machine.record_start(revisit, by=by, at=at, event=RevisitEvent.SCHEDULED, params={"reason": reason[:120]})
    clock_start(kind=REVISIT_FOLLOW_UP, subject=revisit, at=at, by=by)
    return revisit


def _checked(*, method, outcome, satisfaction, signature, at):
    errors = {}
    if method not in RevisitMethod.values:
        errors["method"] = _("Say whether the revisit was by phone or on site.")
    if not (outcome or "").strip():
        errors["outcome"] = _("Record what the customer said.")
    try:
        satisfaction = int(satisfaction)
    except (TypeError, ValueError):
        satisfaction = 0
    if not 1 <= satisfaction <= 5:
        errors["satisfaction"] = _("The satisfaction score is 1 to 5.")
    if method == RevisitMethod.ON_SITE and not signature:
        errors["signature"] = _("An on-site revisit needs the customer's signature.")
    if errors:
        raise ValidationError(errors)
    check_happened(at, field="done_at", label=_("Done at"))
    screened = None
    if signature and method == RevisitMethod.ON_SITE:
        try:
            screened = SIGNATURES.screen(signature)
        except ValidationError as error:
            raise ValidationError({"signature": error.messages}) from error
    return satisfaction, screened


def _points(texts, owner):
    texts = [" ".join(t.split()) for t in texts or () if t and t.strip()]
    if len(texts) > MAX_POINTS:
        raise ValidationError({"points": _("At most %(n)d points in one revisit.") % {"n": MAX_POINTS}})
    if texts and (owner is None or not owner.is_active):
        raise ValidationError({"points_owner": _("Name who answers the points the customer raised.")})
    return texts


@transaction.atomic
def revisit_record(*, by, clock, method, outcome, satisfaction, points=(), points_owner=None, signature=None,
                   at=None) -> Revisit:  # fmt: skip
    """Record the revisit that keeps `clock`; the clock stops (met, or met late) in the same transaction."""
    at = at or timezone.now()
    clock = Clock.objects.select_for_update().filter(pk=clock.pk, kind__in=KIND_OF_CLOCK).first()
    if clock is None or clock.state not in OPEN_STATES:
        raise RevisitError(_("This revisit is no longer due: someone recorded it already."))
    if not may_revisit(by, clock):
        raise RevisitError(_("Only after-sales, customer relations, the holder or a manager records this revisit."))
    satisfaction, screened = _checked(method=method, outcome=outcome, satisfaction=satisfaction,
                                      signature=signature, at=at)  # fmt: skip
    texts = _points(points, points_owner or by)
    done = {"method": method, "outcome": outcome.strip(), "satisfaction": satisfaction, "done_at": at, "done_by": by}
    if screened is not None:
        done["signature"] = screened
    subject = clock.subject
    if isinstance(subject, Revisit):  # a scheduled follow-up
        revisit = _locked(subject)
        for name, value in done.items():
            setattr(revisit, name, value)
        revisit.team = revisit.team or by.team
        _fire(revisit, "record", by=by, at=at, event=RevisitEvent.RECORDED,
              params={"subject": revisit.subject_label})  # fmt: skip
    else:
        # A complaint by someone not (yet) a customer names none: the revisit keeps the complaint's label.
        customer = Customer.objects.filter(pk=clock.customer_id).first() if clock.customer_id else None
        revisit = Revisit(
            customer=customer, kind=KIND_OF_CLOCK[clock.kind], state=RevisitState.DONE, state_changed_at=at,
            clock=clock, subject_label=clock.subject_label, subject_url=clock.subject_url, assignee=by,
            team=clock.team or by.team, created_at=at, created_by=by, **done,
        )  # fmt: skip
    revisit.full_clean(validate_constraints=False)
    revisit.save()
    if revisit.kind != RevisitKind.FOLLOW_UP:
        Revisit.machine.record_start(revisit, by=by, at=at, event=RevisitEvent.RECORDED,
                                     params={"subject": revisit.subject_label})  # fmt: skip
    RevisitPoint.objects.bulk_create([RevisitPoint(revisit=revisit, text=t, owner=points_owner or by) for t in texts])
    handler = revisit_done_handler(subject)
    if handler is None:
        clock_stop(kind=clock.kind, subject=subject, at=at, by=by)
    else:
        handler(subject, by=by, at=at)
    return revisit


@transaction.atomic
def revisit_point_answer(*, point, by, answer, follow_up=False, at=None) -> RevisitPoint:
    """Answer a raised point (once); `follow_up` schedules another revisit about it, held by whoever answered."""
    at = at or timezone.now()
    point = RevisitPoint.objects.select_for_update(of=("self",)).select_related("revisit__customer").get(pk=point.pk)
    if not may_answer(by, point, point.revisit):
        raise RevisitError(_("Only the point's owner or a manager answers it."))
    if not point.is_open:
        raise RevisitError(_("This point has its answer already."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer given to the customer.")})
    point.answer, point.answered_at, point.answered_by = answer, at, by
    point.full_clean()
    point.save()
    if follow_up:
        about = point.revisit
        revisit_schedule(customer=about.customer, by=by, reason=point.text, from_point=point,
                         subject_label=about.subject_label, subject_url=about.subject_url, at=at)  # fmt: skip
    return point


@transaction.atomic
def revisit_point_reassign(*, point, owner, by) -> RevisitPoint:
    """A manager gives an open point to another owner (its owner leaves, aftersales/handover.py)."""
    point = RevisitPoint.objects.select_for_update(of=("self",)).get(pk=point.pk)
    if not is_manager(by):
        raise RevisitError(_("Only a manager gives a point to another owner."))
    if not point.is_open:
        raise RevisitError(_("This point has its answer already."))
    if owner is None or not owner.is_active:
        raise ValidationError({"owner": _("Choose an active staff member.")})
    point.owner = owner
    point.full_clean()
    point.save(update_fields=["owner"])
    return point


@transaction.atomic
def revisit_sign_off(*, revisit, by, note="", at=None) -> Revisit:
    at = at or timezone.now()
    revisit = _locked(revisit)
    if not may_sign_off(by, revisit):
        raise RevisitError(_("A manager other than the revisitor signs a revisit off."))
    _fire(revisit, "sign_off", by=by, at=at, note=(note or "").strip())
    revisit.signed_off_at, revisit.signed_off_by = at, by
    revisit.full_clean(validate_constraints=False)
    revisit.save()
    return revisit


@transaction.atomic
def revisit_cancel(*, revisit, by, note, at=None) -> Revisit:
    """A scheduled follow-up that is no longer needed (a manager's decision, with the reason)."""
    at = at or timezone.now()
    revisit = _locked(revisit)
    if not may_cancel(by, revisit):
        raise RevisitError(_("Only a manager cancels a scheduled revisit."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say why the revisit is cancelled.")})
    _fire(revisit, "cancel", by=by, at=at, note=note)
    revisit.full_clean(validate_constraints=False)
    revisit.save()
    clock_cancel(kind=REVISIT_FOLLOW_UP, subject=revisit, at=at, by=by, reason=note)
    return revisit


@transaction.atomic
def revisit_reassign(*, revisit, assignee, by, at=None) -> Revisit:
    """A scheduled follow-up passes to another revisitor (a manager's decision, e.g. when its revisitor leaves): its
    clock follows them (sla.services.clock_hand_over)."""
    at = at or timezone.now()
    revisit = _locked(revisit)
    if not may_cancel(by, revisit):
        raise RevisitError(_("Only a manager gives a scheduled revisit to someone else."))
    if revisit.state != RevisitState.SCHEDULED:
        raise RevisitError(
            _("This revisit is “%(state)s”: that step is not possible now.") % {"state": revisit.get_state_display()}
        )
    if assignee.role not in REVISITOR_ROLES or not assignee.is_active:
        raise ValidationError({"assignee": _("Choose an active after-sales or customer-relations staff member.")})
    if assignee.pk == revisit.assignee_id:
        return revisit
    revisit.assignee, revisit.team = assignee, assignee.team
    revisit.full_clean(validate_constraints=False)
    revisit.save(update_fields=["assignee", "team"])
    clock_hand_over(subject=revisit, to_owner=assignee, at=at, by=by)
    return revisit
