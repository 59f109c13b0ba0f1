"""What a leaving staff member hands over: a registry the domain apps fill (decocrm/accounts names none of them).

Each app that gives people work registers, in its AppConfig.ready(), one kind of work a person holds:

    register_staff_handover("leads", _("Open leads"), count=open_lead_count,
                            hand_over=hand_over_leads, roles=SELLING_ROLES, order=10)

`count(user) -> int` says how much of it `user` holds now; `hand_over(*, from_user, to_user, by, at) -> int` gives it
all to `to_user` through the app's own services (which check who may, record it, move its clocks and tell the new
holder) and returns how many moved. `roles`: the roles a receiver may hold (empty: any role). `follows`: the key of
another kind whose receiver this kind's work goes to (a lead goes with its customer's protection). Kinds run in
`order`; the accounts services (staff_hand_over) run them all in one transaction, so a refusal anywhere moves
nothing."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StaffHandoverKind:
    key: str
    label: object
    count: Callable
    hand_over: Callable
    roles: frozenset = frozenset()
    order: int = 100
    follows: str = ""


_KINDS: dict[str, StaffHandoverKind] = {}


def register_staff_handover(key, label, *, count, hand_over, roles=(), order=100, follows="") -> None:
    if key in _KINDS and _KINDS[key].hand_over is not hand_over:
        raise ValueError(f"staff hand-over kind {key!r} is registered twice")
    _KINDS[key] = StaffHandoverKind(key, label, count, hand_over, frozenset(roles), order, follows)


def unregister_staff_handover(key) -> None:
    """For tests that register a kind of their own."""
    _KINDS.pop(key, None)


def staff_handover_kinds() -> list[StaffHandoverKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def staff_handover_kind(key) -> StaffHandoverKind | None:
    return _KINDS.get(key)
