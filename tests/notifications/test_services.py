import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decocrm.accounts.choices import Role
from decocrm.notifications.choices import DeliveryState, NotificationKind
from decocrm.notifications.models import Notification
from decocrm.notifications.selectors import unread_notification_count, visible_notifications
from decocrm.notifications.services import (
    notification_create_many,
    notification_mark_all_read,
    notification_mark_read,
    notification_retry_delivery,
)

pytestmark = pytest.mark.django_db

PENDING, SKIPPED, FAILED = DeliveryState.PENDING, DeliveryState.SKIPPED, DeliveryState.FAILED


@pytest.fixture
def owner(make_staff, team):
    return make_staff(Role.SALES, team=team, email="sales@example.com")


@pytest.fixture
def no_email(make_staff, team):
    return make_staff(Role.SALES, team=team, email="")


def test_create_many_stores_every_field_and_returns_the_count(owner, manager):
    created = notification_create_many(
        notifications=[
            {
                "recipient": owner,
                "kind": NotificationKind.SLA_BREACH,
                "title": "Lead 张三: first contact overdue",
                "body": "Due 2026-10-08 23:59",
                "url": "/leads/12/",
                "level": 0,
                "dedupe_key": "breach:1:0",
            },
            Notification(recipient_id=manager.pk, kind=NotificationKind.SLA_BREACH, title="t", level=1),
        ]
    )
    assert created == 2
    stored = Notification.objects.get(recipient=owner)
    assert (stored.kind, stored.title, stored.body, stored.url, stored.level, stored.dedupe_key) == (
        "sla_breach",
        "Lead 张三: first contact overdue",
        "Due 2026-10-08 23:59",
        "/leads/12/",
        0,
        "breach:1:0",
    )
    assert stored.created_at is not None and stored.read_at is None
    assert stored.email_attempts == stored.webhook_attempts == 0 and stored.next_attempt_at is None
    assert Notification.objects.get(recipient=manager).level == 1


def test_a_dedupe_key_stores_one_notification_however_often_it_is_sent(owner):
    item = {"recipient": owner, "kind": NotificationKind.SLA_WARNING, "title": "due soon", "dedupe_key": "warn:7"}
    assert notification_create_many(notifications=[item, dict(item)]) == 1  # twice in one call
    assert notification_create_many(notifications=[item]) == 0  # again later
    assert Notification.objects.filter(dedupe_key="warn:7").count() == 1


def test_notifications_without_a_key_never_conflict(owner):
    items = [{"recipient": owner, "kind": "general", "title": "hello", "dedupe_key": key} for key in (None, "", None)]
    assert notification_create_many(notifications=items) == 3
    assert not Notification.objects.exclude(dedupe_key=None).exists()  # "" is stored as "no key"


def test_initial_states_email_needs_an_address_and_the_webhook_only_takes_breaches_and_escalations(
    owner, no_email, settings
):
    settings.NOTIFICATION_WEBHOOK_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    kinds = list(NotificationKind)
    notification_create_many(
        notifications=[{"recipient": u, "kind": k, "title": f"{u.pk}{k}"} for u in (owner, no_email) for k in kinds]
    )
    states = {(n.recipient_id, n.kind): (n.email_state, n.webhook_state) for n in Notification.objects.all()}
    for kind in kinds:
        webhook = PENDING if kind in ("sla_breach", "sla_escalation") else SKIPPED
        assert states[(owner.pk, kind)] == (PENDING, webhook), kind
        assert states[(no_email.pk, kind)] == (SKIPPED, webhook), kind


def test_without_webhook_url_or_with_email_disabled_those_channels_are_skipped(owner, settings):
    settings.NOTIFICATION_EMAIL_ENABLED = False
    notification_create_many(notifications=[{"recipient": owner, "kind": "sla_breach", "title": "t"}])
    n = Notification.objects.get()
    assert (n.email_state, n.webhook_state) == (SKIPPED, SKIPPED)


def test_one_bad_item_stores_nothing_and_names_the_item(owner):
    good = {"recipient": owner, "kind": "general", "title": "fine"}
    with pytest.raises(ValidationError) as excinfo:
        notification_create_many(
            notifications=[
                good,
                {"recipient": owner, "kind": "nonsense", "title": "x"},
                {"recipient_id": 999999, "kind": "general", "title": "x"},
                {"recipient": owner, "kind": "general", "title": "x", "url": "javascript:alert(1)"},
            ]
        )
    assert set(excinfo.value.message_dict) == {"notifications[1]", "notifications[2]", "notifications[3]"}
    assert not Notification.objects.exists()


def test_delivery_is_scheduled_after_commit_only_when_something_is_to_deliver(
    owner, no_email, django_capture_on_commit_callbacks
):
    keyed = {"recipient": owner, "kind": "general", "title": "t", "dedupe_key": "a"}
    with django_capture_on_commit_callbacks() as callbacks:
        notification_create_many(notifications=[keyed])
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        notification_create_many(notifications=[keyed])
        notification_create_many(notifications=[{"recipient": no_email, "kind": "general", "title": "in-app only"}])
        notification_create_many(notifications=[])
    assert callbacks == []  # a duplicate, an in-app-only notification, nothing at all


def test_mark_read_by_the_recipient_only(owner, manager, notify):
    notification = notify(owner)
    with pytest.raises(PermissionDenied):
        notification_mark_read(notification=notification, by=manager)
    notification.refresh_from_db()
    assert notification.read_at is None

    notification_mark_read(notification=notification, by=owner)
    notification.refresh_from_db()
    first = notification.read_at
    assert first is not None
    notification_mark_read(notification=Notification.objects.get(pk=notification.pk), by=owner)  # again: no change
    notification.refresh_from_db()
    assert notification.read_at == first


def test_mark_all_read_touches_only_this_users_unread(owner, manager, notify):
    for _ in range(3):
        notify(owner)
    other = notify(manager)
    notification_mark_read(notification=visible_notifications(owner).first(), by=owner)
    assert unread_notification_count(owner) == 2
    assert notification_mark_all_read(user=owner) == 2
    assert unread_notification_count(owner) == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_unread_count_stops_at_the_cap(owner, notify):
    notification_create_many(notifications=[{"recipient": owner, "kind": "general", "title": str(i)} for i in range(7)])
    assert unread_notification_count(owner) == 7
    assert unread_notification_count(owner, cap=5) == 5


def test_visible_notifications_are_the_users_own(owner, manager, notify):
    mine = notify(owner)
    notify(manager)
    assert list(visible_notifications(owner)) == [mine]


def test_retry_delivery_gives_failed_channels_fresh_attempts(owner, notify, django_capture_on_commit_callbacks):
    n = notify(owner)
    Notification.objects.filter(pk=n.pk).update(email_state=FAILED, email_attempts=5, webhook_state=SKIPPED)
    with django_capture_on_commit_callbacks() as callbacks:
        assert notification_retry_delivery(notifications=Notification.objects.filter(pk=n.pk)) == 1
    n.refresh_from_db()
    assert (n.email_state, n.email_attempts, n.webhook_state, n.next_attempt_at) == (PENDING, 0, SKIPPED, None)
    assert len(callbacks) == 1
