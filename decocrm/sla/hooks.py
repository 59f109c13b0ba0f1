"""Clock listeners: how the engine tells the objects that own clocks that something happened to them.

A domain app registers, from its AppConfig.ready(), a function for some hooks, optionally only for some clock kinds
and some subject models:

    register_clock_listener(refresh_next_due, hooks=[ClockHook.DEADLINE_MOVED, ClockHook.STOPPED], models=[Lead])

The engine calls it after the transaction commits (never for a rolled-back change), once per batch, with a
ClockChange: the clock ids and the subject ids grouped by model. The sweep passes all the clocks one step changed in
one call, so a listener should do set-based work over the ids too. A listener that raises is logged with the clock
and subject ids (logger "decocrm.sla.hooks", level ERROR) and does not undo the committed change nor stop the other
listeners; work that must not be lost needs a catch-up of its own (a beat task computing it from state), since the
process may also die between the commit and the call."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

logger = logging.getLogger(__name__)


class ClockHook(StrEnum):
    DEADLINE_MOVED = "deadline_moved"  # recomputed after a calendar change, paused or resumed
    BREACHED = "breached"
    ESCALATED = "escalated"
    STOPPED = "stopped"  # met, met late or cancelled


@dataclass(frozen=True)
class ClockChange:
    hook: ClockHook
    clock_ids: list[int]
    subject_ids: dict[type, list[int]] = field(default_factory=dict)  # model class -> ids of its objects
    kinds: frozenset[str] = frozenset()

    def ids_of(self, model: type) -> list[int]:
        return self.subject_ids.get(model, [])


Listener = Callable[[ClockChange], None]


@dataclass(frozen=True)
class _Registration:
    fn: Listener
    hooks: frozenset[ClockHook]
    kinds: frozenset[str] | None
    models: tuple[type, ...] | None


_registrations: list[_Registration] = []


def register_clock_listener(fn: Listener, *, hooks: Iterable[ClockHook], kinds=None, models=None) -> Listener:
    """Call fn(change) after commit for these hooks; kinds / models narrow it (None: every kind / every model)."""
    registration = _Registration(
        fn=fn,
        hooks=frozenset(ClockHook(h) for h in hooks),
        kinds=frozenset(str(k) for k in kinds) if kinds is not None else None,
        models=tuple(models) if models is not None else None,
    )
    if registration not in _registrations:
        _registrations.append(registration)
    return fn


def unregister_clock_listener(fn: Listener) -> None:
    _registrations[:] = [r for r in _registrations if r.fn is not fn]


def interest(hook: ClockHook) -> tuple[set[int] | None, set[str] | None] | None:
    """What the listeners of this hook may want, for the sweep to read only those rows: None when nobody listens,
    else (content type ids, kinds), either None for "all". notify() still narrows each listener exactly."""
    registrations = [r for r in _registrations if hook in r.hooks]
    if not registrations:
        return None
    content_types = None
    if all(r.models is not None for r in registrations):
        content_types = {
            ContentType.objects.get_for_model(model, for_concrete_model=False).pk
            for r in registrations
            for model in r.models
        }
    kinds = None
    if all(r.kinds is not None for r in registrations):
        kinds = {kind for r in registrations for kind in r.kinds}
    return content_types, kinds


def clock_row(clock) -> tuple[int, str, int, int]:
    return (clock.pk, clock.kind, clock.content_type_id, clock.object_id)


def notify(hook: ClockHook, rows: Iterable[tuple[int, str, int, int]]) -> None:
    """Schedule, for after commit, one call per interested listener with the matching rows
    (clock id, kind, content type id, object id). No query but the cached content-type lookups."""
    interested = [r for r in _registrations if hook in r.hooks]
    if not interested:
        return
    rows = list(rows)
    models = {ct_id: ContentType.objects.get_for_id(ct_id).model_class() for ct_id in {row[2] for row in rows}}
    for registration in interested:
        change = _change_for(registration, hook, rows, models)
        if change is not None:
            transaction.on_commit(lambda fn=registration.fn, change=change: _call(fn, change))


def _call(fn: Listener, change: ClockChange) -> None:
    """Run one listener; a failure neither breaks the others nor the committed change, and is logged with the ids
    whose follow-up work is now missing (until the owner's catch-up runs)."""
    try:
        fn(change)
    except Exception:
        logger.exception(
            "Clock listener %s failed on %s: clocks %s; subjects %s",
            getattr(fn, "__qualname__", repr(fn)),
            change.hook.value,
            change.clock_ids,
            {model._meta.label: ids for model, ids in change.subject_ids.items()},
        )


def _change_for(registration, hook, rows, models) -> ClockChange | None:
    clock_ids, subject_ids, kinds = [], {}, set()
    for clock_id, kind, ct_id, object_id in rows:
        model = models[ct_id]
        if registration.kinds is not None and kind not in registration.kinds:
            continue
        if registration.models is not None and model not in registration.models:
            continue
        clock_ids.append(clock_id)
        subject_ids.setdefault(model, []).append(object_id)
        kinds.add(kind)
    if not clock_ids:
        return None
    return ClockChange(hook=hook, clock_ids=clock_ids, subject_ids=subject_ids, kinds=frozenset(kinds))
