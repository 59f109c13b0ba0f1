"""Access-matrix rows of the kit app's pages, for the matrix generated from the URL conf (tests/access, on the
`matrix` branch: its test finds every tests/<app>/access.py and reads ROWS). A ticket is seen by its owner, the
owner's team manager and the company managers; out of scope is a 404. The action row posts an empty (invalid) form:
enough to see who gets past the scope, and nobody's request changes a row."""

from itertools import count

from customers.services import customer_create
from tests.access.matrix import Row

from .services import ticket_open

_phones = count(1)


def ticket_of(owner):
    customer = customer_create(by=owner, owner=owner, name="矩阵工单客户", phone=f"1360000{next(_phones):04d}")
    return {"pk": ticket_open(customer=customer, owner=owner, by=owner, subject="矩阵工单").pk}


IN_SCOPE = {"sales": (200, 404), "team_manager": (200, 404), "other_team_manager": (404, 200), "company": 200, "*": 404}

ROWS = [
    Row("kitapp:list", {"*": 200}),
    Row("kitapp:detail", IN_SCOPE, make=ticket_of),
    Row("kitapp:action", IN_SCOPE, make=lambda owner: {**ticket_of(owner), "action": "resolve"}, method="POST"),
]
