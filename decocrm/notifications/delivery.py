"""Delivering stored notifications: email and the group-robot webhook, with retries and exponential backoff.

One run (`notifications_deliver_due`):
1. claims a batch of due notifications in a short transaction: SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL;
   a plain SELECT on SQLite), then moves their next_attempt_at a lease ahead so no other run takes them while
   this one sends (a worker killed mid-run only delays them by the lease);
2. sends, outside any transaction (SMTP and HTTP can be slow): one email per notification, and the webhook as a
   digest (see webhooks.py);
3. writes the outcome of every claimed notification: sent / skipped / still pending with attempts and a backoff
   (1, 2, 4, 8 minutes...) / failed after MAX_ATTEMPTS. A notification row is never deleted here: a failure only
   changes its delivery columns, and the in-app bell shows it whatever happens to email or webhook.

Delivery is at-least-once: a worker killed between sending and writing the outcome sends again after the lease.
"""

import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import webhooks
from .choices import WEBHOOK_KINDS, DeliveryState
from .models import Notification

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=1)
CLAIM_LEASE = timedelta(minutes=10)  # longer than the task's hard time limit (CELERY_TASK_TIME_LIMIT)
TIME_BUDGET_SECONDS = 120  # stop sending and hand the rest back well before the soft time limit
MAX_ERROR_CHARS = 1000


def backoff(attempts: int) -> timedelta:
    """Wait before the next try after `attempts` failed ones: 1, 2, 4, 8 ... minutes, at most an hour."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)


def due_filter(now: datetime) -> Q:
    not_waiting = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (Q(email_state=DeliveryState.PENDING) & not_waiting) | (Q(webhook_state=DeliveryState.PENDING) & not_waiting)


@dataclass
class DeliveryReport:
    claimed: int = 0
    emails_sent: int = 0
    webhooks_sent: int = 0
    retries: int = 0  # channel attempts that failed and will be tried again
    failed: int = 0  # channels given up after MAX_ATTEMPTS
    skipped: int = 0
    more_due: bool = False


class _Run:
    """The outcome of one run, kept on the claimed rows until they are written back."""

    def __init__(self, batch: list[Notification], now: datetime):
        self.batch = batch
        self.now = now
        self.original_next = {n.pk: n.next_attempt_at for n in batch}
        self.retry_at: dict[int, datetime] = {}
        self.errors: dict[int, list[str]] = {}
        self.report = DeliveryReport(claimed=len(batch))
        self.started = time.monotonic()

    def out_of_time(self) -> bool:
        return time.monotonic() - self.started > TIME_BUDGET_SECONDS

    def succeeded(self, notification: Notification, channel: str) -> None:
        setattr(notification, f"{channel}_state", DeliveryState.SENT)
        setattr(notification, f"{channel}_attempts", getattr(notification, f"{channel}_attempts") + 1)

    def skipped(self, notification: Notification, channel: str) -> None:
        setattr(notification, f"{channel}_state", DeliveryState.SKIPPED)
        self.report.skipped += 1

    def failed(self, notification: Notification, channel: str, error: str) -> None:
        attempts = getattr(notification, f"{channel}_attempts") + 1
        setattr(notification, f"{channel}_attempts", attempts)
        self.errors.setdefault(notification.pk, []).append(f"{channel}: {error}")
        if attempts >= MAX_ATTEMPTS:
            setattr(notification, f"{channel}_state", DeliveryState.FAILED)
            self.report.failed += 1
            logger.warning("Notification %s: %s delivery failed for good: %s", notification.pk, channel, error)
        else:
            retry_at = self.now + backoff(attempts)
            self.retry_at[notification.pk] = max(retry_at, self.retry_at.get(notification.pk, retry_at))
            self.report.retries += 1

    def write_back(self) -> None:
        for n in self.batch:
            if DeliveryState.PENDING in (n.email_state, n.webhook_state):
                # Backoff after a failure; otherwise (not reached this run) as due as it was before the claim.
                n.next_attempt_at = self.retry_at.get(n.pk, self.original_next[n.pk])
            else:
                n.next_attempt_at = None
            if n.pk in self.errors:
                n.last_error = "; ".join(self.errors[n.pk])[:MAX_ERROR_CHARS]
        fields = ["email_state", "email_attempts", "webhook_state", "webhook_attempts", "next_attempt_at", "last_error"]
        with transaction.atomic():
            Notification.objects.bulk_update(self.batch, fields)


def _claim(now: datetime, batch_size: int) -> list[Notification]:
    with transaction.atomic():
        batch = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(due_filter(now))
            .order_by("id")[:batch_size]
        )
        if batch:
            Notification.objects.filter(pk__in=[n.pk for n in batch]).update(next_attempt_at=now + CLAIM_LEASE)
    return batch


def absolute_link(url: str) -> str:
    """The notification's link as an absolute URL for email and webhook, or "" if SITE_URL is not set."""
    if url.startswith(("http://", "https://")):
        return url
    if url and settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + url
    return ""


def _email_message(notification: Notification, connection) -> EmailMessage:
    parts = [notification.body.strip()] if notification.body.strip() else []
    link = absolute_link(notification.url)
    if link:
        parts.append(_("Open in DecoCRM: %(link)s") % {"link": link})
    parts.append("-- \n" + _("DecoCRM notifications. You can also see them under the bell at the top of every page."))
    return EmailMessage(
        subject=f"[DecoCRM] {' '.join(notification.title.split())}",
        body="\n\n".join(parts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        connection=connection,
    )


def _deliver_emails(run: _Run) -> None:
    pending = [n for n in run.batch if n.email_state == DeliveryState.PENDING]
    if not pending:
        return
    connection = get_connection(fail_silently=False)
    try:
        for n in pending:
            if run.out_of_time():
                return
            if not settings.NOTIFICATION_EMAIL_ENABLED or not n.recipient.email or not n.recipient.is_active:
                run.skipped(n, "email")
                continue
            try:
                _email_message(n, connection).send()
            except Exception as error:  # SMTP and network errors of every kind: recorded, retried
                run.failed(n, "email", f"{type(error).__name__}: {error}")
            else:
                run.succeeded(n, "email")
                run.report.emails_sent += 1
    finally:
        with contextlib.suppress(Exception):  # a failing QUIT does not change what was sent
            connection.close()


def _deliver_webhooks(run: _Run) -> None:
    pending = [n for n in run.batch if n.webhook_state == DeliveryState.PENDING]
    if not pending:
        return
    items: dict[tuple, webhooks.DigestItem] = {}
    for n in pending:
        if not settings.NOTIFICATION_WEBHOOK_URL or n.kind not in WEBHOOK_KINDS:
            run.skipped(n, "webhook")
            continue
        link = absolute_link(n.url)
        key = (n.kind, n.title, n.body, link)
        item = items.get(key)
        if item is None:
            item = items[key] = webhooks.DigestItem(n.get_kind_display(), n.title, n.body, link)
        item.recipients.append(n.recipient.display_name)
        item.notification_ids.append(n.pk)
    by_id = {n.pk: n for n in pending}
    for chunk in webhooks.chunk_digest(list(items.values())):
        if run.out_of_time():
            return
        notifications = [by_id[pk] for item in chunk for pk in item.notification_ids]
        try:
            webhooks.post(webhooks.build_payload(settings.NOTIFICATION_WEBHOOK_KIND, chunk))
        except webhooks.WebhookError as error:
            for n in notifications:
                run.failed(n, "webhook", str(error))
        else:
            for n in notifications:
                run.succeeded(n, "webhook")
            run.report.webhooks_sent += 1


def notifications_deliver_due(*, batch_size: int | None = None) -> DeliveryReport:
    """Deliver one batch of due notifications (see the module docstring); report.more_due asks for another run."""
    batch_size = batch_size or BATCH_SIZE
    now = timezone.now()
    batch = _claim(now, batch_size)
    if not batch:
        return DeliveryReport()
    run = _Run(batch, now)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            _deliver_emails(run)
            _deliver_webhooks(run)
    finally:
        run.write_back()  # also after a soft time limit or an unexpected error: what was sent stays sent
    run.report.more_due = len(batch) == batch_size and Notification.objects.filter(due_filter(timezone.now())).exists()
    return run.report
