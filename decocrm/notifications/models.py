"""A notification is stored first, then delivered (in-app bell, email, group-robot webhook) by Celery tasks.

Columns that a raw `INSERT ... SELECT` (the SLA sweep) may leave out have database defaults (`db_default`), so
such an insert needs only recipient_id, kind, title and the delivery states from
`services.delivery_state_sql()`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import KIND_ICONS, DeliveryState, NotificationKind
from .texts import rendered


def validate_notification_url(value: str) -> None:
    """A link inside DecoCRM ("/leads/12/") or an absolute http(s) URL."""
    if value and not (
        (value.startswith("/") and not value.startswith("//")) or value.startswith(("http://", "https://"))
    ):
        raise ValidationError(_("Enter a path starting with / or an http(s) URL."), code="invalid")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # the (recipient, ...) indexes below cover lookups by recipient
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    level = models.PositiveSmallIntegerField(
        _("level"), default=0, db_default=0, help_text=_("Escalation level: 0 = the owner.")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True, default="", db_default="")
    # A system-written notice: its code and parameters, rendered in the reader's language (texts.py); title and
    # body above hold it in the company language for email, the group robot and old rows.
    code = models.CharField(_("text code"), max_length=40, blank=True, default="", db_default="")
    params = models.JSONField(_("text parameters"), null=True, blank=True)
    url = models.CharField(
        _("link"), max_length=500, blank=True, default="", db_default="", validators=[validate_notification_url]
    )
    # Python default for ORM inserts (follows time-machine in tests), database default for raw SQL inserts.
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_default=Now())
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        null=True,
        blank=True,
        help_text=_("At most one notification per key: repeated sweeps cannot notify twice."),
    )

    # Delivery, per channel. "pending" means "not done yet": the delivery task re-checks at send time whether
    # the channel applies (recipient has an email address, webhook configured and kind routed to it).
    email_state = models.CharField(
        _("email"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING, db_default="pending"
    )
    email_attempts = models.PositiveSmallIntegerField(_("email attempts"), default=0, db_default=0)
    webhook_state = models.CharField(
        _("webhook"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING, db_default="pending"
    )
    webhook_attempts = models.PositiveSmallIntegerField(_("webhook attempts"), default=0, db_default=0)
    # Not before this time (a retry's backoff, or a delivery run's claim). NULL = due now.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last delivery error"), blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Partial unique index: usable as the arbiter of
            # INSERT ... ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING (PostgreSQL and SQLite).
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=models.Q(dedupe_key__isnull=False),
                name="notification_dedupe_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),  # the bell's count
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),  # the list page
            # The delivery task's "due" query; partial, so only undelivered rows are indexed.
            models.Index(
                fields=["email_state", "next_attempt_at"],
                condition=models.Q(email_state="pending"),
                name="notification_email_due_idx",
            ),
            models.Index(
                fields=["webhook_state", "next_attempt_at"],
                condition=models.Q(webhook_state="pending"),
                name="notification_webhook_due_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def shown(self) -> tuple[str, str]:
        return rendered(self.code, self.params, self.title, self.body)

    @property
    def shown_title(self) -> str:
        return self.shown[0]

    @property
    def shown_body(self) -> str:
        return self.shown[1]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def icon(self) -> str:
        return KIND_ICONS.get(self.kind, "bell")
