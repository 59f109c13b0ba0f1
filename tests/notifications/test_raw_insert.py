"""The contract with the SLA sweep: a raw INSERT ... SELECT ... ON CONFLICT DO NOTHING against the partial unique
index on dedupe_key, with the delivery columns from delivery_state_sql(). Runs on the test database's engine
(PostgreSQL in CI, SQLite on a laptop without DATABASE_URL)."""

import pytest
from django.db import connection

from decocrm.accounts.choices import Role
from decocrm.notifications.choices import DeliveryState, NotificationKind
from decocrm.notifications.models import Notification
from decocrm.notifications.services import (
    ON_CONFLICT_DO_NOTHING_SQL,
    delivery_state_sql,
    initial_delivery_states,
    notification_create_many,
)

pytestmark = pytest.mark.django_db

# Every kind, as a derived table both engines understand (SQLite cannot name the columns of a VALUES list).
KINDS_SQL = " UNION ALL ".join(f"SELECT '{kind}' AS kind" for kind in NotificationKind.values)


def sweep_like_insert() -> int:
    """What the sweep does: one set-based statement, one notification per (staff member, kind), keyed."""
    columns = delivery_state_sql("k.kind", "u.email")
    sql = f"""
        INSERT INTO notifications_notification (recipient_id, kind, title, url, dedupe_key, {", ".join(columns)})
        SELECT u.id, k.kind, 'Clock ' || k.kind, '/leads/1/', 'test:' || u.id || ':' || k.kind,
               {", ".join(columns.values())}
          FROM accounts_user u CROSS JOIN ({KINDS_SQL}) k
         WHERE u.is_active
        {ON_CONFLICT_DO_NOTHING_SQL}
    """  # noqa: S608 - test SQL built from constants
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


@pytest.fixture
def staff(make_staff, team):
    return [
        make_staff(Role.SALES, team=team, email="a@example.com"),
        make_staff(Role.SALES, team=team, email=""),
        make_staff(Role.MANAGER, team=team, email="m@example.com"),
    ]


@pytest.mark.parametrize("webhook_url", ["", "https://oapi.dingtalk.com/robot/send?access_token=t"])
@pytest.mark.parametrize("email_enabled", [True, False])
def test_raw_insert_select_twice_stores_one_row_per_key_with_the_services_initial_states(
    staff, settings, webhook_url, email_enabled
):
    settings.NOTIFICATION_WEBHOOK_URL = webhook_url
    settings.NOTIFICATION_EMAIL_ENABLED = email_enabled
    expected_rows = len(staff) * len(NotificationKind.values)

    assert sweep_like_insert() == expected_rows
    assert sweep_like_insert() == 0  # the second sweep conflicts on every key and inserts nothing
    assert Notification.objects.count() == expected_rows

    emails = {u.pk: u.email for u in staff}
    for n in Notification.objects.all():
        wanted = initial_delivery_states(kind=n.kind, recipient_email=emails[n.recipient_id])
        stored = {field: getattr(n, field) for field in wanted}
        assert stored == wanted, (n.kind, emails[n.recipient_id])
        assert n.created_at is not None and n.read_at is None and n.level == 0 and n.body == ""


def test_raw_rows_and_service_rows_share_the_same_keys(staff):
    """A key stored by the sweep is not stored again by the service, and the other way round."""
    first = {"recipient": staff[0], "kind": "sla_breach", "title": "x", "dedupe_key": f"test:{staff[0].pk}:general"}
    assert notification_create_many(notifications=[first]) == 1
    assert sweep_like_insert() == len(staff) * len(NotificationKind.values) - 1
    later = {"recipient": staff[1], "kind": "general", "title": "y", "dedupe_key": f"test:{staff[1].pk}:calendar"}
    assert notification_create_many(notifications=[later]) == 0


def test_state_columns_left_out_of_a_raw_insert_default_to_pending(staff):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO notifications_notification (recipient_id, kind, title) VALUES (%s, 'general', 'bare')",
            [staff[0].pk],
        )
    n = Notification.objects.get()
    assert (n.email_state, n.webhook_state, n.email_attempts, n.webhook_attempts) == (
        DeliveryState.PENDING,
        DeliveryState.PENDING,
        0,
        0,
    )
    assert n.created_at is not None and n.url == "" and n.last_error == "" and n.dedupe_key is None
