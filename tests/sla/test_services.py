from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from decocrm.core.errors import DomainError
from decocrm.sla.choices import ClockAction, ClockKind, ClockState
from decocrm.sla.models import Clock, SlaPolicy
from decocrm.sla.services import (
    ClockStateError,
    clock_cancel,
    clock_cancel_all,
    clock_pause,
    clock_restart,
    clock_resume,
    clock_start,
    clock_stop,
)
from decocrm.sla.sweep import sla_sweep

from .conftest import local

pytestmark = pytest.mark.django_db

MONDAY = local(2026, 3, 2, 10, 0)  # an ordinary working week, after the Spring Festival


def start(kind, subject, owner, at=MONDAY, **kwargs):
    if kind == ClockKind.DELAY_NOTICE:
        kwargs.setdefault("anchor_at", at + timedelta(days=14))
    return clock_start(kind=kind, subject=subject, owner=owner, at=at, label="张先生 138****0001", **kwargs)


def test_every_policy_in_the_product_table_is_seeded():
    from decocrm.sla.kinds import default_policies

    seeded = set(SlaPolicy.objects.values_list("kind", flat=True))
    assert set(ClockKind.values) <= seeded and seeded == set(default_policies())  # and the kinds apps registered


def _start_now(kind, subject, owner):
    """Start at the (travelled) current time, as the domain services do."""
    anchor = {"anchor_at": timezone.now() + timedelta(days=14)} if kind == ClockKind.DELAY_NOTICE else {}
    return clock_start(kind=kind, subject=subject, owner=owner, label="张先生 138****0001", **anchor)


@pytest.mark.parametrize("kind", list(ClockKind))
def test_every_clock_kind_runs_from_start_to_met(kind, subject, owner):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        clock = _start_now(kind, subject, owner)
        assert clock.state == ClockState.RUNNING and clock.started_at == MONDAY
        assert clock.team == owner.team
        assert clock.warn_at <= clock.due_at
        if kind != ClockKind.DELAY_NOTICE:
            assert clock.due_at > MONDAY
        traveller.move_to(min(clock.due_at, MONDAY + timedelta(minutes=30)))
        assert sla_sweep().breached == 0
        stopped = clock_stop(kind=kind, subject=subject)
    assert stopped.state == ClockState.MET
    assert list(stopped.events.values_list("action", flat=True)) == [ClockAction.START, ClockAction.STOP]


@pytest.mark.parametrize("kind", list(ClockKind))
def test_every_clock_kind_breaches_then_is_met_late(kind, subject, owner):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        clock = _start_now(kind, subject, owner)
        traveller.move_to(clock.due_at + timedelta(minutes=1))
        assert sla_sweep().breached == 1
        clock.refresh_from_db()
        assert clock.state == ClockState.BREACHED
        traveller.shift(timedelta(hours=1))
        stopped = clock_stop(kind=kind, subject=subject)
    assert stopped.state == ClockState.MET_LATE


@pytest.mark.parametrize("kind", list(ClockKind))
def test_every_clock_kind_pauses_resumes_and_cancels(kind, subject, owner):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        clock = _start_now(kind, subject, owner)
        due = clock.due_at
        traveller.shift(timedelta(minutes=10))
        clock_pause(kind=kind, subject=subject, reason="客户要求改期")
        traveller.shift(timedelta(hours=3))
        resumed = clock_resume(kind=kind, subject=subject)
        assert resumed.due_at == due + timedelta(hours=3)
        cancelled = clock_cancel(kind=kind, subject=subject, reason="客户取消")
    assert cancelled.state == ClockState.CANCELLED
    assert [e.action for e in cancelled.events.all()] == [
        ClockAction.START,
        ClockAction.PAUSE,
        ClockAction.RESUME,
        ClockAction.CANCEL,
    ]


def test_first_contact_is_three_working_days_to_the_end_of_the_day(subject, owner):
    clock = start(ClockKind.FIRST_CONTACT, subject, owner)  # Monday 10:00
    assert clock.due_at == local(2026, 3, 5, 23, 59, 59, 999999)  # Thursday, end of day
    assert not clock.provisional


def test_stopped_after_due_without_a_sweep_is_still_late(subject, owner):
    clock = start(ClockKind.REPAIR_CONTACT, subject, owner)
    assert clock.due_at == MONDAY + timedelta(hours=2)
    stopped = clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=subject, at=MONDAY + timedelta(hours=3))
    assert stopped.state == ClockState.MET_LATE


def test_repair_on_site_depends_on_location(subject, owner, team):
    urban = start(ClockKind.REPAIR_ON_SITE, subject, owner, attrs={"location": "urban"})
    assert urban.due_at - MONDAY == timedelta(hours=24)
    clock_cancel(kind=ClockKind.REPAIR_ON_SITE, subject=subject, reason="test")
    suburban = start(ClockKind.REPAIR_ON_SITE, subject, owner, attrs={"location": "suburban"})
    assert suburban.due_at - MONDAY == timedelta(hours=48)


def test_key_account_contact_depends_on_tier_and_recurs(subject, owner):
    core = start(ClockKind.KEY_ACCOUNT_CONTACT, subject, owner, attrs={"tier": "core"})
    assert core.due_at - MONDAY == timedelta(days=7)
    clock_cancel(kind=ClockKind.KEY_ACCOUNT_CONTACT, subject=subject, reason="test")
    ordinary = start(ClockKind.KEY_ACCOUNT_CONTACT, subject, owner, attrs={"tier": "ordinary"})
    assert ordinary.due_at - MONDAY == timedelta(days=14)


def test_first_revisit_is_one_calendar_month_clamped_to_month_end(subject, owner):
    clock = start(ClockKind.FIRST_REVISIT, subject, owner, at=local(2026, 1, 31, 9, 0))
    assert clock.due_at == local(2026, 2, 28, 9, 0)


def test_pause_and_resume_extends_the_deadline_by_the_paused_time(subject, owner, make_staff):
    clock = start(ClockKind.MEASUREMENT_RESULTS, subject, owner)
    due = clock.due_at
    paused = clock_pause(
        kind=ClockKind.MEASUREMENT_RESULTS, subject=subject, at=MONDAY + timedelta(hours=1), reason="客户改期"
    )
    assert paused.state == ClockState.PAUSED
    # While paused, the sweep leaves it alone even past the old deadline.
    assert sla_sweep(now=due + timedelta(hours=1)).breached == 0
    resumed = clock_resume(kind=ClockKind.MEASUREMENT_RESULTS, subject=subject, at=MONDAY + timedelta(days=2, hours=1))
    assert resumed.state == ClockState.RUNNING
    assert resumed.due_at == due + timedelta(days=2)
    assert resumed.paused_seconds == 2 * 24 * 3600
    assert [e.action for e in resumed.events.all()] == [ClockAction.START, ClockAction.PAUSE, ClockAction.RESUME]
    assert resumed.events.get(action=ClockAction.PAUSE).note == "客户改期"


def test_stopping_a_paused_clock_resumes_it_first(subject, owner):
    start(ClockKind.MEASUREMENT_RESULTS, subject, owner)
    clock_pause(kind=ClockKind.MEASUREMENT_RESULTS, subject=subject, at=MONDAY, reason="客户出差")
    stopped = clock_stop(kind=ClockKind.MEASUREMENT_RESULTS, subject=subject, at=MONDAY + timedelta(days=10))
    assert stopped.state == ClockState.MET  # ten paused days pushed the deadline


def test_illegal_transitions_raise_and_change_nothing(subject, owner):
    with pytest.raises(ClockStateError):
        clock_pause(kind=ClockKind.FIRST_CONTACT, subject=subject, reason="x", at=MONDAY)
    with pytest.raises(ClockStateError):
        clock_resume(kind=ClockKind.FIRST_CONTACT, subject=subject, at=MONDAY)
    clock = start(ClockKind.FIRST_CONTACT, subject, owner)
    with pytest.raises(ClockStateError):
        start(ClockKind.FIRST_CONTACT, subject, owner)
    with pytest.raises(ClockStateError):
        clock_resume(kind=ClockKind.FIRST_CONTACT, subject=subject, at=MONDAY)
    with pytest.raises(DomainError):
        clock_pause(kind=ClockKind.FIRST_CONTACT, subject=subject, reason="  ", at=MONDAY)
    clock_pause(kind=ClockKind.FIRST_CONTACT, subject=subject, reason="客户要求", at=MONDAY)
    with pytest.raises(ClockStateError):
        clock_pause(kind=ClockKind.FIRST_CONTACT, subject=subject, reason="again", at=MONDAY)
    with pytest.raises(ClockStateError):
        clock_restart(kind=ClockKind.FIRST_CONTACT, subject=subject, at=MONDAY)  # not recurring
    assert Clock.objects.filter(kind=ClockKind.FIRST_CONTACT).count() == 1
    assert Clock.objects.get(pk=clock.pk).state == ClockState.PAUSED


def test_a_breached_clock_cannot_be_paused(subject, owner):
    clock = start(ClockKind.REPAIR_CONTACT, subject, owner)
    sla_sweep(now=clock.due_at + timedelta(seconds=1))
    with pytest.raises(ClockStateError):
        clock_pause(kind=ClockKind.REPAIR_CONTACT, subject=subject, reason="客户改期")
    assert Clock.objects.get(pk=clock.pk).state == ClockState.BREACHED


def test_cancel_needs_a_reason_and_stops_the_clock(subject, owner):
    start(ClockKind.FIRST_CONTACT, subject, owner)
    with pytest.raises(DomainError):
        clock_cancel(kind=ClockKind.FIRST_CONTACT, subject=subject, reason="")
    cancelled = clock_cancel(kind=ClockKind.FIRST_CONTACT, subject=subject, reason="无效线索", at=MONDAY)
    assert cancelled.state == ClockState.CANCELLED
    assert sla_sweep(now=MONDAY + timedelta(days=30)).breached == 0
    assert clock_cancel(kind=ClockKind.FIRST_CONTACT, subject=subject, reason="again") is None
    # A cancelled clock no longer blocks a new one of the same kind.
    assert start(ClockKind.FIRST_CONTACT, subject, owner).state == ClockState.RUNNING


def test_cancel_all(subject, owner):
    start(ClockKind.FIRST_CONTACT, subject, owner)
    start(ClockKind.DESIGN_PROPOSAL, subject, owner)
    assert clock_cancel_all(subject=subject, reason="客户流失") == 2
    assert not Clock.objects.filter(state=ClockState.RUNNING).exists()


def test_recurring_progress_update_starts_the_next_one_when_stopped(subject, owner):
    first = start(ClockKind.PROGRESS_UPDATE, subject, owner)
    assert first.due_at == MONDAY + timedelta(days=7)
    update_at = MONDAY + timedelta(days=6)
    nxt = clock_restart(kind=ClockKind.PROGRESS_UPDATE, subject=subject, at=update_at)
    first.refresh_from_db()
    assert first.state == ClockState.MET
    assert nxt.sequence == 2 and nxt.state == ClockState.RUNNING
    assert nxt.started_at == update_at and nxt.due_at == update_at + timedelta(days=7)
    # A late update is met late, and the next week still starts from it.
    sla_sweep(now=nxt.due_at + timedelta(hours=1))
    third_start = nxt.due_at + timedelta(hours=2)
    clock_stop(kind=ClockKind.PROGRESS_UPDATE, subject=subject, at=third_start)
    nxt.refresh_from_db()
    assert nxt.state == ClockState.MET_LATE
    third = Clock.objects.get(kind=ClockKind.PROGRESS_UPDATE, sequence=3)
    assert third.started_at == third_start


def test_delay_notice_counts_back_from_the_effective_date(subject, owner):
    with pytest.raises(DomainError):
        clock_start(kind=ClockKind.DELAY_NOTICE, subject=subject, owner=owner, at=MONDAY)
    effective = local(2026, 3, 13, 9, 0)  # a Friday
    clock = start(ClockKind.DELAY_NOTICE, subject, owner, anchor_at=effective)
    assert clock.due_at < effective
    assert clock.due_at.astimezone(effective.tzinfo).date().isoformat() <= "2026-03-10"


def test_inactive_policy_starts_nothing(subject, owner):
    SlaPolicy.objects.filter(kind=ClockKind.VISIT_RECORD).update(active=False)
    assert start(ClockKind.VISIT_RECORD, subject, owner) is None
    assert not Clock.objects.exists()


def test_policy_change_applies_to_clocks_started_after_it(subject, owner, team):
    old = start(ClockKind.REPAIR_CONTACT, subject, owner)
    SlaPolicy.objects.filter(kind=ClockKind.REPAIR_CONTACT).update(amount=4)
    clock_cancel(kind=ClockKind.REPAIR_CONTACT, subject=subject, reason="test", at=MONDAY)
    new = start(ClockKind.REPAIR_CONTACT, subject, owner)
    old.refresh_from_db()
    assert old.due_at - MONDAY == timedelta(hours=2)
    assert new.due_at - MONDAY == timedelta(hours=4)


def test_clock_start_defaults_to_now(subject, owner):
    with time_machine.travel(MONDAY, tick=False):
        clock = clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owner)
    assert clock.started_at == MONDAY


def test_open_clocks_follow_a_calendar_change(subject, owner, make_staff, django_capture_on_commit_callbacks):
    from datetime import date

    from decocrm.accounts.choices import Role
    from decocrm.sla.choices import ClockAction
    from decocrm.workdays.services import calendar_override_set

    clock = start(ClockKind.FIRST_CONTACT, subject, owner)  # Monday 2 Mar + 3 WD -> Thursday 5 Mar
    met = start(ClockKind.DESIGN_PROPOSAL, subject, owner)
    clock_stop(kind=ClockKind.DESIGN_PROPOSAL, subject=subject, at=MONDAY + timedelta(hours=1))
    boss = make_staff(Role.MANAGER, company_wide=True)
    # The company closes on Wednesday 4 Mar: the deadline moves to Friday, after the change commits (task).
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_set(day=date(2026, 3, 4), is_working=False, note="公司团建", by=boss)
    clock.refresh_from_db()
    assert clock.due_at == local(2026, 3, 6, 23, 59, 59, 999999)
    assert clock.events.filter(action=ClockAction.RECOMPUTE).count() == 1
    met.refresh_from_db()
    assert met.state == ClockState.MET  # closed clocks keep their record
