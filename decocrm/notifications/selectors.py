from .models import Notification

# The bell shows "99+" beyond this: counting stops here, so the query stays cheap for any backlog.
UNREAD_COUNT_CAP = 100


def visible_notifications(user):
    """The notifications a user may see: their own, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_notification_count(user, *, cap: int = UNREAD_COUNT_CAP) -> int:
    """Unread notifications of this user, counted up to `cap`: one query over the (recipient, read_at) index."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()[:cap].count()
