from decocrm.notifications.selectors import unread_notification_count

from .navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": nav_for(user), "unread_notifications": unread_notification_count(user)}
