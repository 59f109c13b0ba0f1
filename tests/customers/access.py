"""Access-matrix rows of the customer pages (tests/access): out of scope is a 404; the archive clerk keeps every
customer's file."""

from itertools import count

from customers.services import customer_create
from tests.access.matrix import Row, scoped

_phones = count(1)


def customer_of(owner):
    customer = customer_create(by=owner, owner=owner, name="矩阵客户", phone=f"1370000{next(_phones):04d}")
    return {"pk": customer.pk}


ROWS = [
    Row("customers:list", {"*": 200}),
    Row("customers:detail", scoped(200, archive_clerk=200), make=customer_of),
    # Editing (services.can_edit_customer): its owner, the managers in whose scope it is, the archive clerk; an
    # empty form is re-shown with its errors (the GET, the page with the form, is asked too)
    Row("customers:edit", scoped(200, archive_clerk=200), make=customer_of, method="POST", get=200),
]
