"""Clock kinds: the product's table of service clocks (choices.ClockKind, with its defaults in defaults.py), and
the kinds an app adds without editing the engine:

    register_clock_kind("consultation_reply", _("Consultation reply"),
                        policy=(4, "hours", timedelta(hours=1), timedelta(hours=2), {}, "001 §3"))

from its AppConfig.ready(). A registered kind is a choice of every clock field (the fields' choices are this
module's callable, so no migration follows), its policy row is seeded after `migrate` (apps.SlaConfig) and the
company edits it in the admin like any other."""

from dataclasses import dataclass

from .choices import ClockKind
from .defaults import DEFAULT_POLICIES


@dataclass(frozen=True)
class RegisteredKind:
    label: object
    policy: tuple  # (amount, unit, warn_before, escalate_after, extra fields, source), as in defaults.py


_registered: dict[str, RegisteredKind] = {}


def register_clock_kind(value: str, label, *, policy: tuple) -> None:
    if value in ClockKind.values:
        raise ValueError(f"{value!r} is already a clock kind of the product's table")
    _registered[value] = RegisteredKind(label, policy)


def clock_kind_choices() -> list[tuple[str, object]]:
    return [*ClockKind.choices, *((value, kind.label) for value, kind in _registered.items())]


def clock_kind_label(value: str) -> str:
    return str(dict(clock_kind_choices()).get(value, value))


def is_clock_kind(value: str) -> bool:
    return value in ClockKind.values or value in _registered


def default_policies() -> dict:
    return {**DEFAULT_POLICIES, **{value: kind.policy for value, kind in _registered.items()}}
