"""Clock subjects: a domain model declares once who owns its clocks, the team, the customer, the label and the link,
so that starting a clock needs only the kind, the object and the moment:

    register_clock_subject(Lead, owner="owner", team="team", customer="customer_id", label=clock_label,
                           url="get_absolute_url")
    clock_start(kind=ClockKind.FIRST_CONTACT, subject=lead, at=at)

Each field is an attribute name (a method is called) or a callable taking the object. The engine never imports a
domain app: apps register here from their AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Getter = str | Callable[[Any], Any] | None


def _read(getter: Getter, obj):
    if getter is None:
        return None
    if callable(getter):
        return getter(obj)
    value = getattr(obj, getter)
    return value() if callable(value) else value


@dataclass(frozen=True)
class ClockSubject:
    owner: Getter = None
    team: Getter = None
    customer: Getter = None  # gives the customer's id (the engine keeps a plain id, see Clock.customer_id)
    label: Getter = None
    url: Getter = None
    attrs: Getter = None  # what a policy may vary by, e.g. lambda site: {"location": site.location}

    def values(self, obj) -> dict:
        """The clock fields this object gives (None where the declaration is silent)."""
        return {
            "owner": _read(self.owner, obj),
            "team": _read(self.team, obj),
            "customer_id": _read(self.customer, obj),
            "label": _read(self.label, obj),
            "url": _read(self.url, obj),
            "attrs": _read(self.attrs, obj),
        }


_subjects: dict[type, ClockSubject] = {}


def register_clock_subject(model: type, **fields) -> ClockSubject:
    """Declare how `model`'s objects carry clocks (owner, team, customer, label, url, attrs). Registering a model
    again replaces its declaration (tests, reloads)."""
    declaration = ClockSubject(**fields)
    _subjects[model] = declaration
    return declaration


def unregister_clock_subject(model: type) -> None:
    _subjects.pop(model, None)


def clock_subject_for(obj) -> ClockSubject | None:
    """The declaration for this object's model (or a parent model's), None for an undeclared one."""
    for klass in type(obj).__mro__:
        if klass in _subjects:
            return _subjects[klass]
    return None
