"""The query string of the current request, less some parameters: what a list page passes on to its pager links
(less `page`), and what an export records as its filters or redirects back to (less `export`). Every list page and
export of every app uses this one."""


def query_without(request, *names) -> str:
    """The request's GET parameters, URL-encoded, without `names` (all values of each)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
