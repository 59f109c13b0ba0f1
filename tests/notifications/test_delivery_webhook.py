"""Webhook delivery against a fake group robot: a real HTTP server on 127.0.0.1 (see conftest.FakeRobot)."""

import base64
import hashlib
import hmac

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from decocrm.accounts.choices import Role
from decocrm.notifications.choices import DeliveryState, NotificationKind
from decocrm.notifications.delivery import backoff, notifications_deliver_due
from decocrm.notifications.models import Notification

from .conftest import SITE

pytestmark = pytest.mark.django_db

BREACH = NotificationKind.SLA_BREACH


@pytest.fixture
def owner(make_staff, team):
    return make_staff(Role.SALES, team=team, email="", last_name="李", first_name="小销")


@pytest.fixture
def boss(make_staff, team):
    return make_staff(Role.MANAGER, team=team, email="", last_name="王", first_name="经理")


def test_wecom_gets_a_markdown_message(robot, owner, notify):
    n = notify(owner, kind=BREACH, title="Lead 张三: first contact overdue", body="Due 2026-10-08", url="/leads/12/")

    report = notifications_deliver_due()

    assert report.webhooks_sent == 1
    [request] = robot.requests
    assert request["path"] == "/cgi-bin/webhook/send" and request["query"] == {"key": ["test-key"]}
    assert request["content_type"] == "application/json; charset=utf-8"
    message = request["json"]
    assert set(message) == {"msgtype", "markdown"} and message["msgtype"] == "markdown"
    assert set(message["markdown"]) == {"content"}
    content = message["markdown"]["content"]
    assert "Lead 张三: first contact overdue" in content
    assert "Due 2026-10-08" in content
    assert "李小销" in content
    assert f"({SITE}/leads/12/)" in content
    n.refresh_from_db()
    assert (n.webhook_state, n.webhook_attempts, n.next_attempt_at) == (DeliveryState.SENT, 1, None)


def test_dingtalk_gets_title_and_text(robot, owner, notify, settings):
    settings.NOTIFICATION_WEBHOOK_KIND = "dingtalk"
    notify(owner, kind=NotificationKind.SLA_ESCALATION, title="Complaint 42 escalated", url="/complaints/42/")

    notifications_deliver_due()

    [message] = robot.messages
    assert message["msgtype"] == "markdown"
    assert set(message["markdown"]) == {"title", "text"}
    assert message["markdown"]["title"] == "Complaint 42 escalated"
    assert "Complaint 42 escalated" in message["markdown"]["text"]
    assert f"({SITE}/complaints/42/)" in message["markdown"]["text"]
    assert robot.requests[0]["query"] == {"key": ["test-key"]}  # unsigned without a secret


def test_dingtalk_signs_the_url_when_a_secret_is_set(robot, owner, notify, settings):
    settings.NOTIFICATION_WEBHOOK_KIND = "dingtalk"
    settings.NOTIFICATION_WEBHOOK_SECRET = "SEC-test-secret"
    notify(owner, kind=BREACH)
    notifications_deliver_due()
    query = robot.requests[0]["query"]
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(
        hmac.new(b"SEC-test-secret", f"{timestamp}\nSEC-test-secret".encode(), hashlib.sha256).digest()
    ).decode()
    assert sign == expected
    assert abs(int(timestamp) - timezone.now().timestamp() * 1000) < 60_000


def test_one_digest_per_run_and_one_line_for_the_same_notice_to_owner_and_manager(robot, owner, boss, notify):
    for recipient in (owner, boss):
        notify(recipient, kind=BREACH, title="Lead 张三: first contact overdue", url="/leads/12/")
    notify(owner, kind=BREACH, title="Repair 7: not on site", url="/aftersales/7/")
    notify(owner, kind=NotificationKind.SLA_WARNING, title="Due soon: not for the group")

    notifications_deliver_due()

    [message] = robot.messages  # three notices, one POST (the robots allow 20 messages a minute)
    content = message["markdown"]["content"]
    assert content.count("Lead 张三: first contact overdue") == 1
    assert "李小销, 王经理" in content
    assert "Repair 7: not on site" in content
    assert "not for the group" not in content
    states = dict(Notification.objects.values_list("title", "webhook_state"))
    assert states["Due soon: not for the group"] == DeliveryState.SKIPPED
    assert states["Repair 7: not on site"] == DeliveryState.SENT


def test_a_big_run_is_split_into_messages_that_fit_the_robots_limits(robot, owner, notify):
    for i in range(45):
        notify(owner, kind=BREACH, title=f"Lead {i}: first contact overdue " + "详" * 40, url=f"/leads/{i}/")
    notifications_deliver_due()
    assert len(robot.messages) >= 3  # at most 20 notices a message
    for message in robot.messages:
        assert len(message["markdown"]["content"].encode()) <= 4096
    delivered = "".join(m["markdown"]["content"] for m in robot.messages)
    assert all(f"Lead {i}:" in delivered for i in range(45))
    assert set(Notification.objects.values_list("webhook_state", flat=True)) == {DeliveryState.SENT}


def test_a_500_from_the_robot_keeps_the_notification_and_retries_later(robot, owner, notify):
    robot.responses = [(500, {"error": "boom"})]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        n = notify(owner, kind=BREACH)
        report = notifications_deliver_due()
        assert (report.retries, report.webhooks_sent) == (1, 0)
        n.refresh_from_db()
        assert (n.webhook_state, n.webhook_attempts) == (DeliveryState.PENDING, 1)
        assert n.next_attempt_at == timezone.now() + backoff(1)
        assert n.last_error == "webhook: HTTP 500"

        clock.shift(backoff(1))
        assert notifications_deliver_due().webhooks_sent == 1
    n.refresh_from_db()
    assert (n.webhook_state, n.webhook_attempts, n.next_attempt_at) == (DeliveryState.SENT, 2, None)
    assert len(robot.requests) == 2


def test_a_refusal_inside_http_200_is_a_failure(robot, owner, notify):
    robot.responses = [(200, {"errcode": 45009, "errmsg": "api freq out of limit"})]
    n = notify(owner, kind=BREACH)
    notifications_deliver_due()
    n.refresh_from_db()
    assert (n.webhook_state, n.webhook_attempts) == (DeliveryState.PENDING, 1)
    assert n.last_error == "webhook: errcode 45009: api freq out of limit"


def test_an_unreachable_robot_is_retried(owner, notify, settings, closed_port):
    settings.NOTIFICATION_WEBHOOK_URL = f"http://127.0.0.1:{closed_port}/robot/send?access_token=t"
    n = notify(owner, kind=BREACH)
    notifications_deliver_due()
    n.refresh_from_db()
    assert (n.webhook_state, n.webhook_attempts) == (DeliveryState.PENDING, 1)
    assert "Connection refused" in n.last_error or "ConnectionRefused" in n.last_error


def test_email_sent_and_webhook_failing_retries_only_the_webhook(robot, make_staff, team, notify, mailoutbox):
    robot.responses = [(502, {})]
    owner = make_staff(Role.SALES, team=team, email="sales@example.com")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        n = notify(owner, kind=BREACH)
        notifications_deliver_due()
        n.refresh_from_db()
        assert (n.email_state, n.webhook_state) == (DeliveryState.SENT, DeliveryState.PENDING)
        clock.shift(backoff(1))
        notifications_deliver_due()
    n.refresh_from_db()
    assert (n.email_state, n.email_attempts, n.webhook_state) == (DeliveryState.SENT, 1, DeliveryState.SENT)
    assert len(mailoutbox) == 1  # the email was not sent again with the webhook's retry


def test_webhook_removed_from_settings_skips_pending_deliveries(robot, owner, notify, settings):
    n = notify(owner, kind=BREACH)
    settings.NOTIFICATION_WEBHOOK_URL = ""
    notifications_deliver_due()
    n.refresh_from_db()
    assert n.webhook_state == DeliveryState.SKIPPED and robot.requests == []


def test_system_check_rejects_an_unknown_webhook_kind_or_a_non_http_url(settings):
    settings.NOTIFICATION_WEBHOOK_KIND = "slack"
    settings.NOTIFICATION_WEBHOOK_URL = "ftp://example.com/hook"
    with pytest.raises(SystemCheckError) as excinfo:
        call_command("check")
    assert "notifications.E001" in str(excinfo.value) and "notifications.E002" in str(excinfo.value)
