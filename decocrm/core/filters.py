"""List-page filters (django-filter FilterSets) read from the query string safely.

A parameter the filter form refuses (a date outside core.dates.FILTER_DATE, a NUL byte, an owner id that is not a
number) is left out and named in a message; the filters that are fine still apply. Never a 500, never silently.
The filter bar (templates/includes/filter_bar.html) also shows each refused field's error under it.
"""

from django.contrib import messages
from django.utils.translation import gettext as _


def refused_filters(filterset) -> list[str]:
    """The labels of the filters whose value the form refused (empty when unbound or all fine)."""
    if not filterset.is_bound or filterset.is_valid():
        return []
    form = filterset.form
    return [str(form.fields[name].label or name) for name in form.errors if name in form.fields]


def filtered(request, filterset):
    """The filterset's rows, with the refused filters left out and a message naming them."""
    refused = refused_filters(filterset)
    if refused:
        messages.warning(
            request,
            _("These filters were left out because their values are not valid: %(fields)s.")
            % {"fields": ", ".join(refused)},
        )
    return filterset.qs
