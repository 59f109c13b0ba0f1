"""A paginator for long lists that never counts more rows than it needs.

A plain Paginator runs `SELECT COUNT(*)` over the whole filtered list on every page: over 100,000 leads that is
a scan of the whole index each time, for a number nobody reads past "a lot". This one counts at most `cap` rows
(`SELECT COUNT(*) FROM (... LIMIT cap + 1)`, which stops after cap + 1 index entries) plus enough to know whether
the requested page has a next one; past the cap the page says "1000+" instead of an exact total. A filtered or
searched list is usually small, so its count stays exact.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

DEFAULT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap=DEFAULT_CAP, page_hint=1, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        try:
            page_hint = max(int(page_hint), 1)
        except (TypeError, ValueError):
            page_hint = 1
        # Count far enough to know the requested page is real and whether another follows it.
        self.cap = max(cap, (page_hint + 1) * per_page)

    @cached_property
    def count(self):
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        """True when there are more rows than were counted (the total shown is a lower bound)."""
        return self.count > self.cap
