"""Edit history: who changed which field of an object, from what to what, and when.

The records are django-simple-history's (`history = HistoricalRecords(...)` on the model). Declare, don't re-write:
- the services name who made a change (`record_by(obj, user)` before `save()`; `record_current(...)` after an
  UPDATE that bypassed `save()`), never a middleware guessing from the request;
- `field_changes(obj, fields=..., hidden=...)` reads an object's history as entries of per-field changes, oldest
  first, in the reader's language (verbose names, choice labels): one query for the records with their users, and
  one per foreign-key model shown, whatever the number of records (no N+1);
- `ScopedHistoryAdminMixin` gives a scoped admin its history view: an object outside the user's scope is a 404
  there too (simple-history's own view would fall back to the last record of any object), the fields the user may
  not see are left out of the changes, and nothing is reverted from the admin (a revert would write around the
  services);
- `edit_history_source(model, ...)` is a timeline source (decocrm.core.timeline) of those changes: one entry per
  saved change, rendered by includes/timeline_edit.html, for an app to register beside its other sources.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str  # the field's verbose name, in the reader's language
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    by: object  # the user, or None (a change made by the system)
    changes: tuple
    record: object


@cache
def _history_manager(model):
    """The class of `model`'s history manager and its history model, built once: simple-history's descriptor builds
    a new manager class (Manager.from_queryset, which inspects every queryset method) on every access."""
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    return type(manager), manager.model


def history_of(obj):
    """`obj.history` (its records), without building the manager's class again."""
    manager_class, history_model = _history_manager(type(obj))
    return manager_class(history_model, obj)


def record_by(obj, user):
    """Name who makes the change that the next `save()` of `obj` records."""
    obj._history_user = user if getattr(user, "is_authenticated", False) else None
    return obj


def record_current(model, pk, *, by=None):
    """A history record of the row as it is now, for a service that changed it with an UPDATE (no `save()`). Dated
    when it is recorded, like every other record, so that the records stay in the order they were written."""
    obj = model.objects.get(pk=pk)
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    manager.bulk_history_create([obj], update=True, default_user=by if getattr(by, "is_authenticated", False) else None)


def _label_values(field, values, related):
    if isinstance(field, models.ForeignKey):
        shown = related.get(field.related_model, {})
        return str(shown.get(values, values)) if values is not None else EMPTY
    if values in (None, "", [], {}):
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(values, values))
    if isinstance(field, models.BooleanField):
        return _("yes") if values else _("no")
    if isinstance(values, datetime):
        return timezone.localtime(values).strftime("%Y-%m-%d %H:%M")
    if isinstance(values, date):
        return values.isoformat()
    return str(values)


def _format(field, value, related, labels):
    if field.name in labels and isinstance(value, list | tuple):
        names = labels[field.name]
        return ", ".join(str(names.get(v, v)) for v in value) or EMPTY
    return _label_values(field, value, related)


def field_changes(obj, *, fields, hidden=(), labels=None, records=None) -> list[HistoryEntry]:
    """The changes of `fields` (names) of `obj`, oldest first: one entry per saved change that touched at least one
    of them (the `hidden` ones left out: a change of only those is no entry). `labels`: {field name: {value:
    label}} for list fields (a JSON list of choices). `records`: the object's history records if the caller already
    holds them."""
    model = type(obj)
    if records is None:
        records = list(history_of(obj).select_related("history_user").order_by("history_date", "history_id"))
    shown = [model._meta.get_field(name) for name in fields if name not in set(hidden)]
    tracked = {f.name for f in _history_manager(model)[1]._meta.fields}
    shown = [f for f in shown if f.name in tracked]
    pairs = []
    for previous, current in zip(records, records[1:], strict=False):
        changed = [f for f in shown if getattr(previous, f.attname) != getattr(current, f.attname)]
        if changed:
            pairs.append((previous, current, changed))
    related = {}
    for field in {f for _p, _c, changed in pairs for f in changed if isinstance(f, models.ForeignKey)}:
        ids = {getattr(r, field.attname) for p, c, changed in pairs if field in changed for r in (p, c)} - {None}
        if ids:
            rows = related.setdefault(field.related_model, {})
            rows.update(field.related_model._base_manager.in_bulk(ids))
    labels = labels or {}
    return [
        HistoryEntry(
            at=current.history_date,
            by=current.history_user,
            changes=tuple(
                FieldChange(
                    f.name,
                    capfirst(f.verbose_name),
                    _format(f, getattr(previous, f.attname), related, labels),
                    _format(f, getattr(current, f.attname), related, labels),
                )
                for f in changed
            ),
            record=current,
        )
        for previous, current, changed in pairs
    ]


# Not edits: the state and its date are on the timeline as transitions; the rest never changes after creation.
NOT_EDITS = ("id", "state", "state_changed_at", "created_at", "created_by")


def edit_history_source(model, *, fields=None, also=(), exclude=(), hidden=None, labels=None):
    """A timeline source: the object's edits (who, when, each field old → new), one query for the records.

    `fields`: the names shown; by default every tracked field but NOT_EDITS and the date-times (the moments the
    workflow stamps, which the transitions already date), plus `also`, less `exclude`. `hidden(obj, **context)`:
    the names this reader may not see, from what the page passes to the timeline (the contract page's
    `sees_money`)."""
    from .timeline import TimelineEntry

    def shown_fields():
        if fields is not None:
            return fields
        tracked = {f.name for f in _history_manager(model)[1]._meta.fields}
        return [
            f.name
            for f in model._meta.concrete_fields
            if f.name in tracked
            and f.name not in (*NOT_EDITS, *exclude)
            and (f.name in also or not isinstance(f, models.DateTimeField))
        ]

    def source(obj, **context):
        left_out = hidden(obj, **context) if hidden is not None else ()
        return [
            TimelineEntry(entry.at, "edit", entry, "includes/timeline_edit.html")
            for entry in field_changes(obj, fields=shown_fields(), hidden=left_out, labels=labels)
        ]

    source.__name__ = f"{model._meta.model_name}_edit_history"
    return source


class ScopedHistoryAdminMixin(SimpleHistoryAdmin):
    """The history view of a scoped admin (decocrm.core.admin.ScopedAdminMixin or any admin whose get_queryset is
    scoped): out-of-scope objects are a 404, `history_hidden_fields(request)` are left out of the changes, and
    records are read, never reverted."""

    def history_hidden_fields(self, request) -> tuple:
        return ()

    def history_hidden_fields_of(self, request, obj) -> tuple:
        """The fields left out of this object's history for this user; by default those of the whole model
        (`history_hidden_fields`). An admin whose rule depends on the row (a contract's money) overrides this."""
        return self.history_hidden_fields(request)

    def _in_scope(self, request, object_id):
        obj = self.get_queryset(request).filter(pk=unquote(object_id)).first()
        if obj is None:
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        request._history_object = self._in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        self._in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        obj = getattr(request, "_history_object", None)
        names = self.history_hidden_fields_of(request, obj) if obj is not None else self.history_hidden_fields(request)
        hidden = {capfirst(self.model._meta.get_field(name).verbose_name) for name in names}
        for record in historical_records:
            changes = getattr(record, "history_delta_changes", None)
            if changes:
                record.history_delta_changes = [change for change in changes if change["field"] not in hidden]

    def revert_disabled(self, request, obj=None):
        return True
