from datetime import UTC, datetime

import pytest

from decocrm.accounts.choices import Role
from decocrm.sla.services import clock_start
from tests.leads.conftest import capture as capture  # the fixture, for these tests too

DUE_FROM = datetime(2026, 5, 4, 2, tzinfo=UTC)  # a Monday, 10:00 in Shanghai


def revisit_clock(customer, holder, *, kind="complaint_revisit", at=DUE_FROM, label="投诉 C-1"):
    """A revisit clock the way a later stage starts one (its subject here: the customer itself)."""
    return clock_start(kind=kind, subject=customer, at=at, owner=holder, team=holder.team, customer_id=customer.pk,
                       label=label, url=customer.get_absolute_url())  # fmt: skip


@pytest.fixture
def customer(capture, salesperson):
    return capture(salesperson).customer


@pytest.fixture
def after_sales(make_staff, team):
    return make_staff(Role.AFTER_SALES, team=team)


@pytest.fixture
def relations(make_staff, team):
    return make_staff(Role.CUSTOMER_RELATIONS, team=team)


@pytest.fixture
def due(customer, relations):
    return revisit_clock(customer, relations)
