"""Pages of long lists: a paginator that never counts more rows than it needs, and `page_of`, which reads the
page number from the query string safely.

A plain Paginator runs `SELECT COUNT(*)` over the whole filtered list on every page: over 100,000 leads that is
a scan of the whole index each time, for a number nobody reads past "a lot". CappedPaginator counts at most `cap`
rows (`SELECT COUNT(*) FROM (... LIMIT cap + 1)`, which stops after cap + 1 index entries) plus enough to know
whether the requested page has a next one; past the cap the page says "1000+" instead of an exact total. A
filtered or searched list is usually small, so its count stays exact.

The page asked for widens that count, so it is bounded (MAX_PAGE_HINT): `?page=9223372036854775807` once asked
PostgreSQL for a LIMIT beyond bigint and answered 500. A page number past the end shows the last page, one that is
not a number the first, each with a message saying so (page_of): a parameter out of range never gives a 500.
"""

from django.contrib import messages
from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

DEFAULT_CAP = 1000
MAX_PAGE_HINT = 400  # with 25 rows a page, counting reaches at most ~10,000 rows: still one quick index scan


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap=DEFAULT_CAP, page_hint=1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        try:
            page_hint = min(max(int(page_hint), 1), MAX_PAGE_HINT)
        except (TypeError, ValueError, OverflowError):
            page_hint = 1
        # Count far enough to know the requested page is real and whether another follows it.
        self.cap = max(cap, (page_hint + 1) * per_page)

    @cached_property
    def count(self):
        rows = self.object_list
        if isinstance(rows, QuerySet) and not rows.query.combinator and not rows.query.distinct:
            # Counting needs neither the order nor the annotations that only sort (a list's "needs attention
            # first" subqueries): PostgreSQL would compute them for every counted row.
            rows = rows.order_by().values("pk")
        return rows[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        """True when there are more rows than were counted (the total shown is a lower bound)."""
        return self.count > self.cap


def page_of(request, object_list, per_page, *, capped=True, param="page", count=None):
    """The page of `object_list` that `?page=` asks for. Not a number: the first page; past the end (or before
    the start): the last page; either way with a message naming what was shown. `capped`: count with
    CappedPaginator (long lists); else a plain Paginator, whose `count` may be given when already known."""
    raw = request.GET.get(param)
    if capped:
        paginator = CappedPaginator(object_list, per_page, page_hint=raw)
    else:
        paginator = Paginator(object_list, per_page)
        if count is not None:
            paginator.count = count
    if raw in (None, ""):
        return paginator.get_page(1)
    try:
        return paginator.page(raw)
    except InvalidPage:
        page = paginator.get_page(raw)
        messages.warning(
            request,
            _("There is no page “%(asked)s”: showing page %(shown)d of %(total)d.")
            % {"asked": str(raw)[:20], "shown": page.number, "total": paginator.num_pages},
        )
        return page
