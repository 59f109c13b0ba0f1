"""Checks of an object's change history (decocrm.core.history) that every app's history tests share: an edit on the
object's timeline (who, when, field old → new) and in the admin history view; an out-of-scope user's 404 there."""

import re

from django.contrib.auth.models import Permission
from django.utils import timezone


def with_admin(user, app_label):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label=app_label))
    return user


def timeline_changes(page) -> dict:
    """{field name: (its timeline entry's header, its line)} of the edits on the page."""
    changes = {}
    for entry in re.finditer(r'<li class="timeline-entry timeline-edit">(.*?)</ul>', page, re.S):
        header = entry.group(1).split("</div>", 1)[0]
        for line in re.finditer(r'history-change" data-field="(\w+)".*?</li>', entry.group(1), re.S):
            changes[line.group(1)] = (header, line.group(0))
    return changes


def assert_edit_on_timeline(client, *, reader, url, obj, field, old, new, editor):
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200
    changes = timeline_changes(response.content.decode())
    assert field in changes, sorted(changes)
    header, line = changes[field]
    assert str(editor) in header  # who
    record = obj.history.filter(history_user=editor).order_by("-history_date").first()
    assert record is not None
    assert timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M") in header  # when
    assert "<del" in line and old in line.split("→")[0] and new in line.split("→")[1]  # old → new


def admin_history_url(obj):
    meta = obj._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/history/"


def assert_edit_in_admin_history(client, *, reader, obj, new, editor):
    client.force_login(with_admin(reader, obj._meta.app_label))
    response = client.get(admin_history_url(obj))
    assert response.status_code == 200
    page = response.content.decode()
    assert new in page and str(editor) in page


def assert_admin_history_is_404(client, *, stranger, obj):
    client.force_login(with_admin(stranger, obj._meta.app_label))
    assert client.get(admin_history_url(obj)).status_code == 404
    version = obj.history.order_by("-history_date").first().history_id
    assert client.get(f"{admin_history_url(obj)}{version}/").status_code == 404
