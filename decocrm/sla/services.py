"""Every change to a service clock. Domain apps call these inside the same transaction as the business
event that starts, stops or pauses the promise (ENGINEERING.md rule 3)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.core.errors import DomainError
from decocrm.workdays.deadlines import deadline_after, deadline_before

from .choices import OPEN_STATES, ClockAction, ClockKind, ClockState
from .hooks import ClockHook, clock_row, notify
from .kinds import clock_kind_label, hand_over_holder, is_clock_kind
from .models import Clock, ClockEvent, SlaPolicy
from .notes import CALENDAR_CHANGED, HANDED_OVER, IN_THE_POOL, RESUMED_TO_STOP, RETURNED_TO_POOL, is_known
from .outcomes import count_stopped
from .pending import warning_add, warning_move
from .subjects import clock_subject_for

UNSET = object()  # "not given": the subject's declaration decides (None is a value: no owner)


class ClockStateError(DomainError):
    pass


def _checked_code(code: str) -> str:
    """A code the system says (notes.py): one some table registered, so a typo fails here and not on the page."""
    if code and not is_known(code):
        raise ValueError(f"Unknown clock event code {code!r}: register its text (notes.register_clock_event_texts).")
    return code


def _record(clock, action, at, by=None, note="", code="", params=None):
    event = ClockEvent(
        clock=clock, action=action, at=at, by=by, code=_checked_code(code), params=params or {}, note=note[:300]
    )
    event.full_clean()
    event.save()
    return event


def _set_reason(clock, *, code="", params=None, note=""):
    """Why the clock stands as it does (paused, cancelled, handed over): kept on the clock itself too."""
    clock.code, clock.params, clock.note = _checked_code(code), params or {}, note.strip()[:300]


def _subject_filter(subject):
    return {
        "content_type": ContentType.objects.get_for_model(subject, for_concrete_model=False),
        "object_id": subject.pk,
    }


def open_clock_for(subject, kind, *, lock=True):
    """The open clock of this kind on this subject, or None. Locked for the rest of the transaction."""
    qs = Clock.objects.filter(**_subject_filter(subject), kind=kind, state__in=OPEN_STATES)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def _compute_due(policy, *, amount, started_at, anchor_at):
    if policy.counts_back:
        return deadline_before(anchor_at, amount, policy.unit)
    return deadline_after(started_at, amount, policy.unit)


@transaction.atomic
def clock_start(
    *,
    kind: ClockKind | str,
    subject,
    at=None,
    attrs: dict | None = None,
    anchor_at=None,
    by=None,
    sequence: int = 1,
    owner=UNSET,
    team=UNSET,
    customer_id=UNSET,
    label=UNSET,
    url=UNSET,
) -> Clock | None:
    """Start the clock for `kind` on `subject` (any saved model instance). Returns None when the policy is off.

    The subject's model declares its owner, team, customer, label and link once (subjects.register_clock_subject);
    owner, team, customer_id, label and url, when given, override the declaration (and are how an undeclared
    object carries a clock). attrs: attributes the policy may vary by (e.g. {"location": "suburban"}), also declarable;
    anchor_at: for policies that count back from a date (a delay notice is due N working days before the change
    takes effect).
    """
    declaration = clock_subject_for(subject)
    fields = declaration.values(subject) if declaration else {}
    given = {"owner": owner, "team": team, "customer_id": customer_id, "label": label, "url": url}
    fields.update({name: value for name, value in given.items() if value is not UNSET})
    owner, team = fields.get("owner"), fields.get("team")
    label, url = fields.get("label") or "", fields.get("url") or ""
    if attrs is None:
        attrs = fields.get("attrs")
    if not is_clock_kind(kind):
        raise ValueError(f"{kind!r} is not a clock kind")
    at = at or timezone.now()
    policy = SlaPolicy.objects.filter(kind=kind, active=True).first()
    if policy is None:
        return None
    if policy.counts_back and anchor_at is None:
        raise DomainError(_("This clock counts back from a date: say when the change takes effect."))
    if open_clock_for(subject, kind) is not None:
        raise ClockStateError(
            _("A %(kind)s clock is already running for this item.") % {"kind": clock_kind_label(kind)}
        )
    amount = policy.amount_for(attrs)
    deadline = _compute_due(policy, amount=amount, started_at=at, anchor_at=anchor_at)
    due_at = deadline.at
    if team is None and owner is not None:
        team = owner.team
    clock = Clock(
        policy=policy,
        kind=kind,
        **_subject_filter(subject),
        subject_label=(label or str(subject))[:200],
        subject_url=url or (subject.get_absolute_url() if hasattr(subject, "get_absolute_url") else ""),
        owner=owner,
        team=team,
        customer_id=fields.get("customer_id"),
        sequence=sequence,
        amount=amount,
        unit=policy.unit,
        started_at=at,
        anchor_at=anchor_at,
        due_at=due_at,
        warn_at=min(due_at, max(at, due_at - policy.warn_before)),
        escalate_at=due_at + policy.escalate_after if policy.escalate_to_company else None,
        provisional=deadline.provisional,
    )
    clock.full_clean(validate_constraints=False)  # the open-clock rule was checked above, under lock
    clock.save()
    warning_add(clock)
    _record(clock, ClockAction.START, at, by)
    return clock


@transaction.atomic
def clock_stop(
    *, kind: ClockKind | str, subject, at=None, by=None, note: str = "", code: str = "", params: dict | None = None
) -> Clock | None:
    """The promise was kept (met) or kept late (met late). No open clock: nothing to do (returns None).
    note: what a person typed; code / params: what the system says (notes.py).

    Stopping a recurring clock (weekly progress update) starts the next occurrence from this moment.
    """
    at = at or timezone.now()
    clock = open_clock_for(subject, kind)
    if clock is None:
        return None
    if clock.state == ClockState.PAUSED:
        _resume(clock, at, by, code=RESUMED_TO_STOP)
    clock.state = ClockState.MET if at <= clock.due_at else ClockState.MET_LATE
    clock.stopped_at = at
    clock.full_clean(validate_constraints=False)
    clock.save()
    count_stopped(clock)
    _record(clock, ClockAction.STOP, at, by, note, code, params)
    notify(ClockHook.STOPPED, [clock_row(clock)])
    if clock.policy.recurring:
        clock_start(
            kind=clock.kind,
            subject=subject,
            at=at,
            owner=clock.owner,
            team=clock.team,
            customer_id=clock.customer_id,
            label=clock.subject_label,
            url=clock.subject_url,
            by=by,
            sequence=clock.sequence + 1,
        )
    return clock


@transaction.atomic
def clock_pause(
    *, kind: ClockKind | str, subject, reason: str = "", code: str = "", params: dict | None = None, at=None, by=None
) -> Clock:
    """Pause while the customer is the cause (e.g. the customer postponed the measurement). Why: what a person
    typed (reason), what the system says (code and params, notes.py), or both."""
    at = at or timezone.now()
    if not reason.strip() and not code:
        raise DomainError(_("Say why the clock is paused."))
    clock = open_clock_for(subject, kind)
    if clock is None:
        raise ClockStateError(_("There is no running clock to pause."))
    if clock.state == ClockState.PAUSED:
        raise ClockStateError(_("The clock is already paused."))
    if clock.state == ClockState.BREACHED:
        raise ClockStateError(_("The deadline has already passed; an overdue clock cannot be paused."))
    clock.state = ClockState.PAUSED
    clock.paused_at = at
    _set_reason(clock, code=code, params=params, note=reason)
    clock.full_clean(validate_constraints=False)
    clock.save()
    _record(clock, ClockAction.PAUSE, at, by, clock.note, clock.code, clock.params)
    notify(ClockHook.DEADLINE_MOVED, [clock_row(clock)])
    return clock


def _resume(clock, at, by, note="", code="", params=None):
    paused = max(at - clock.paused_at, timedelta(0))
    clock.state = ClockState.RUNNING
    clock.paused_at = None
    clock.paused_seconds += int(paused.total_seconds())
    # Paused time extends the deadline (and the warning and escalation moments with it).
    clock.due_at += paused
    clock.warn_at += paused
    if clock.escalate_at is not None:
        clock.escalate_at += paused
    clock.full_clean(validate_constraints=False)
    clock.save()
    warning_move(clock)
    _record(clock, ClockAction.RESUME, at, by, note, code, params)
    notify(ClockHook.DEADLINE_MOVED, [clock_row(clock)])


@transaction.atomic
def clock_resume(
    *, kind: ClockKind | str, subject, at=None, by=None, note: str = "", code: str = "", params: dict | None = None
) -> Clock:
    at = at or timezone.now()
    clock = open_clock_for(subject, kind)
    if clock is None or clock.state != ClockState.PAUSED:
        raise ClockStateError(_("The clock is not paused."))
    _resume(clock, at, by, note, code, params)
    return clock


@transaction.atomic
def clock_cancel(
    *, kind: ClockKind | str, subject, reason: str = "", code: str = "", params: dict | None = None, at=None, by=None
) -> Clock | None:
    """The promise no longer applies (e.g. the lead was rejected). Returns None when no clock was open.
    Why: what a person typed (reason), what the system says (code and params, notes.py), or both."""
    at = at or timezone.now()
    if not reason.strip() and not code:
        raise DomainError(_("Say why the clock is cancelled."))
    clock = open_clock_for(subject, kind)
    if clock is None:
        return None
    clock.state = ClockState.CANCELLED
    clock.stopped_at = at
    clock.paused_at = None
    _set_reason(clock, code=code, params=params, note=reason)
    clock.full_clean(validate_constraints=False)
    clock.save()
    _record(clock, ClockAction.CANCEL, at, by, clock.note, clock.code, clock.params)
    notify(ClockHook.STOPPED, [clock_row(clock)])
    return clock


@transaction.atomic
def clock_cancel_all(*, subject, reason: str = "", code: str = "", params: dict | None = None, at=None, by=None) -> int:
    """Cancel every open clock on the subject (it was lost, rejected, terminated)."""
    kinds = Clock.objects.filter(**_subject_filter(subject), state__in=OPEN_STATES).values_list("kind", flat=True)
    why = {"reason": reason, "code": code, "params": params}
    return sum(1 for kind in list(kinds) if clock_cancel(kind=kind, subject=subject, **why, at=at, by=by))


@transaction.atomic
def clock_restart(*, kind: ClockKind | str, subject, at=None, by=None, note: str = "") -> Clock | None:
    """For recurring clocks: stop this occurrence (met / met late) and start the next. Returns the new clock."""
    stopped = clock_stop(kind=kind, subject=subject, at=at, by=by, note=note)
    if stopped is None or not stopped.policy.recurring:
        raise ClockStateError(_("Only a running recurring clock can be restarted."))
    return open_clock_for(subject, kind, lock=False)


def _close_for_hand_over(clock, at, by, code, params):
    """Close one clock as it stands. A breach it already had stays on record for its owner: the sweep counted it
    late when it happened, and the closed clock keeps its owner and breached_at. A clock that had not breached is
    nobody's success or miss: it closes uncounted (cancelled is never counted in the on-time rates)."""
    clock.state = ClockState.CANCELLED
    clock.stopped_at = at
    clock.paused_at = None
    _set_reason(clock, code=code, params=params)
    clock.full_clean(validate_constraints=False)
    clock.save()
    _record(clock, ClockAction.HAND_OVER, at, by, code=code, params=params)


@transaction.atomic
def clock_hand_over(*, subject, to_owner, at=None, by=None) -> list[Clock]:
    """The subject changed hands (claimed, reassigned, returned to the pool): every open clock closes as it stands
    and a fresh one of the same kind starts at the hand-over, owned by `to_owner`, with the policy's full duration.

    The new owner answers only for time they held the subject (a claimed lead does not arrive overdue); the
    previous owner keeps any breach they had. to_owner None (the pool): the fresh clock waits paused, so time in
    the pool is nobody's breach, and the next owner's clock starts when they take it. A kind whose work belongs to
    someone else (kinds.register_clock_owner: the lead's designer) goes to whoever its holder names, and a clock
    already held by that person runs on untouched. Returns the fresh clocks."""
    at = at or timezone.now()
    open_clocks = list(
        Clock.objects.select_for_update()
        .select_related("policy")
        .filter(**_subject_filter(subject), state__in=OPEN_STATES)
        .order_by("kind")
    )
    stopped, fresh = [], []
    for old in open_clocks:
        owner = hand_over_holder(old.kind, subject, to_owner)
        if owner is not None and owner.pk == old.owner_id:
            continue  # its holder did not change (e.g. the designer's clocks when the salesperson changes)
        if owner is None:
            code, params = RETURNED_TO_POOL, {}
        else:
            code, params = HANDED_OVER, {"name": getattr(owner, "display_name", str(owner))}
        # A pause for the customer's sake carries over; the pool's own pause (no owner) ends with the pool.
        carried = old.state == ClockState.PAUSED and old.owner_id is not None
        pause = {"reason": old.note, "code": old.code, "params": old.params} if carried else None
        _close_for_hand_over(old, at, by, code, params)
        stopped.append(clock_row(old))
        clock = clock_start(
            kind=old.kind,
            subject=subject,
            at=at,
            anchor_at=old.anchor_at,
            by=by,
            sequence=old.sequence,
            owner=owner,
            team=owner.team if owner is not None else old.team,
            customer_id=old.customer_id,
            label=old.subject_label,
            url=old.subject_url,
        )
        if clock is None:  # the policy was switched off meanwhile: nothing to promise any more
            continue
        if owner is None:
            pause = {"code": IN_THE_POOL}
        if pause:
            clock = clock_pause(kind=clock.kind, subject=subject, **pause, at=at, by=by)
        fresh.append(clock)
    notify(ClockHook.STOPPED, stopped)
    return fresh


def recompute_deadlines(*, changed_from, changed_to) -> int:
    """The working-day calendar changed between these dates: open working-day clocks whose span touches them get
    their deadline computed again (after the calendar's transaction committed, in a task). A clock that already
    breached stays breached: its notices went out."""
    from django.db.models import Q

    from decocrm.workdays.choices import DurationUnit

    moved = []
    qs = (
        Clock.objects.select_related("policy")
        .filter(state__in=(ClockState.RUNNING, ClockState.PAUSED), unit=DurationUnit.WORKING_DAYS)
        .filter(Q(due_at__date__gte=changed_from) | Q(anchor_at__date__gte=changed_from))
        .filter(started_at__date__lte=changed_to)
    )
    for clock in qs.iterator(chunk_size=500):
        with transaction.atomic():
            clock = Clock.objects.select_for_update().select_related("policy").get(pk=clock.pk)
            if clock.state not in (ClockState.RUNNING, ClockState.PAUSED):
                continue
            deadline = _compute_due(
                clock.policy, amount=clock.amount, started_at=clock.started_at, anchor_at=clock.anchor_at
            )
            due_at = deadline.at + timedelta(seconds=clock.paused_seconds)
            if due_at == clock.due_at and deadline.provisional == clock.provisional:
                continue
            shift = due_at - clock.due_at
            clock.due_at = due_at
            clock.warn_at = min(due_at, clock.warn_at + shift)
            if clock.escalate_at is not None:
                clock.escalate_at += shift
            clock.provisional = deadline.provisional
            clock.full_clean(validate_constraints=False)
            clock.save()
            warning_move(clock)
            _record(clock, ClockAction.RECOMPUTE, timezone.now(), code=CALENDAR_CHANGED)
            moved.append(clock_row(clock))
    # One call for the whole recompute (each clock committed on its own; this runs now, or when an enclosing
    # transaction commits).
    notify(ClockHook.DEADLINE_MOVED, moved)
    return len(moved)
