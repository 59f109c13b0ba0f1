"""Clock subjects (one declaration gives a clock its owner, team, customer, label and link) and clock listeners
(told after commit, with ids, set-based from the sweep)."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from decocrm.accounts.models import Team
from decocrm.accounts.services import team_create
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.hooks import ClockHook, interest, register_clock_listener, unregister_clock_listener
from decocrm.sla.models import Clock
from decocrm.sla.services import clock_pause, clock_resume, clock_start, clock_stop
from decocrm.sla.subjects import register_clock_subject, unregister_clock_subject
from decocrm.sla.sweep import sla_sweep

from .conftest import local

pytestmark = pytest.mark.django_db

MONDAY = local(2026, 3, 2, 10, 0)


@pytest.fixture
def heard():
    """A listener on every hook for teams (the stand-in subject model); yields the changes it was told."""
    changes = []

    def listener(change):
        changes.append(change)

    register_clock_listener(listener, hooks=list(ClockHook), models=[Team])
    yield changes
    unregister_clock_listener(listener)


@pytest.fixture
def declared_team(owner):
    register_clock_subject(
        Team,
        owner=lambda team: owner,
        customer=lambda team: 4242,
        label=lambda team: f"门店 {team.name}",
        url=lambda team: f"/teams/{team.pk}/",
        attrs=lambda team: {"location": "suburban"},
    )
    yield
    unregister_clock_subject(Team)


def test_a_declared_subject_starts_a_clock_from_kind_subject_and_moment(declared_team, subject, owner, team):
    clock = clock_start(kind=ClockKind.REPAIR_ON_SITE, subject=subject, at=MONDAY)
    assert (clock.owner, clock.team, clock.customer_id) == (owner, team, 4242)  # the team follows the owner
    assert (clock.subject_label, clock.subject_url) == (f"门店 {subject.name}", f"/teams/{subject.pk}/")
    assert clock.amount == 48  # the declared attrs pick the suburban variant
    other = team_create(name="二店")
    given = clock_start(
        kind=ClockKind.REPAIR_ON_SITE, subject=other, at=MONDAY, owner=None, attrs={"location": "urban"}
    )
    assert (given.owner, given.amount) == (None, 24)  # what the caller gives wins over the declaration


def test_listeners_hear_after_commit_with_clock_and_subject_ids(
    heard, subject, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        clock = clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owner, at=MONDAY)
        clock_pause(kind=ClockKind.REPAIR_CONTACT, subject=subject, reason="客户改期", at=MONDAY)
        clock_resume(kind=ClockKind.REPAIR_CONTACT, subject=subject, at=MONDAY + timedelta(minutes=30))
        clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=subject, at=MONDAY + timedelta(hours=1))
        assert heard == []  # nothing before the commit
    assert [c.hook for c in heard] == [ClockHook.DEADLINE_MOVED, ClockHook.DEADLINE_MOVED, ClockHook.STOPPED]
    assert all(c.clock_ids == [clock.pk] and c.subject_ids == {Team: [subject.pk]} for c in heard)
    assert heard[-1].kinds == {ClockKind.REPAIR_CONTACT}


def test_listeners_hear_nothing_of_a_rolled_back_change(heard, subject, owner, django_capture_on_commit_callbacks):
    clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owner, at=MONDAY)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=subject, at=MONDAY + timedelta(hours=1))
        raise RuntimeError("the business event failed")
    assert (callbacks, heard) == ([], [])
    assert Clock.objects.get().state == ClockState.RUNNING


def test_listeners_narrowed_by_kind_and_model_hear_only_theirs(subject, owner, django_capture_on_commit_callbacks):
    from decocrm.accounts.models import User

    calls = []
    register_clock_listener(calls.append, hooks=[ClockHook.STOPPED], kinds=[ClockKind.FIRST_CONTACT])
    register_clock_listener(calls.append, hooks=[ClockHook.STOPPED], models=[User])
    try:
        with django_capture_on_commit_callbacks(execute=True):
            clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owner, at=MONDAY)
            clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=subject, at=MONDAY + timedelta(hours=1))
    finally:
        unregister_clock_listener(calls.append)
    assert calls == []


def _sweep_with_breaches(n, owner, django_capture_on_commit_callbacks, at):
    subjects = [team_create(name=f"扫描{at:%d}-{i}") for i in range(n)]
    for s in subjects:
        clock_start(kind=ClockKind.REPAIR_CONTACT, subject=s, owner=owner, at=at)
    interest(ClockHook.BREACHED)  # content types are cached per process: warm, as in a running worker
    # the listeners run on exit of the outer block, after the counted sweep
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
        result = sla_sweep(now=at + timedelta(hours=3))  # 1 h past due (2 h), not yet escalated (2 h more)
    return subjects, result, len(queries)


def test_the_sweep_tells_breach_listeners_once_with_every_breached_id_in_constant_queries(
    heard, owner, team_manager, company_manager, django_capture_on_commit_callbacks
):
    one, result, queries_for_one = _sweep_with_breaches(1, owner, django_capture_on_commit_callbacks, MONDAY)
    assert result.breached == 1 and [c.hook for c in heard] == [ClockHook.BREACHED]
    assert heard[0].subject_ids == {Team: [one[0].pk]}

    later = MONDAY + timedelta(days=1)
    clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=one[0], at=later)  # out of the way (its hook never commits)
    heard.clear()
    fifty, result, queries_for_fifty = _sweep_with_breaches(50, owner, django_capture_on_commit_callbacks, later)
    assert result.breached == 50 and [c.hook for c in heard] == [ClockHook.BREACHED]
    breach = heard[0]
    assert sorted(breach.subject_ids[Team]) == sorted(s.pk for s in fifty) and len(breach.clock_ids) == 50
    assert queries_for_fifty == queries_for_one

    # Escalation: every clock still breached 2 h later, in one call.
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = sla_sweep(now=later + timedelta(hours=5, minutes=1))
    assert result.escalated == 50 and [c.hook for c in heard] == [ClockHook.ESCALATED]
    assert sorted(heard[0].clock_ids) == sorted(breach.clock_ids)
