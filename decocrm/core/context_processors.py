from decocrm.notifications.selectors import unread_notification_count

from .navigation import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items, here = nav_for(user), getattr(request.resolver_match, "view_name", None)
    for item in items:
        item["active"] = item["url_name"] == here  # the menu's current page, compared once, not in the template
    return {"nav_items": items, "unread_notifications": unread_notification_count(user)}
