"""The sweep's warnings come from their own table (ClockWarning, issue 13): no clock row is written to warn, and each
clock is still warned once, at its own warning time, only while it runs."""

from datetime import timedelta

import pytest

from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockKind
from decocrm.sla.models import ClockWarning
from decocrm.sla.services import clock_hand_over, clock_pause, clock_resume, clock_start, clock_stop
from decocrm.sla.sweep import sla_sweep

from .conftest import local

pytestmark = pytest.mark.django_db

MONDAY = local(2026, 3, 2, 10, 0)
KIND = ClockKind.REPAIR_CONTACT  # 2 h, warned 30 min before the deadline


def warnings_to(user):
    return Notification.objects.filter(recipient=user, kind="sla_warning").count()


@pytest.fixture
def clock(subject, owner):
    return clock_start(kind=KIND, subject=subject, owner=owner, at=MONDAY, label="李女士 报修")


def test_a_started_clock_waits_for_its_warning_and_the_sweep_takes_it_once(clock, owner):
    pending = ClockWarning.objects.get(clock=clock)
    assert pending.warn_at == clock.warn_at == clock.due_at - timedelta(minutes=30)
    assert sla_sweep(now=clock.warn_at - timedelta(minutes=1)).warned == 0
    assert ClockWarning.objects.filter(clock=clock).exists()

    assert sla_sweep(now=clock.warn_at).warned == 1
    assert not ClockWarning.objects.filter(clock=clock).exists()
    assert sla_sweep(now=clock.warn_at + timedelta(minutes=1)).warned == 0
    assert warnings_to(owner) == 1


def test_a_paused_clock_is_not_warned_until_it_runs_again_then_at_its_moved_time(clock, subject, owner):
    clock_pause(kind=KIND, subject=subject, reason="客户改约", at=MONDAY + timedelta(minutes=30))
    # past the old warning time while paused: nothing, and the warning stays pending
    assert sla_sweep(now=clock.warn_at + timedelta(minutes=5)).warned == 0
    assert ClockWarning.objects.filter(clock=clock).exists()

    resumed = clock_resume(kind=KIND, subject=subject, at=MONDAY + timedelta(hours=3, minutes=30))
    assert resumed.warn_at == clock.warn_at + timedelta(hours=3)  # the paused time moves the warning too
    assert ClockWarning.objects.get(clock=clock).warn_at == resumed.warn_at
    assert sla_sweep(now=resumed.warn_at - timedelta(minutes=1)).warned == 0
    assert sla_sweep(now=resumed.warn_at).warned == 1
    assert warnings_to(owner) == 1


def test_a_clock_warned_before_a_pause_is_not_warned_again_after_it(clock, subject, owner):
    assert sla_sweep(now=clock.warn_at).warned == 1
    clock_pause(kind=KIND, subject=subject, reason="客户改约", at=clock.warn_at + timedelta(minutes=5))
    resumed = clock_resume(kind=KIND, subject=subject, at=clock.warn_at + timedelta(hours=1))
    assert sla_sweep(now=resumed.warn_at + timedelta(minutes=1)).warned == 0
    assert warnings_to(owner) == 1


def test_a_stopped_clock_is_never_warned_and_its_pending_warning_goes(clock, subject, owner):
    clock_stop(kind=KIND, subject=subject, at=MONDAY + timedelta(minutes=10))
    assert ClockWarning.objects.filter(clock=clock).exists()  # no write on the stop's path
    assert sla_sweep(now=clock.warn_at).as_dict() == {"warned": 0, "breached": 0, "escalated": 0, "notified": 0}
    assert not ClockWarning.objects.filter(clock=clock).exists()
    assert warnings_to(owner) == 0


def test_an_early_pending_warning_waits_for_the_clocks_own_time(clock, owner):
    ClockWarning.objects.filter(clock=clock).update(warn_at=MONDAY)  # early (the one direction allowed)
    assert sla_sweep(now=MONDAY + timedelta(minutes=5)).warned == 0
    assert ClockWarning.objects.filter(clock=clock).exists()
    assert sla_sweep(now=clock.warn_at).warned == 1
    assert warnings_to(owner) == 1


def test_a_handed_over_clock_warns_its_new_owner_at_the_fresh_clocks_time(clock, subject, owner, make_staff, team):
    from decocrm.accounts.choices import Role

    other = make_staff(Role.SALES, team=team)
    (fresh,) = clock_hand_over(subject=subject, to_owner=other, at=MONDAY + timedelta(minutes=20))
    assert ClockWarning.objects.get(clock=fresh).warn_at == fresh.warn_at > clock.warn_at
    assert sla_sweep(now=clock.warn_at).warned == 0  # the closed clock's pending warning goes unsent
    assert not ClockWarning.objects.filter(clock=clock).exists()
    assert sla_sweep(now=fresh.warn_at).warned == 1
    assert (warnings_to(owner), warnings_to(other)) == (0, 1)


def test_clocks_written_in_bulk_get_the_pending_warnings_their_state_implies(subject, owner):
    """queue_pending_warnings, for the seeders that write clock rows around clock_start: a warning is pending where its
    time is still ahead (of now, or of a paused clock's pause), not for a closed clock, and never twice."""
    from decocrm.sla.choices import ClockState
    from decocrm.sla.models import Clock
    from decocrm.sla.pending import queue_pending_warnings

    now = MONDAY + timedelta(hours=1)
    ahead = clock_start(kind=KIND, subject=subject, owner=owner, at=MONDAY)  # warns at 11:30
    others = [clock_start(kind=kind, subject=subject, owner=owner, at=MONDAY) for kind in (
        ClockKind.FIRST_CONTACT, ClockKind.COMPLAINT_SOLUTION, ClockKind.VISIT_RECORD)]  # fmt: skip
    ClockWarning.objects.all().delete()  # as if the rows had been written around the services
    passed, paused_before, closed = others
    Clock.objects.filter(pk=passed.pk).update(warn_at=now - timedelta(minutes=1))
    Clock.objects.filter(pk=paused_before.pk).update(state=ClockState.PAUSED, paused_at=MONDAY, warn_at=now)
    Clock.objects.filter(pk=closed.pk).update(state=ClockState.MET, stopped_at=MONDAY)

    assert queue_pending_warnings(now=now) == 2
    assert set(ClockWarning.objects.values_list("clock_id", flat=True)) == {ahead.pk, paused_before.pk}
    assert queue_pending_warnings(now=now) == 0
