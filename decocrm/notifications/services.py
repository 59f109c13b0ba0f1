"""Every write to notifications goes through here (delivery results are written by delivery.py).

Creating notifications from Python: `notification_create_many(notifications=[{...}, ...])`.
Creating them from set-based SQL (the SLA sweep): see `delivery_state_sql()` and `ON_CONFLICT_DO_NOTHING_SQL`,
then call `schedule_delivery()` in the same transaction.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.models import User

from .choices import WEBHOOK_KINDS, DeliveryState
from .models import Notification
from .tasks import deliver_notifications

# The conflict clause for inserts into notifications_notification: it names the partial unique index on
# dedupe_key as the arbiter, so a repeated sweep inserts nothing twice (and rows without a key never conflict).
# On SQLite an `INSERT ... SELECT` must have a WHERE clause before it (write `WHERE true` if you have none):
# without one SQLite cannot tell this ON from a join's ON.
ON_CONFLICT_DO_NOTHING_SQL = 'ON CONFLICT ("dedupe_key") WHERE "dedupe_key" IS NOT NULL DO NOTHING'

_INSERT_CHUNK = 500  # rows per INSERT statement (stays far below SQLite's bound-parameter limit)


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def initial_delivery_states(*, kind: str, recipient_email: str) -> dict:
    """The delivery columns of a new notification (the rule; `delivery_state_sql` is the same rule in SQL).

    Email is pending when email notifications are enabled and the recipient has an address; the webhook is
    pending only for the kinds that go to the group robot (breach, escalation) and only when a webhook URL is set.
    """
    email = settings.NOTIFICATION_EMAIL_ENABLED and bool(recipient_email)
    webhook = bool(settings.NOTIFICATION_WEBHOOK_URL) and kind in WEBHOOK_KINDS
    return {
        "email_state": DeliveryState.PENDING if email else DeliveryState.SKIPPED,
        "email_attempts": 0,
        "webhook_state": DeliveryState.PENDING if webhook else DeliveryState.SKIPPED,
        "webhook_attempts": 0,
        "next_attempt_at": None,
        "last_error": "",
    }


def delivery_state_sql(kind_sql: str, recipient_email_sql: str) -> dict[str, str]:
    """SQL expressions for the delivery columns of a raw `INSERT INTO notifications_notification ... SELECT`.

    Contract:
    - `kind_sql` is an SQL expression giving the notification kind (a `NotificationKind` value), e.g. `'sla_breach'`
      or `p.breach_kind`; `recipient_email_sql` an expression giving the recipient's email address (NULL or '' =
      none), e.g. `u.email` with `JOIN accounts_user u ON u.id = ...`. Both are pasted into the SQL as they are:
      pass column references or literals written by code, never user input.
    - Returns an ordered dict {column name: SQL expression} for email_state, email_attempts, webhook_state,
      webhook_attempts, next_attempt_at and last_error. The expressions contain no bound parameters (settings are
      read now and inlined as literals), so they can be pasted into any statement on PostgreSQL and SQLite.
    - The result equals `initial_delivery_states()` (what `notification_create_many` stores) row by row.

    Example (the sweep)::

        cols = delivery_state_sql("'sla_breach'", "u.email")
        cursor.execute(f'''
            INSERT INTO notifications_notification
                   (recipient_id, kind, level, title, body, url, dedupe_key, {", ".join(cols)})
            SELECT c.owner_id, 'sla_breach', 0, c.subject_label, '', c.subject_url, 'breach:' || c.id,
                   {", ".join(cols.values())}
              FROM sla_clock c JOIN accounts_user u ON u.id = c.owner_id
             WHERE c.state = 'breached'
            {ON_CONFLICT_DO_NOTHING_SQL}''')
        schedule_delivery()

    created_at (database default: now), read_at (NULL) and the delivery columns' own defaults need not be listed;
    leaving the state columns out stores 'pending', which the delivery task resolves at send time (it skips a
    channel that does not apply), so a forgotten column costs a little work but loses nothing.
    """
    pending, skipped = _sql_literal(DeliveryState.PENDING), _sql_literal(DeliveryState.SKIPPED)
    if settings.NOTIFICATION_EMAIL_ENABLED:
        email_state = f"CASE WHEN COALESCE({recipient_email_sql}, '') <> '' THEN {pending} ELSE {skipped} END"
    else:
        email_state = skipped
    if settings.NOTIFICATION_WEBHOOK_URL:
        kinds = ", ".join(_sql_literal(k) for k in sorted(WEBHOOK_KINDS))
        webhook_state = f"CASE WHEN {kind_sql} IN ({kinds}) THEN {pending} ELSE {skipped} END"
    else:
        webhook_state = skipped
    return {
        "email_state": email_state,
        "email_attempts": "0",
        "webhook_state": webhook_state,
        "webhook_attempts": "0",
        "next_attempt_at": "NULL",
        "last_error": "''",
    }


def schedule_delivery() -> None:
    """Deliver pending notifications once the current transaction commits.

    `robust=True`: if the broker is unreachable the commit still stands (the notifications are stored) and the
    per-minute beat entry delivers them instead.
    """
    transaction.on_commit(lambda: deliver_notifications.delay(), robust=True)


def _as_notification(item: Notification | Mapping) -> Notification:
    if isinstance(item, Notification):
        return item
    return Notification(**item)


@transaction.atomic
def notification_create_many(*, notifications: Iterable[Notification | Mapping]) -> int:
    """Store notifications in bulk and schedule their delivery; returns how many were stored.

    Each item is an unsaved `Notification` or a dict of its fields (recipient or recipient_id, kind, title, and
    optionally body, url, level, dedupe_key). An item whose dedupe_key already exists (in the table or earlier in
    the same call) is silently left out. Every item is validated first: one bad item raises ValidationError
    naming its position, and nothing is stored.
    """
    items = [_as_notification(item) for item in notifications]
    if not items:
        return 0
    emails = dict(User.objects.filter(pk__in={n.recipient_id for n in items}).values_list("pk", "email"))
    errors = {}
    for position, notification in enumerate(items):
        notification.dedupe_key = notification.dedupe_key or None
        try:
            # The recipient is checked against `emails` (one query for all); uniqueness is ON CONFLICT's job.
            notification.clean_fields(exclude=["recipient"])
            if notification.recipient_id not in emails:
                raise ValidationError({"recipient": _("No such staff member.")})
        except ValidationError as error:
            errors[f"notifications[{position}]"] = error.messages
            continue
        states = initial_delivery_states(kind=notification.kind, recipient_email=emails[notification.recipient_id])
        for field, value in states.items():
            setattr(notification, field, value)
    if errors:
        raise ValidationError(errors)
    created = _insert_ignoring_duplicates(items)
    if created and any(
        n.email_state == DeliveryState.PENDING or n.webhook_state == DeliveryState.PENDING for n in items
    ):
        schedule_delivery()
    return created


def _insert_ignoring_duplicates(items: list[Notification]) -> int:
    """INSERT ... VALUES ... ON CONFLICT DO NOTHING RETURNING id: the count of rows really stored.

    (bulk_create(ignore_conflicts=True) cannot say how many rows it stored.)
    """
    qn = connection.ops.quote_name
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(qn(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    created = 0
    with connection.cursor() as cursor:
        for start in range(0, len(items), _INSERT_CHUNK):
            chunk = items[start : start + _INSERT_CHUNK]
            params = [f.get_db_prep_save(getattr(n, f.attname), connection) for n in chunk for f in fields]
            # Only identifiers and placeholders are formatted into the statement; every value is a parameter.
            sql = (
                f"INSERT INTO {qn(Notification._meta.db_table)} ({columns}) VALUES {', '.join([row] * len(chunk))} "  # noqa: S608
                f"{ON_CONFLICT_DO_NOTHING_SQL} RETURNING {qn('id')}"
            )
            cursor.execute(sql, params)
            created += len(cursor.fetchall())
    return created


def notification_mark_read(*, notification: Notification, by: User) -> Notification:
    """Mark one notification read by its recipient (anyone else: PermissionDenied). Reading twice is harmless.

    A guarded UPDATE rather than full_clean()/save(): only read_at changes, a double click cannot move it, and a
    row written by raw SQL with an unusual link can still be marked read.
    """
    if notification.recipient_id != by.pk:
        raise PermissionDenied(_("This notification is addressed to someone else."))
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of this user read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_retry_delivery(*, notifications: QuerySet) -> int:
    """Give failed deliveries a fresh set of attempts (admin action); returns how many channels were re-queued."""
    requeued = notifications.filter(email_state=DeliveryState.FAILED).update(
        email_state=DeliveryState.PENDING, email_attempts=0, next_attempt_at=None
    )
    requeued += notifications.filter(webhook_state=DeliveryState.FAILED).update(
        webhook_state=DeliveryState.PENDING, webhook_attempts=0, next_attempt_at=None
    )
    if requeued:
        schedule_delivery()
    return requeued
