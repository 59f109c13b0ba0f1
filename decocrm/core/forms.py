"""Small helpers for forms: Bootstrap classes for forms rendered by hand (filter bars), so they look like the
crispy-rendered ones, and a model choice field that renders from objects already loaded."""

from django import forms
from django.forms.models import ModelChoiceIterator


def bootstrap_widgets(form, *, small=True):
    """Give each widget its Bootstrap 5 class (form-control / form-select / form-check-input)."""
    size = "-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = f"form-select form-select{size}" if small else "form-select"
        else:
            css = f"form-control form-control{size}" if small else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


class _LoadedChoiceIterator(ModelChoiceIterator):
    """The choices from the objects the field was given: rendering them runs no query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.loaded:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.loaded) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.loaded)


class LoadedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose choices are objects already in memory (prefetched with the page's object), so a
    page that offers several such forms does not run one query per select. A submitted value is still looked up in
    the queryset, as ModelChoiceField does.

        form.fields["change"].load(changes_in_memory, queryset=DesignChange.objects.filter(pk__in=...))
    """

    iterator = _LoadedChoiceIterator

    def __init__(self, *args, **kwargs):
        self.loaded = []
        super().__init__(*args, **kwargs)

    def load(self, objects, *, queryset):
        self.loaded = list(objects)
        self.queryset = queryset  # the setter hands the widget a fresh iterator, which reads self.loaded


class LoadedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """LoadedModelChoiceField's twin for a multiple choice (checkboxes): rendered from objects in memory."""

    iterator = _LoadedChoiceIterator

    def __init__(self, *args, **kwargs):
        self.loaded = []
        super().__init__(*args, **kwargs)

    def load(self, objects, *, queryset):
        self.loaded = list(objects)
        self.queryset = queryset
