"""Small helpers for forms rendered by hand (filter bars), so they look like the crispy-rendered ones."""

from django import forms


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
