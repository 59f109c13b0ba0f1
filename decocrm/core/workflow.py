"""State machines: one declaration per entity, on django-fsm-2.

The model declares its states (a `TextChoices`), its state field (`FSMField`) and one `@transition` method per
transition (source states, target, guards as `conditions`, who may fire it as `permission(instance, user)`). Beside
them it names its machine once:

    class Contract(models.Model):
        state = FSMField(choices=ContractState.choices, default=ContractState.DRAFT)
        state_changed_at = models.DateTimeField(...)
        machine = StateMachine(record="contracts.ContractTransition", link="contract",
                               closed={ContractState.CLOSED, ContractState.TERMINATED}, texts=CONTRACT_TEXTS)

        @transition(field=state, source=ContractState.DRAFT, target=ContractState.SIGNED, permission=may_sign)
        def sign(self): pass

    class ContractTransition(TransitionRecord):
        contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="transitions")

Services fire transitions through the machine (`Contract.machine.fire(contract, "sign", by=…, at=…)`), which checks
the table, moves the state, stamps `state_changed_at` and writes the transition row in one go; views, actions and
templates ask it what is available (`available(obj, user)`). Why django-fsm-2 and not our own table: it is the
field's well-kept library for guarded, permission-checked transitions. (Its `protected=True` is not used: Django's
`full_clean()` re-assigns every field, which a protected field refuses; `tests/test_state_writes.py` instead checks
that no code outside a transition assigns a machine's state.) What it does not do, and this module adds: the
transition row (by, at, from, to, a system code with parameters rendered in the reader's language, a note), the
readable refusal, and "closed" states.
"""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import (
    FSMField,
    FSMModelMixin,
    can_proceed,
    get_available_FIELD_transitions,
    has_transition_perm,
    transition,
)

from .errors import DomainError

__all__ = ["FSMField", "FSMModelMixin", "StateMachine", "TransitionRecord", "TransitionRefused", "transition"]


class TransitionRefused(DomainError):
    """The state machine does not allow this transition from the object's current state."""


class TransitionRecord(models.Model):
    """One state change: who, when, from, to, what the system said (code + params) and what a person typed.
    A concrete record adds the foreign key to its object (named by `StateMachine(link=…)`), and may redeclare
    `from_state` / `to_state` with its states' choices."""

    from_state = models.CharField(gettext_lazy("from"), max_length=30, blank=True)
    to_state = models.CharField(gettext_lazy("to"), max_length=30)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(gettext_lazy("at"))
    event = models.CharField(gettext_lazy("event"), max_length=30, blank=True)
    params = models.JSONField(gettext_lazy("parameters"), default=dict, blank=True)
    note = models.CharField(gettext_lazy("note"), max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self._state_label('from_state')} → {self._state_label('to_state')}".lstrip(" →")

    def _state_label(self, field: str) -> str:
        value = getattr(self, field)
        return str(dict(self._meta.get_field(field).flatchoices).get(value, value))

    @property
    def event_text(self) -> str:
        """The system's sentence in the active language ("" when a person made the change)."""
        machine = getattr(self, "machine", None)
        if not self.event or machine is None or machine.texts is None:
            return ""
        return machine.texts.render(self.event, self.params)


class StateMachine:
    """What an entity's state machine needs beyond its `@transition` methods."""

    def __init__(self, *, record: str, link: str, field: str = "state", changed_at="state_changed_at", closed=(),
                 texts=None, error=TransitionRefused):  # fmt: skip
        self.record_label, self.link, self.field = record, link, field
        self.changed_at, self.closed, self.texts, self.error = changed_at, frozenset(closed), texts, error

    def __set_name__(self, owner, name):
        self.model = owner

    @property
    def record(self):
        model = apps.get_model(self.record_label)
        model.machine = self  # so that a record renders its event through this machine's texts
        return model

    def state_of(self, obj):
        return getattr(obj, self.field)

    def is_closed(self, obj) -> bool:
        return self.state_of(obj) in self.closed

    def allows(self, obj, name: str) -> bool:
        """Whether transition `name` may fire from the object's current state (its guards included)."""
        return can_proceed(getattr(obj, name))

    def may(self, obj, name: str, user) -> bool:
        """`allows`, and the user is one who may fire it."""
        return has_transition_perm(getattr(obj, name), user)

    def available(self, obj, user=None) -> set[str]:
        """The names of the transitions that may fire now (for `user`, when given)."""
        field = self.model._meta.get_field(self.field)
        return {t.name for t in get_available_FIELD_transitions(obj, field) if user is None or t.has_perm(obj, user)}

    def table(self) -> dict:
        """{source: {target: transition name}}: the declared lifecycle, for documentation and tests."""
        field = self.model._meta.get_field(self.field)
        table = {}
        for method in field.get_all_transitions(self.model):
            table.setdefault(method.source, {})[method.target] = method.name
        return table

    def record_start(self, obj, *, by, at, note: str = "", event: str = "", params=None):
        """The first row of a new object's history: it came into being in its current state (from "")."""
        return self._record(obj, "", by=by, at=at, note=note, event=event, params=params)

    def _record(self, obj, source, *, by, at, note, event, params):
        row = self.record(
            **{self.link: obj},
            from_state=source,
            to_state=self.state_of(obj),
            by=by,
            at=at,
            event=event,
            params=params or {},
            note=(note or "")[:500],
        )
        row.full_clean()
        row.save()
        return row

    def fire(self, obj, name: str, *, by, at, note: str = "", event: str = "", params=None):
        """Fire transition `name` on `obj` (locked by the caller) and record it; returns the transition row.
        The caller has checked who may do it and saves the object's fields (its state included)."""
        method = getattr(obj, name)
        source = self.state_of(obj)
        if not can_proceed(method):
            field = self.model._meta.get_field(self.field)
            labels = dict(field.flatchoices)
            targets = {t.target for t in method._django_fsm.transitions.values()}
            target = next(iter(targets)) if len(targets) == 1 else None
            raise self.error(
                _("A %(model)s that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "model": self.model._meta.verbose_name,
                    "from": labels.get(source, source),
                    "to": labels.get(target, name),
                }
            )
        method()
        if self.changed_at:
            setattr(obj, self.changed_at, at)
        obj._history_user = by  # the edit history (core.history) names who, when the caller saves
        return self._record(obj, source, by=by, at=at, note=note, event=event, params=params)
