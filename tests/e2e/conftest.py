"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against pytest-django's live_server.

Failure screenshots land in var/test-artifacts/ (pytest-playwright's --screenshot=only-on-failure).
"""

import os
import shutil

import pytest

from tests.conftest import skip_or_fail

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        skip_or_fail(f"{CHROMIUM} not found: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Phone first: every browser test runs at 390 px wide unless it asks otherwise."""
    return {**browser_context_args, "viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def login(page, live_server):
    def do_login(user, password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("#login-form button[type=submit]")
        return page

    return do_login
