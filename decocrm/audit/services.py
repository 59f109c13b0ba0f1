"""The only writers of the logs. Both are written inside the request that exported or showed the data."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from .models import AccessLog, ExportLog

LABEL_LENGTH = AccessLog._meta.get_field("label").max_length

# Names in an access-log row's `fields` that are no model field (e.g. "decision_maker_contacts"), with their labels:
# an app registers its own in its AppConfig.ready().
_FIELD_LABELS: dict[str, object] = {}


def register_shown_field_label(name: str, label) -> None:
    _FIELD_LABELS[name] = label


def shown_field_labels(entry) -> list[str]:
    """The fields an access-log row names, as their readers know them (the model fields' verbose names)."""
    model = entry.content_type.model_class()
    labels = []
    for name in entry.fields:
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except (FieldDoesNotExist, AttributeError):  # not a field of it (or the model is gone): a registered label
            labels.append(str(_FIELD_LABELS.get(name, name)))
    return labels


@transaction.atomic
def export_log_record(*, user, what: str, fmt: str, rows: int, filters: str = "") -> ExportLog:
    entry = ExportLog(user=user, what=str(what)[:200], fmt=str(fmt)[:10], rows=rows, filters=filters or "")
    entry.full_clean()
    entry.save()
    return entry


def record_sensitive_view(*, user, fields, door: str, obj=None, model=None, label: str = "") -> AccessLog | None:
    """One row for one view of sensitive fields: of `obj` (a page, an admin page), or of many rows of `model` (an
    export: `label` says which). Nothing is written, and no query is run, when no field was shown (most views)."""
    fields = [str(name) for name in fields]
    if not fields:
        return None
    if obj is None and model is None:
        raise ValueError("record_sensitive_view needs the object shown or, for an export, its model")
    return access_log_record(user=user, fields=fields, door=door, obj=obj, model=model, label=label)


@transaction.atomic
def access_log_record(*, user, fields, door: str, obj=None, model=None, label: str = "") -> AccessLog:
    entry = AccessLog(
        user=user,
        content_type=ContentType.objects.get_for_model(obj if obj is not None else model),
        object_id=obj.pk if obj is not None else None,
        label=(label or str(obj))[:LABEL_LENGTH],
        fields=fields,
        door=str(door)[:200],
    )
    entry.full_clean()
    entry.save()
    return entry


def door_of(request) -> str:
    """Which door a request came through: its URL name ("customers:detail", "admin:customers_customer_change"),
    else its path."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match is not None and match.view_name else "") or request.path
