"""Access-matrix rows of the notification pages (tests/access): a notification is its recipient's alone."""

from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.models import Notification
from decocrm.notifications.services import notification_create_many
from tests.access.matrix import Row


def notification_of(owner):
    notification_create_many(notifications=[{"recipient": owner, "kind": NotificationKind.GENERAL, "title": "矩阵"}])
    return {"pk": Notification.objects.filter(recipient=owner).latest("id").pk}


ROWS = [
    Row("notifications:list", {"*": 200}),
    # Only the recipient opens (and so marks read) a notification; nobody else learns it exists.
    Row("notifications:open", {"sales": (302, 404), "*": 404}, make=notification_of, method="POST", writes=("sales",)),
    # each marks their own unread: the salespeople and managers have deadlines; the designer is told of the leads
    # they are assigned to (issue 9); the project manager is told when named a project's manager (issue 10)
    Row(
        "notifications:read_all",
        {"*": 302},
        method="POST",
        writes=("sales", "managers", "designer", "project_manager"),
    ),
]
