from datetime import UTC, datetime, timedelta

import pytest

from aftersales.services import ticket_record
from decocrm.accounts.choices import Role
from decocrm.sla.services import clock_start
from projects.models import Project
from tests.contracts.conftest import in_english as in_english
from tests.projects.conftest import approved as approved
from tests.projects.conftest import capture as capture
from tests.projects.conftest import local
from tests.projects.conftest import pm as pm
from tests.projects.conftest import project as project
from tests.projects.conftest import signed as signed
from tests.projects.helpers import run_through

# After the completion acceptance of the projects fixture (accepted in May 2026), before today.
REQUESTED_AT = local(2026, 6, 1, 10)


def completed_project(project, pm):
    run_through(project, pm)
    return Project.objects.select_related("customer", "contract").get(pk=project.pk)


@pytest.fixture
def after_sales(make_staff, team):
    return make_staff(Role.AFTER_SALES, team=team)


@pytest.fixture
def completed(approved, pm):
    return completed_project(approved, pm)


def waterproofing(project):
    return project.contract.warranty_items.get(name__contains="防水")


BASIC = object()


def record(project, by, *, at=REQUESTED_AT, warranty_item=BASIC, **kwargs):
    """A repair request on the project's warranty item (the basic decoration one unless given; None: no item)."""
    if warranty_item is BASIC:
        warranty_item = project.contract.warranty_items.exclude(name__contains="防水").first()
    fields = {
        "customer": project.customer, "project": project, "warranty_item": warranty_item, "item": "卫生间地面",
        "description": "地面渗水", "channel": "call", "contact_checked": True, "contact_name": "张先生",
        "contact_phone": "13912345678", "at": at,
    }  # fmt: skip
    return ticket_record(by=by, **{**fields, **kwargs})


@pytest.fixture
def ticket(completed, after_sales):
    return record(completed, after_sales)


def hours(n):
    return timedelta(hours=n)


DUE_FROM = datetime(2026, 5, 4, 2, tzinfo=UTC)  # a Monday, 10:00 in Shanghai


def revisit_clock(customer, holder, *, kind="complaint_revisit", at=DUE_FROM, label="投诉 C-1"):
    """A revisit clock the way a later stage starts one (its subject here: the customer itself)."""
    return clock_start(kind=kind, subject=customer, at=at, owner=holder, team=holder.team, customer_id=customer.pk,
                       label=label, url=customer.get_absolute_url())  # fmt: skip


@pytest.fixture
def customer(capture, salesperson):
    return capture(salesperson).customer


@pytest.fixture
def relations(make_staff, team):
    return make_staff(Role.CUSTOMER_RELATIONS, team=team)


@pytest.fixture
def due(customer, relations):
    return revisit_clock(customer, relations)
