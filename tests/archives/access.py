"""Access-matrix rows of the archive's pages (tests/access). A borrowing request is seen by its borrower, the
managers of the file's department and of the borrower's team, the company managers and the archive clerks
(customers.archives.selectors.borrowing); the matrix's "own" request is `sales`'s, for a file of their own customer
(team A), the "other" one the team-B salesperson's. Everyone may ask for a file (the list and the form are theirs);
the KPI page is the managers'. The admin site's lists are exempt here (tests/core/access.py) and covered by
tests/archives/test_borrowing_admin.py."""

from datetime import timedelta

from django.utils import timezone

from customers.archives.services.borrowing import borrow_request_create
from tests.access.matrix import Row, scoped

from .borrowing_helpers import file_for


def borrowing_of(owner):
    file = file_for(owner)
    request = borrow_request_create(file=file, borrower=owner, kind="view", purpose="核对",
                                    due_back=timezone.localdate() + timedelta(days=2))  # fmt: skip
    return {"pk": request.pk}


SEEN = scoped(200, archive_clerk=200)

ROWS = [
    Row("archives:borrow_list", {"*": 200}),
    Row("archives:borrow_new", {"*": 200}),
    Row("archives:borrow_detail", SEEN, make=borrowing_of),
    # An empty refusal (it needs a reason) is re-shown to whoever sees the request: nothing is written
    Row(
        "archives:borrow_action", SEEN, make=lambda owner: {**borrowing_of(owner), "action": "refuse"}, method="POST"
    ),  # fmt: skip
    Row("archives:kpis", {"managers": 200, "*": 403}),
]
