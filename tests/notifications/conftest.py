"""Fixtures for the notification tests: known settings, a fake group robot (a real HTTP server on 127.0.0.1), a
closed port for a real failing SMTP connection, and a helper that stores notifications through the service."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.models import Notification
from decocrm.notifications.services import notification_create_many

SITE = "https://crm.example.com"


@pytest.fixture(autouse=True)
def _notification_settings(settings):
    """Whatever the environment says, the tests start with email on, no webhook and a known site URL."""
    settings.NOTIFICATION_EMAIL_ENABLED = True
    settings.NOTIFICATION_WEBHOOK_URL = ""
    settings.NOTIFICATION_WEBHOOK_KIND = "wecom"
    settings.NOTIFICATION_WEBHOOK_SECRET = ""
    settings.SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = "DecoCRM <noreply@decocrm.test>"


class FakeRobot:
    """A group robot on 127.0.0.1: records every POST and answers with the queued responses (then 200 / errcode 0)."""

    def __init__(self):
        self.requests = []
        self.responses = []  # (status, json body) to answer with, in order
        self.lock = threading.Lock()
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                with robot.lock:
                    robot.requests.append(
                        {
                            "path": urlsplit(self.path).path,
                            "query": parse_qs(urlsplit(self.path).query),
                            "content_type": self.headers.get("Content-Type"),
                            "json": json.loads(raw.decode("utf-8")),
                        }
                    )
                    status, body = robot.responses.pop(0) if robot.responses else (200, {"errcode": 0, "errmsg": "ok"})
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/webhook/send?key=test-key"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def messages(self):
        return [r["json"] for r in self.requests]


@pytest.fixture
def robot(settings, monkeypatch):
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")  # never send the local robot's traffic to a proxy
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    fake = FakeRobot()
    fake.thread.start()
    settings.NOTIFICATION_WEBHOOK_URL = fake.url
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()


@pytest.fixture
def closed_port():
    """A local TCP port that nothing listens on: connecting to it is refused (a real network failure)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return port


@pytest.fixture
def notify(db):
    """notify(recipient, kind=..., **fields) -> the stored Notification (through notification_create_many)."""

    def make(recipient, kind=NotificationKind.GENERAL, title="Lead 张三: first contact overdue", **fields):
        item = {"recipient": recipient, "kind": kind, "title": title, **fields}
        assert notification_create_many(notifications=[item]) == 1
        return Notification.objects.filter(recipient=recipient).latest("id")

    return make
