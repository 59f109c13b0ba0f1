"""The fields of a declared action's form (decocrm.core.actions), through crispy: `{% action_fields offer %}`.

An unbound form that renders the same for everyone is rendered once per process and language: crispy's field
template and Django's widget templates cost about 1 ms a field, on every page that offers the action with its form
open (the lead page's "Log contact" and "Question to answer": 5 ms of its 60; issue 13). "The same for everyone":
the action passes the form no per-user or per-object arguments, and no field has a callable initial value or
choices that are read when shown (a callable, a queryset). Anything else, and every bound form (a refused attempt,
with its errors and the values typed), is rendered afresh. The cached HTML holds labels, widgets and their ids,
never a user's data."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.choices import CallableChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_rendered: dict = {}


def _renders_the_same(action, form) -> bool:
    if form.is_bound or action.form_kwargs or action.object_form_kwargs:
        return False
    return not any(
        callable(field.initial)
        or isinstance(field, forms.ModelChoiceField)
        or isinstance(getattr(field, "choices", None), CallableChoiceIterator)
        for field in form.fields.values()
    )


def _render(form):
    return mark_safe("".join(as_crispy_field(field) for field in form))  # noqa: S308 (crispy's escaped output)


@register.simple_tag
def action_fields(offer):
    form = offer.form
    if not _renders_the_same(offer.action, form):
        return _render(form)
    key = (type(form), form.prefix, get_language())
    if key not in _rendered:
        _rendered[key] = _render(form)
    return _rendered[key]
