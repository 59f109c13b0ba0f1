"""List-page filters (django-filter FilterSets) read from the query string safely.

A parameter the filter form refuses (a date outside core.dates.FILTER_DATE, a NUL byte, an owner id that is not a
number) is left out and named in a message; the filters that are fine still apply. Never a 500, never silently.
The filter bar (templates/includes/filter_bar.html) also shows each refused field's error under it.
"""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _

from .pagination import page_of
from .querystring import query_without


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


def render_list(request, template, filterset, *, page_size=25, fragment="", **extra):
    """A list page: the filterset's rows (refused filters left out, with a message), one page of them (core.
    pagination), the query string without the page for the pager links, and whether any filter is set (for the
    empty state). With htmx and a `fragment` ("results" partial) only that part is rendered."""
    page = page_of(request, filtered(request, filterset), page_size)
    context = {
        "filter": filterset,
        "page": page,
        "query_string": query_without(request, "page"),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        **extra,
    }
    return render(request, f"{template}#{fragment}" if fragment and request.htmx else template, context)
