"""Clock kinds: the product's table of service clocks (choices.ClockKind, with its defaults in defaults.py), and
the kinds an app adds without editing the engine:

    register_clock_kind("consultation_reply", _("Consultation reply"),
                        policy=(4, "hours", timedelta(hours=1), timedelta(hours=2), {}, "001 §3"))

from its AppConfig.ready(). A registered kind is a choice of every clock field (the fields' choices are this
module's callable, so no migration follows), its policy row is seeded after `migrate` (apps.SlaConfig) and the
company edits it in the admin like any other.

Who keeps a kind's clocks when their subject changes hands (services.clock_hand_over) is the new owner, unless the
app that owns the work says otherwise, for a product kind or a registered one:

    register_clock_owner(ClockKind.DESIGN_PROPOSAL, lambda lead, to_owner: lead.designer or to_owner)

The resolver answers `holder(subject, to_owner) -> owner`; a clock whose holder stays the one it already has is left
as it runs (not closed and started again)."""

from collections.abc import Callable
from dataclasses import dataclass

from .choices import ClockKind
from .defaults import DEFAULT_POLICIES


@dataclass(frozen=True)
class RegisteredKind:
    label: object
    policy: tuple  # (amount, unit, warn_before, escalate_after, extra fields, source), as in defaults.py


_registered: dict[str, RegisteredKind] = {}
_holders: dict[str, Callable] = {}


def register_clock_kind(value: str, label, *, policy: tuple, holder: Callable | None = None) -> None:
    """A new kind; `holder`: who keeps its clocks on a hand-over (register_clock_owner), the new owner if None."""
    if value in ClockKind.values:
        raise ValueError(f"{value!r} is already a clock kind of the product's table")
    _registered[value] = RegisteredKind(label, policy)
    if holder is not None:
        register_clock_owner(value, holder)


def register_clock_owner(kind: str, holder: Callable) -> None:
    """On a hand-over of their subject, clocks of `kind` go to holder(subject, to_owner) instead of to_owner."""
    _holders[str(kind)] = holder


def hand_over_holder(kind: str, subject, to_owner):
    """Who keeps a clock of `kind` when `subject` passes to `to_owner` (None: the pool)."""
    holder = _holders.get(str(kind))
    return to_owner if holder is None else holder(subject, to_owner)


def clock_kind_choices() -> list[tuple[str, object]]:
    return [*ClockKind.choices, *((value, kind.label) for value, kind in _registered.items())]


_labels: dict[str, object] = {}


def clock_kind_label(value: str) -> str:
    """The kind's label in the active language. The labels (lazy translations) are gathered once, after the last
    kind registered: a page shows a clock's kind dozens of times (its timeline, its clocks card), and Django's own
    get_kind_display rebuilds the choices from the callable on every call (about 0.5 ms each)."""
    if len(_labels) != len(ClockKind.values) + len(_registered):
        _labels.clear()
        _labels.update(clock_kind_choices())
    return str(_labels.get(value, value))


def is_clock_kind(value: str) -> bool:
    return value in ClockKind.values or value in _registered


def default_policies() -> dict:
    return {**DEFAULT_POLICIES, **{value: kind.policy for value, kind in _registered.items()}}
