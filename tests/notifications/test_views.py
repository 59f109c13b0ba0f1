import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.notifications.choices import DeliveryState
from decocrm.notifications.models import Notification
from decocrm.notifications.services import notification_create_many

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


def bulk_notify(user, count, **fields):
    fields = {"kind": "general", **fields}
    items = [{"recipient": user, "title": f"Notice {i}", **fields} for i in range(count)]
    notification_create_many(notifications=items)


def badge(html):
    match = re.search(r'id="notification-count">([^<]*)<', html)
    return match.group(1) if match else None


def test_bell_shows_the_unread_count_and_links_to_the_list(client, salesperson, manager, notify):
    client.force_login(salesperson)
    assert badge(client.get(reverse("home")).content.decode()) is None  # nothing unread: no badge
    notify(salesperson)
    notify(salesperson)
    notify(manager)  # someone else's
    html = client.get(reverse("home")).content.decode()
    assert badge(html) == "2"
    assert re.search(rf'href="{LIST}"\s+id="notification-bell"', html)


def test_bell_caps_a_large_backlog_at_99_plus(client, salesperson):
    bulk_notify(salesperson, 120)
    client.force_login(salesperson)
    assert badge(client.get(reverse("home")).content.decode()) == "99+"


def test_list_shows_only_my_notifications_newest_first_with_unread_highlighted(client, salesperson, manager, notify):
    old = notify(salesperson, title="Older, read")
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    notify(salesperson, title="Newer, unread")
    notify(manager, title="The manager's own")
    client.force_login(salesperson)
    html = client.get(LIST).content.decode()
    assert "The manager's own" not in html
    assert html.index("Newer, unread") < html.index("Older, read")
    assert html.count("notification-unread") == 1
    assert 'id="mark-all-read"' in html


def test_list_query_count_does_not_grow_with_the_page(client, salesperson, django_assert_num_queries):
    client.force_login(salesperson)
    bulk_notify(salesperson, 3)
    # user, bell count (context processor), paginator count, page rows (the session: from the cache)
    with django_assert_num_queries(4):
        assert client.get(LIST).status_code == 200
    bulk_notify(salesperson, 40, kind="sla_breach", body="x" * 50, url="/leads/1/")
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert response.content.decode().count("data-notification=") == 20
    with django_assert_num_queries(4):
        response = client.get(LIST, {"page": 3})
    assert response.content.decode().count("data-notification=") == 3


def test_empty_list_says_so(client, salesperson):
    client.force_login(salesperson)
    html = client.get(LIST).content.decode()
    assert 'id="no-notifications"' in html and 'id="mark-all-read"' not in html


def test_opening_marks_read_and_goes_to_the_link(client, salesperson, notify):
    n = notify(salesperson, url="/accounts/password/")
    client.force_login(salesperson)
    response = client.post(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_opening_needs_a_post(client, salesperson, notify):
    n = notify(salesperson, url="/")
    client.force_login(salesperson)
    assert client.get(reverse("notifications:open", args=[n.pk])).status_code == 405
    n.refresh_from_db()
    assert n.read_at is None


def test_someone_elses_notification_is_a_404_and_stays_unread(client, salesperson, manager, notify):
    theirs = notify(manager, url="/")
    client.force_login(salesperson)
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("url", ["", "https://evil.example.com/phish"])
def test_a_missing_or_foreign_link_goes_back_to_the_list(client, salesperson, notify, url):
    n = notify(salesperson, url=url)
    client.force_login(salesperson)
    response = client.post(reverse("notifications:open", args=[n.pk]))
    assert response["Location"] == LIST


def test_a_foreign_link_written_by_raw_sql_is_not_followed(client, salesperson, notify):
    n = notify(salesperson)
    Notification.objects.filter(pk=n.pk).update(url="//evil.example.com/")  # bypasses the model's validator
    client.force_login(salesperson)
    assert client.post(reverse("notifications:open", args=[n.pk]))["Location"] == LIST


def test_mark_all_read(client, salesperson, manager):
    bulk_notify(salesperson, 3)
    bulk_notify(manager, 1)
    client.force_login(salesperson)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert badge(response.content.decode()) is None
    assert not Notification.objects.filter(recipient=salesperson, read_at=None).exists()
    assert Notification.objects.filter(recipient=manager, read_at=None).count() == 1


def test_pages_need_login(client, salesperson, notify):
    n = notify(salesperson)
    for url in (LIST, reverse("notifications:open", args=[n.pk]), reverse("notifications:read_all")):
        response = client.post(url) if "open" in url or "read-all" in url else client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_admin_lists_notifications_and_retries_failed_deliveries(client, salesperson, notify):
    admin = User.objects.create_superuser("root", "root@example.com", "x-admin-pass-1")
    n = notify(salesperson)
    Notification.objects.filter(pk=n.pk).update(email_state=DeliveryState.FAILED, email_attempts=5)
    client.force_login(admin)
    assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 200
    response = client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "retry_delivery", "_selected_action": [n.pk]},
    )
    assert response.status_code == 302
    n.refresh_from_db()
    assert (n.email_state, n.email_attempts) == (DeliveryState.PENDING, 0)


def test_managers_cannot_reach_notifications_in_the_admin(client, manager):
    assert not Permission.objects.filter(group__name=Role.MANAGER, content_type__app_label="notifications").exists()
    client.force_login(manager)
    assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 403
