"""Periodic revisits [seed 000 §9, 002 §9]: a formal customer under warranty whose latest revisit is older than
PERIODIC_REVISIT_MONTHS gets one clock (twice = once; a customer revisited lately, one whose warranty started lately
or ended, a potential customer: none); it is in the revisit queue and recorded there like the others; the beat
entry runs it."""

from datetime import datetime, time, timedelta

import pytest

from aftersales.choices import PERIODIC_REVISIT
from aftersales.selectors import due_revisits
from aftersales.services import revisit_record
from aftersales.services.periodic import customers_due_periodic_revisit, months_before, periodic_revisits_start
from aftersales.tasks import start_periodic_revisits
from customers.models import Customer
from decocrm.accounts.choices import Role
from decocrm.celery import app as celery_app
from decocrm.sla.models import Clock
from tests.complaints.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


def started(customer):
    return Clock.objects.filter(kind=PERIODIC_REVISIT, object_id=customer.pk, state="running")


@pytest.fixture
def warranty_start(completed):
    return min(item.starts_on for item in completed.contract.warranty_items.all())


def months_after(day, months):
    return datetime.combine(day, time(10), tzinfo=SHANGHAI) + timedelta(days=31 * months)


def test_months_before_clamps_to_the_month_end():
    assert months_before(datetime(2026, 8, 31, 10, tzinfo=SHANGHAI), 6).date().isoformat() == "2026-02-28"
    assert months_before(datetime(2026, 3, 15, 10, tzinfo=SHANGHAI), 6).date().isoformat() == "2025-09-15"


def test_a_formal_customer_not_revisited_for_six_months_gets_one_clock_however_often_it_runs(
    relations, completed, warranty_start
):
    customer = completed.customer
    assert customer.customer_class != "potential"
    at = months_after(warranty_start, 7)
    assert periodic_revisits_start(at=at) == 1
    assert periodic_revisits_start(at=at) == 0  # twice = once
    assert periodic_revisits_start(at=at + timedelta(days=2)) == 0  # later runs too, while it is open
    (clock,) = started(customer)
    assert clock.owner == relations and clock.customer_id == customer.pk
    assert clock in due_revisits(relations)


def test_recording_it_from_the_queue_resets_the_six_months(relations, completed, warranty_start, time_machine):
    at = months_after(warranty_start, 7)
    time_machine.move_to(at + timedelta(days=2), tick=False)
    periodic_revisits_start(at=at)
    clock = started(completed.customer).get()
    revisit = revisit_record(by=relations, clock=clock, method="phone", outcome="一切正常", satisfaction=5,
                             at=at + timedelta(days=1))  # fmt: skip
    assert revisit.kind == "periodic" and revisit.customer == completed.customer
    clock.refresh_from_db()
    assert clock.state == "met"
    assert periodic_revisits_start(at=at + timedelta(days=30)) == 0  # revisited a month ago
    assert periodic_revisits_start(at=at + timedelta(days=190)) == 1  # six months later, again


def test_no_clock_before_six_months_of_warranty_or_after_it_ended(relations, completed, warranty_start):
    assert periodic_revisits_start(at=months_after(warranty_start, 5)) == 0  # the first revisit's time
    last_end = max(item.ends_on for item in completed.contract.warranty_items.all())
    assert periodic_revisits_start(at=months_after(last_end, 1)) == 0  # no warranty runs any more


def test_a_potential_customer_is_not_revisited(relations, completed, warranty_start):
    Customer.objects.filter(pk=completed.customer.pk).update(customer_class="potential")
    assert not customers_due_periodic_revisit(at=months_after(warranty_start, 7)).exists()


def test_customer_relations_share_them_and_nobody_holds_them_without_any(completed, warranty_start, make_staff):
    assert periodic_revisits_start(at=months_after(warranty_start, 7)) == 1
    assert started(completed.customer).get().owner is None  # no customer relations on file: the pool
    make_staff(Role.CUSTOMER_RELATIONS)  # the revisit queue shows pool clocks to every revisitor
    assert started(completed.customer).get() in due_revisits(make_staff(Role.AFTER_SALES))


def test_the_beat_entry_starts_them(relations, completed, warranty_start, time_machine):
    entry = celery_app.conf.beat_schedule["aftersales-periodic-revisits"]
    assert entry["task"] == "aftersales.tasks.start_periodic_revisits" and entry["options"]["expires"] < 3600
    time_machine.move_to(months_after(warranty_start, 7), tick=False)
    assert start_periodic_revisits.delay().get() == 1
    assert start_periodic_revisits.delay().get() == 0
    assert started(completed.customer).count() == 1
