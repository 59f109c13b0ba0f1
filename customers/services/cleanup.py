"""The monthly clean-up notice (customers.tasks): each owner is told how many of their customers are on the clean-up
report (cleanup.py), once per owner per month. Computed from state, so a run repeated, or the first after downtime,
tells nobody twice: the notice's dedupe key names the owner and the month (a unique index, notifications)."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice

from ..cleanup import with_cleanup_reasons
from ..models import Customer

CLEANUP_NOTICE = "customer_cleanup_due"


def cleanup_notify_owners(*, at=None) -> int:
    """Tell each active owner with customers to clean up how many they have; returns how many notices were stored."""
    at = at or timezone.now()
    month = timezone.localtime(at).strftime("%Y-%m")
    owned = Customer.objects.filter(owner__isnull=False, owner__is_active=True)
    per_owner = with_cleanup_reasons(owned, at=at).order_by().values("owner_id").annotate(n=Count("pk")).filter(n__gt=0)
    url = reverse("customers:cleanup")
    return notification_create_many(
        notifications=[
            {
                "recipient_id": row["owner_id"],
                "kind": NotificationKind.GENERAL,
                "url": url,
                "dedupe_key": f"customer-cleanup:{row['owner_id']}:{month}",
                **notice(CLEANUP_NOTICE, count=row["n"], month=month),
            }
            for row in per_owner
        ]
    )
