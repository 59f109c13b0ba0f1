from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    SLA_WARNING = "sla_warning", _("Due soon")
    SLA_BREACH = "sla_breach", _("Overdue")
    SLA_ESCALATION = "sla_escalation", _("Escalation")
    CALENDAR = "calendar", _("Calendar")
    GENERAL = "general", _("General")


class DeliveryState(models.TextChoices):
    """State of one delivery channel (email, webhook) of one notification."""

    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


# Kinds that also go to the group robot (WeCom / DingTalk) when a webhook URL is configured.
WEBHOOK_KINDS = frozenset({NotificationKind.SLA_BREACH, NotificationKind.SLA_ESCALATION})

# Bootstrap icon per kind, for the bell list.
KIND_ICONS = {
    NotificationKind.SLA_WARNING: "hourglass-split text-warning",
    NotificationKind.SLA_BREACH: "exclamation-octagon text-danger",
    NotificationKind.SLA_ESCALATION: "arrow-up-circle text-danger",
    NotificationKind.CALENDAR: "calendar-event text-primary",
    NotificationKind.GENERAL: "info-circle text-secondary",
}
