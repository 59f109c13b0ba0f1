from datetime import timedelta
from itertools import count

import pytest

from customers.archives.choices import HandoverKind
from customers.archives.services import archive_file_due
from customers.services import customer_create
from decocrm.accounts.choices import Role
from tests.aftersales.conftest import after_sales as after_sales
from tests.aftersales.conftest import completed as completed
from tests.aftersales.conftest import ticket as ticket
from tests.contracts.conftest import SIGNED_AT
from tests.projects.conftest import approved as approved
from tests.projects.conftest import capture as capture
from tests.projects.conftest import pm as pm
from tests.projects.conftest import project as project
from tests.projects.conftest import signed as signed

_phones = count(1)


@pytest.fixture
def clerk(make_staff):
    return make_staff(Role.ARCHIVE_CLERK)


def customer_of(owner, *, organisation=False, **fields):
    phone = f"1390000{next(_phones):04d}"
    name = fields.pop("name", "天和贸易有限公司" if organisation else "冯先生")
    return customer_create(by=owner, owner=owner, name=name, phone=phone, is_organisation=organisation, **fields)


def file_of(owner, *, at=SIGNED_AT, organisation=False):
    """A customer of `owner` whose sales file fell due at `at` (as a signed contract makes it; no clock)."""
    return archive_file_due(customer=customer_of(owner, organisation=organisation), kind=HandoverKind.SALES, at=at,
                            by=owner)  # fmt: skip


def later(at, hours=1):
    return at + timedelta(hours=hours)
