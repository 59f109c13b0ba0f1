import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockKind, ClockState, EscalationLevel
from decocrm.sla.models import Clock, ClockWarning
from decocrm.sla.services import clock_start
from decocrm.sla.sweep import sla_sweep
from tests.conftest import skip_or_fail

from .conftest import local

pytestmark = pytest.mark.django_db

MONDAY = local(2026, 3, 2, 10, 0)


def notices(**filters):
    return sorted(Notification.objects.filter(**filters).values_list("recipient__username", "kind", "level"))


@pytest.fixture
def repair_clock(subject, owner, team_manager, company_manager):
    # repair contact: 2 h, warned 30 min before, company managers told 2 h after the breach
    return clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owner, at=MONDAY, label="李女士 报修")


def test_before_the_warning_nothing_happens(repair_clock):
    assert sla_sweep(now=MONDAY + timedelta(minutes=80)).as_dict() == {
        "warned": 0,
        "breached": 0,
        "escalated": 0,
        "notified": 0,
    }


def test_warning_then_breach_then_escalation_each_once(repair_clock, owner, team_manager, company_manager):
    due = repair_clock.due_at
    r = sla_sweep(now=due - timedelta(minutes=20))
    assert (r.warned, r.breached, r.notified) == (1, 0, 1)
    assert notices() == [(owner.username, "sla_warning", 0)]

    r = sla_sweep(now=due + timedelta(minutes=1))
    assert (r.warned, r.breached, r.escalated, r.notified) == (0, 1, 0, 2)
    clock = Clock.objects.get(pk=repair_clock.pk)
    assert clock.state == ClockState.BREACHED and clock.escalation_level == EscalationLevel.TEAM
    assert notices(kind="sla_breach") == sorted(
        [(owner.username, "sla_breach", 1), (team_manager.username, "sla_breach", 1)]
    )
    breach = Notification.objects.get(kind="sla_breach", recipient=owner)
    assert "报修" in breach.body
    assert breach.title.startswith("逾期")  # stored text, in the company language
    digest = Notification.objects.get(kind="sla_breach", recipient=team_manager)
    assert digest.title.endswith("1") and digest.url.endswith(f"?team={owner.team_id}")

    r = sla_sweep(now=due + timedelta(hours=2, minutes=1))
    assert (r.escalated, r.notified) == (1, 1)
    assert notices(kind="sla_escalation") == [(company_manager.username, "sla_escalation", 2)]

    # Nothing more, however often it runs.
    for minutes in (2, 3, 600):
        assert sla_sweep(now=due + timedelta(hours=2, minutes=minutes)).as_dict() == {
            "warned": 0,
            "breached": 0,
            "escalated": 0,
            "notified": 0,
        }
    assert Notification.objects.count() == 4


def test_sweeping_twice_at_the_same_moment_sends_nothing_twice(repair_clock):
    late = repair_clock.due_at + timedelta(hours=3)
    first = sla_sweep(now=late)
    # overdue at its first sweep: breached and escalated, never "due soon"
    assert (first.warned, first.breached, first.escalated, first.notified) == (0, 1, 1, 3)
    assert sla_sweep(now=late).notified == 0
    assert Notification.objects.count() == 3


def test_a_clock_overdue_at_its_first_sweep_gets_only_the_breach(repair_clock, owner):
    r = sla_sweep(now=repair_clock.due_at + timedelta(minutes=1))
    assert (r.warned, r.breached) == (0, 1)
    assert notices(recipient=owner) == [(owner.username, "sla_breach", 1)]
    assert Clock.objects.get(pk=repair_clock.pk).state == ClockState.BREACHED
    # nor later: the warning step only tells the owners of running clocks, and this clock's pending warning is gone
    assert not ClockWarning.objects.filter(clock=repair_clock).exists()
    assert sla_sweep(now=repair_clock.due_at + timedelta(minutes=2)).notified == 0
    assert not Notification.objects.filter(kind="sla_warning").exists()


def test_a_sweep_exactly_at_the_deadline_breaches_without_warning(repair_clock, owner):
    r = sla_sweep(now=repair_clock.due_at)
    assert (r.warned, r.breached) == (0, 1)
    assert notices(recipient=owner) == [(owner.username, "sla_breach", 1)]


def test_catch_up_after_three_days_of_downtime(subject, owner, team_manager, company_manager, make_staff, team):
    kinds = [ClockKind.FIRST_CONTACT, ClockKind.REPAIR_CONTACT, ClockKind.COMPLAINT_SOLUTION, ClockKind.VISIT_RECORD]
    for kind in kinds:
        clock_start(kind=kind, subject=subject, owner=owner, at=MONDAY)
    far_future = clock_start(kind=ClockKind.FIRST_REVISIT, subject=subject, owner=owner, at=MONDAY)

    r = sla_sweep(now=MONDAY + timedelta(days=6))  # workers were down from Monday to Sunday
    assert (r.warned, r.breached, r.escalated) == (0, 4, 4)
    # per clock: one breach notice to the owner (no "due soon" for what is already overdue); per sweep: one
    # digest to the team manager and one to the company manager
    assert r.notified == 4 + 1 + 1
    assert Notification.objects.filter(recipient=owner, kind="sla_warning").count() == 0
    assert Notification.objects.filter(recipient=owner, kind="sla_breach").count() == 4
    digest = Notification.objects.get(recipient=company_manager, kind="sla_escalation")
    assert digest.title.endswith("4")
    assert Clock.objects.get(pk=far_future.pk).state == ClockState.RUNNING
    assert sla_sweep(now=MONDAY + timedelta(days=6, minutes=1)).notified == 0


def test_team_manager_who_owns_the_clock_is_told_once(subject, team_manager):
    clock = clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=team_manager, at=MONDAY)
    sla_sweep(now=clock.due_at + timedelta(minutes=1))
    assert notices(kind="sla_breach") == [(team_manager.username, "sla_breach", 1)]


def test_policy_without_escalation_stays_at_team_level(subject, owner, company_manager):
    from decocrm.sla.models import SlaPolicy

    SlaPolicy.objects.filter(kind=ClockKind.REPAIR_CONTACT).update(escalate_to_company=False)
    clock = clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owner, at=MONDAY)
    r = sla_sweep(now=clock.due_at + timedelta(days=3))
    assert (r.breached, r.escalated) == (1, 0)


def test_sla_sweep_command_prints_what_it_did(repair_clock, capsys):
    call_command("sla_sweep", now="2026-03-02T12:05")
    out = capsys.readouterr().out
    assert "2026-03-02 12:05:00+0800" in out
    assert "warned=0 breached=1 escalated=0 notified=2" in out


def test_sla_sweep_command_rejects_a_bad_date(capsys):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--now"):
        call_command("sla_sweep", now="next tuesday")


@pytest.mark.django_db(transaction=True)
@pytest.mark.needs_postgres
def test_two_concurrent_sweeps_notify_each_clock_once(make_staff, team):
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent sweeps need PostgreSQL row locks")
    from decocrm.accounts.services import team_create, team_set_manager

    # 4 owners of 10 clocks: a notice per clock even when one sweep breaches them all (sweep.OWNER_DIGEST_ABOVE)
    owners = [make_staff(email=f"o{k}@example.com", team=team) for k in range(4)]
    team_set_manager(team=team, manager=make_staff(email="m@example.com", team=team))
    for i in range(40):
        subject = team_create(name=f"并发{i}")
        clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owners[i % 4], team=team, at=MONDAY)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(offset):
        try:
            barrier.wait()
            results.append(sla_sweep(now=MONDAY + timedelta(hours=3, seconds=offset)))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sum(r.breached for r in results) == 40
    assert sum(r.warned for r in results) == 0
    # 40 breach notices to the owners (overdue when first swept: no warning), one digest per sweep that breached;
    # escalation needs 2 h more
    digests = sum(1 for r in results if r.breached)
    assert Notification.objects.filter(recipient__in=owners, kind="sla_warning").count() == 0
    for owner in owners:
        assert Notification.objects.filter(recipient=owner, kind="sla_breach", code="sla_overdue").count() == 10
    assert Notification.objects.count() == 40 + digests
    assert Clock.objects.filter(state=ClockState.BREACHED).count() == 40


def test_outcomes_kept_by_services_and_sweep_equal_a_rebuild(subject, owner, team, make_staff):
    from decocrm.accounts.services import team_create
    from decocrm.sla.models import ClockOutcomeDay
    from decocrm.sla.services import clock_stop

    subjects = [team_create(name=f"结果{i}") for i in range(4)]
    for s in subjects:
        clock_start(kind=ClockKind.REPAIR_CONTACT, subject=s, owner=owner, at=MONDAY)
    clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=subjects[0], at=MONDAY + timedelta(hours=1))  # on time
    clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=subjects[1], at=MONDAY + timedelta(hours=5))  # late, unswept
    sla_sweep(now=MONDAY + timedelta(hours=6))  # breaches the other two
    clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=subjects[2], at=MONDAY + timedelta(hours=7))  # already counted

    def table():
        return sorted(ClockOutcomeDay.objects.values_list("day", "kind", "owner_id", "team_id", "on_time", "late"))

    kept = table()
    assert kept == [(MONDAY.date(), "repair_contact", owner.pk, team.pk, 1, 3)]
    call_command("sla_rebuild_outcomes")
    assert table() == kept


def _clocks_due_at_two_moments(owner, team, count, start=MONDAY):
    """`count` repair clocks of `owner` started at `start` (10:00: due 12:00, warned from 11:30) and as many started
    an hour earlier (due 11:00): swept at 11:40, the first are past their warning time and the second past their
    deadline."""
    from decocrm.accounts.services import team_create

    soon, late = [], []
    for _ in range(count):
        for started, bucket in ((start, soon), (start - timedelta(hours=1), late)):
            subject = team_create(name=f"同一轮{start:%d}-{owner.pk}-{len(soon) + len(late)}")
            bucket.append(
                clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owner, team=team, at=started).pk
            )
    return soon, late


def test_warnings_and_breaches_due_in_the_same_run_each_once(owner, team, team_manager):
    soon, late = _clocks_due_at_two_moments(owner, team, 3)
    at = MONDAY + timedelta(hours=1, minutes=40)
    assert all(c.warn_at <= at < c.due_at for c in Clock.objects.filter(pk__in=soon))
    assert all(c.due_at <= at for c in Clock.objects.filter(pk__in=late))

    r = sla_sweep(now=at)
    # the clocks past their warning time are warned; those past their deadline get only the breach notice; the
    # team manager one digest
    assert (r.warned, r.breached, r.escalated, r.notified) == (3, 3, 0, 3 + 3 + 1)

    def keys():
        return sorted(Notification.objects.filter(recipient=owner).values_list("dedupe_key", flat=True))

    expected = sorted([f"sla:{pk}:warn:{owner.pk}" for pk in soon] + [f"sla:{pk}:breach:{owner.pk}" for pk in late])
    assert keys() == expected
    assert Clock.objects.filter(pk__in=late, state=ClockState.BREACHED).count() == 3
    assert Clock.objects.filter(pk__in=soon, state=ClockState.RUNNING).count() == 3
    assert not ClockWarning.objects.filter(clock__in=soon + late).exists()  # all taken, none left to send again
    assert Notification.objects.filter(recipient=team_manager).count() == 1

    # again, at the same moment and a minute later: nothing more
    for again in (at, at + timedelta(minutes=1)):
        assert sla_sweep(now=again).as_dict() == {"warned": 0, "breached": 0, "escalated": 0, "notified": 0}
    assert keys() == expected
    assert Notification.objects.count() == 3 + 3 + 1


@pytest.mark.needs_postgres
def test_the_sweep_runs_a_fixed_number_of_statements_whatever_it_changes(owner, team, team_manager):
    """On PostgreSQL a step is one statement, the notices written by INSERT ... SELECT from its UPDATE ... RETURNING:
    the same queries for 2 clocks as for 12, and for none."""
    if connection.vendor != "postgresql":
        skip_or_fail("one statement per step is PostgreSQL's path")
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n, start in ((1, MONDAY), (6, MONDAY + timedelta(days=1))):
        Clock.objects.filter(state__in=[ClockState.RUNNING, ClockState.BREACHED]).update(state=ClockState.CANCELLED)
        _clocks_due_at_two_moments(owner, team, n, start=start)
        at = start + timedelta(hours=1, minutes=40)
        with CaptureQueriesContext(connection) as queries:
            r = sla_sweep(now=at)
        assert (r.warned, r.breached) == (n, n)
        counts.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            assert sla_sweep(now=at).notified == 0
        counts.append(len(queries))
    # SET LOCAL synchronous_commit and one statement per step (inside the test's transaction: and a savepoint)
    assert len(set(counts)) == 1 and counts[0] <= 6, counts
