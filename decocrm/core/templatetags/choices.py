"""The label of a field's choice, for the loops of a page: `{{ row|choice_label:"state" }}` shows what
`{{ row.get_state_display }}` shows, from a table built once per field instead of once per call (Django rebuilds
the field's flattened choices on every get_FOO_display: about 180 function calls, a few thousand on a page of
acceptances, payments and timeline entries). For fields with fixed choices (an enum's); the table is kept per
language, its labels translated once (a lazy label is translated again each time it is shown)."""

from functools import cache

from django import template
from django.utils.translation import get_language

register = template.Library()


@cache
def _labels(field, language) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def choice_label(obj, name):
    if obj is None or obj == "":
        return ""
    field = obj._meta.get_field(name)
    value = getattr(obj, field.attname)
    return _labels(field, get_language()).get(value, value)
