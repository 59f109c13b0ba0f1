"""The delivery task: as a function, once enqueued through Celery (eager mode, after commit), its beat entry,
and two overlapping runs on PostgreSQL claiming disjoint rows (the real-worker test is the lead's)."""

import threading

import pytest
from django.db import connection, transaction

from decocrm.accounts.choices import Role
from decocrm.celery import app
from decocrm.notifications import delivery
from decocrm.notifications.choices import DeliveryState
from decocrm.notifications.delivery import CLAIM_LEASE, notifications_deliver_due
from decocrm.notifications.models import Notification
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.tasks import deliver_notifications
from tests.conftest import skip_or_fail

TASK = "decocrm.notifications.tasks.deliver_notifications"


@pytest.fixture
def owner(make_staff, team):
    return make_staff(Role.SALES, team=team, email="sales@example.com")


def test_beat_runs_delivery_every_minute_and_drops_a_backlog_of_ticks():
    entry = app.conf.beat_schedule["deliver-notifications"]
    assert entry["task"] == TASK and TASK in app.tasks
    assert entry["schedule"] == 60.0
    assert entry["options"]["expires"] < 60


@pytest.mark.django_db
def test_the_task_as_a_function(owner, notify, mailoutbox):
    notify(owner)
    result = deliver_notifications()
    assert result["claimed"] == 1 and result["emails_sent"] == 1
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_storing_notifications_enqueues_delivery_after_commit_through_celery(
    owner, mailoutbox, django_capture_on_commit_callbacks
):
    """Celery's eager mode (tests/conftest.py): .delay() really goes through the task machinery, in process."""
    assert app.conf.task_always_eager
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification_create_many(notifications=[{"recipient": owner, "kind": "general", "title": "After commit"}])
        assert mailoutbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert [m.subject for m in mailoutbox] == ["[DecoCRM] After commit"]
    assert Notification.objects.get().email_state == DeliveryState.SENT


@pytest.mark.django_db
def test_the_task_enqueues_itself_while_more_are_due(owner, mailoutbox, monkeypatch):
    monkeypatch.setattr(delivery, "BATCH_SIZE", 2)
    notification_create_many(notifications=[{"recipient": owner, "kind": "general", "title": str(i)} for i in range(5)])
    deliver_notifications.delay()
    assert len(mailoutbox) == 5
    assert not Notification.objects.filter(email_state=DeliveryState.PENDING).exists()


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_claim_disjoint_rows(owner, mailoutbox):
    """A run holds its batch's row locks while claiming; a second run skips those rows (SKIP LOCKED)."""
    if connection.vendor != "postgresql":
        skip_or_fail("row locks (FOR UPDATE SKIP LOCKED) need PostgreSQL")
    # Stored directly: in a transactional test the service's after-commit delivery would run at once.
    Notification.objects.bulk_create(Notification(recipient=owner, kind="general", title=str(i)) for i in range(4))
    first_claimed, release = threading.Event(), threading.Event()
    claimed_by_first = []

    def first_run():
        try:
            with transaction.atomic():
                rows = list(
                    Notification.objects.select_for_update(skip_locked=True)
                    .filter(delivery.due_filter(delivery.timezone.now()))
                    .order_by("id")[:2]
                )
                claimed_by_first.extend(n.pk for n in rows)
                first_claimed.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_run)
    thread.start()
    try:
        assert first_claimed.wait(10)
        report = notifications_deliver_due()
    finally:
        release.set()
        thread.join(10)
    sent = set(Notification.objects.filter(email_state=DeliveryState.SENT).values_list("pk", flat=True))
    assert report.claimed == 2
    assert sent.isdisjoint(claimed_by_first) and len(sent) == 2
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_a_claimed_batch_is_leased_so_another_run_does_not_take_it(owner, notify):
    n = notify(owner)
    claimed = delivery._claim(delivery.timezone.now(), 10)
    assert [c.pk for c in claimed] == [n.pk]
    n.refresh_from_db()
    assert n.next_attempt_at >= delivery.timezone.now() + CLAIM_LEASE - delivery.timedelta(seconds=5)
    assert delivery._claim(delivery.timezone.now(), 10) == []
