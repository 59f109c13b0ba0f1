"""The hand-over rule (issue 8): when a subject changes hands, a breach stays with whoever had it and the new owner
gets a fresh clock counted from the hand-over; in the pool (no owner) clocks wait paused."""

from datetime import timedelta

import pytest

from decocrm.accounts.choices import Role
from decocrm.sla.choices import OPEN_STATES, ClockAction, ClockKind, ClockState
from decocrm.sla.models import Clock, ClockOutcomeDay
from decocrm.sla.outcomes import rebuild_outcomes
from decocrm.sla.services import clock_hand_over, clock_pause, clock_start, clock_stop
from decocrm.sla.sweep import sla_sweep

from .conftest import local

pytestmark = pytest.mark.django_db

MONDAY = local(2026, 3, 2, 10, 0)
KIND = ClockKind.QUALITY_RESPONSE  # 24 hours: plain arithmetic


@pytest.fixture
def newcomer(make_staff, team):
    return make_staff(Role.SALES, team=team, email="newcomer@example.com")


def start(subject, owner, at=MONDAY):
    return clock_start(kind=KIND, subject=subject, owner=owner, at=at, label="张先生 138****0001")


def open_clock(subject):
    return Clock.objects.get(object_id=subject.pk, state__in=OPEN_STATES)


def outcomes():
    return sorted(ClockOutcomeDay.objects.values_list("owner_id", "on_time", "late"))


def test_a_breach_stays_with_the_previous_owner_and_the_new_owner_starts_fresh(subject, owner, newcomer):
    old = start(subject, owner)
    sla_sweep(now=MONDAY + timedelta(days=14))
    assert outcomes() == [(owner.pk, 0, 1)]
    handed_at = MONDAY + timedelta(days=14, hours=1)

    [fresh] = clock_hand_over(subject=subject, to_owner=newcomer, at=handed_at, by=newcomer)

    old.refresh_from_db()
    assert old.state == ClockState.CANCELLED and old.owner == owner and old.breached_at is not None
    assert old.events.last().action == ClockAction.HAND_OVER
    assert (fresh.owner, fresh.state, fresh.started_at) == (newcomer, ClockState.RUNNING, handed_at)
    assert fresh.due_at == handed_at + timedelta(hours=24) and fresh.breached_at is None
    assert open_clock(subject) == fresh
    # Nothing new is breached at the hand-over, and the on-time record still blames only the previous owner,
    # also after the outcome table is rebuilt from the clocks.
    assert sla_sweep(now=handed_at + timedelta(hours=1)).breached == 0
    assert outcomes() == [(owner.pk, 0, 1)]
    rebuild_outcomes()
    assert outcomes() == [(owner.pk, 0, 1)]
    clock_stop(kind=KIND, subject=subject, at=handed_at + timedelta(hours=2))
    assert outcomes() == [(owner.pk, 0, 1), (newcomer.pk, 1, 0)]


def test_a_running_clock_restarts_from_the_hand_over_and_counts_for_nobody(subject, owner, newcomer):
    """Decision: the remaining time does not carry over; the new owner gets the policy's full duration."""
    start(subject, owner)
    handed_at = MONDAY + timedelta(hours=20)  # 4 hours left for the previous owner
    [fresh] = clock_hand_over(subject=subject, to_owner=newcomer, at=handed_at)
    assert fresh.due_at == handed_at + timedelta(hours=24)
    assert sla_sweep(now=MONDAY + timedelta(hours=30)).breached == 0
    assert outcomes() == []  # the previous owner neither met nor missed it
    rebuild_outcomes()
    assert outcomes() == []


def test_in_the_pool_clocks_wait_paused_and_the_next_owner_starts_fresh(subject, owner, newcomer):
    start(subject, owner)
    released_at = MONDAY + timedelta(hours=1)
    [pooled] = clock_hand_over(subject=subject, to_owner=None, at=released_at)
    assert pooled.owner is None and pooled.state == ClockState.PAUSED
    assert pooled.team == owner.team  # the team that let it lapse still sees it
    # Two weeks in the pool: nobody's breach, no nameless on-time row.
    assert sla_sweep(now=MONDAY + timedelta(days=14)).breached == 0
    assert outcomes() == []
    claimed_at = MONDAY + timedelta(days=14)
    [fresh] = clock_hand_over(subject=subject, to_owner=newcomer, at=claimed_at, by=newcomer)
    assert (fresh.state, fresh.owner, fresh.due_at) == (ClockState.RUNNING, newcomer, claimed_at + timedelta(hours=24))
    assert fresh.paused_seconds == 0


def test_a_pause_for_the_customer_carries_over(subject, owner, newcomer):
    start(subject, owner)
    clock_pause(kind=KIND, subject=subject, reason="客户出差", at=MONDAY + timedelta(hours=1))
    [fresh] = clock_hand_over(subject=subject, to_owner=newcomer, at=MONDAY + timedelta(hours=2))
    assert fresh.state == ClockState.PAUSED and fresh.note == "客户出差" and fresh.owner == newcomer


def test_a_subject_without_open_clocks_hands_over_nothing(subject, newcomer):
    assert clock_hand_over(subject=subject, to_owner=newcomer, at=MONDAY) == []


def test_a_clock_that_never_had_an_owner_is_named_in_the_on_time_table(subject, owner):
    """A new lead waiting for an owner can still miss its promise: the company's miss, shown as the pool's row,
    never as a nameless one."""
    from django.utils import translation

    from decocrm.sla.reports import on_time_rates_by_person

    clock_start(kind=KIND, subject=subject, owner=None, team=owner.team, at=MONDAY, label="张先生 138****0001")
    sla_sweep(now=MONDAY + timedelta(days=2))
    with translation.override("en"):
        rows = on_time_rates_by_person(ClockOutcomeDay.objects.all())
    assert [(row["owner_id"], row["owner_name"], row["late"]) for row in rows] == [(0, "In the pool", 1)]


def test_a_kind_held_by_someone_else_stays_with_them_on_a_hand_over(subject, owner, newcomer, make_staff, team):
    """kinds.register_clock_owner: the kind's holder, not the new owner, keeps its clocks (and an unchanged holder's
    clock runs on untouched); other kinds are handed over as before."""
    from decocrm.sla import kinds

    specialist = make_staff(Role.DESIGNER, team=team)
    kinds.register_clock_owner(ClockKind.REPAIR_CONTACT, lambda subject_, to_owner: specialist)
    try:
        kept = clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=specialist, at=MONDAY)
        start(subject, owner)
        fresh = clock_hand_over(subject=subject, to_owner=newcomer, at=MONDAY + timedelta(hours=1))
        assert [(c.kind, c.owner) for c in fresh] == [(KIND, newcomer)]
        kept.refresh_from_db()
        assert (kept.state, kept.owner, kept.started_at) == (ClockState.RUNNING, specialist, MONDAY)
        assert not kept.events.filter(action=ClockAction.HAND_OVER).exists()
        # to the pool as well: the holder keeps it running
        clock_hand_over(subject=subject, to_owner=None, at=MONDAY + timedelta(hours=2))
        kept.refresh_from_db()
        assert kept.state == ClockState.RUNNING
    finally:
        kinds._holders.pop(ClockKind.REPAIR_CONTACT, None)
