"""Query counts that catch an N+1 wherever it hides: a page is rendered with 1 row of what it lists and with 20,
and must run exactly as many queries both times (ENGINEERING.md rule 6). A test that only adds many rows passes
with a page that runs one query per row as long as the bound is loose; this compares the page with itself.

    response = assert_constant_queries(client, url, add_rows)  # add_rows(n) makes n more rows the page shows

The returned response is the one with 20 rows: assert that they are on it, so the comparison is not vacuous.
On failure the message shows the queries that the bigger page ran in addition.
"""

import difflib
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

FEW = 1
MANY = 20


def queries_of(client, url, data=None):
    """The GET's response and the SQL it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return response, [query["sql"] for query in captured.captured_queries]


def _shape(sql):
    # Ids and literals differ between the two renders; the query's shape is what must not repeat per row.
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)


def assert_constant_queries(client, url, add_rows, *, data=None, few=FEW, many=MANY):
    add_rows(few)
    client.get(url, data)  # warm the session, content types and per-process caches
    _, with_few = queries_of(client, url, data)
    add_rows(many - few)
    response, with_many = queries_of(client, url, data)
    if len(with_many) != len(with_few):
        diff = difflib.unified_diff(
            [_shape(sql) for sql in with_few], [_shape(sql) for sql in with_many], f"{few} rows", f"{many} rows"
        )
        raise AssertionError(
            f"GET {url}: {len(with_few)} queries with {few} rows, {len(with_many)} with {many}:\n" + "\n".join(diff)
        )
    return response
