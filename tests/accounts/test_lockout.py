"""Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords the right one is refused too, with our
page (429), on the login page and the admin login; the username is locked from every address and an address for
every username; the lockout ends after the cool-off, a superuser can lift it, and it holds across processes (the
failures are counted in the database)."""

import io
import os
import subprocess
import sys
from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from decocrm.accounts.choices import Role
from tests.conftest import skip_or_fail
from tests.factories import TEST_PASSWORD

LOGIN = reverse("login")
ADMIN_LOGIN = "/admin/login/"
HOME = reverse("home")
HERE, THERE = "192.0.2.10", "198.51.100.20"  # documentation addresses (RFC 5737), only ever a META value here


def _post(client, url, username, password, ip=HERE):
    return client.post(url, {"username": username, "password": password, "next": HOME}, REMOTE_ADDR=ip)


def _fail(client, url, username, times, ip=HERE):
    return [_post(client, url, username, "not-the-password", ip).status_code for _ in range(times)]


def _logged_in(client):
    return client.get(HOME).status_code == 200


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_after_the_limit_the_right_password_is_refused_with_a_clear_page(english, salesperson):
    client, limit = english, settings.AXES_FAILURE_LIMIT
    # Wrong passwords get the login form and its error, until the limit-th, which already gets the lockout page.
    assert _fail(client, LOGIN, salesperson.username, limit) == [200] * (limit - 1) + [429]
    response = _post(client, LOGIN, salesperson.username, TEST_PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert 'id="login-locked-out"' in body and "Too many failed logins" in body
    assert f"after {limit} failed attempts" in body and "Try again in 15 minutes" in body
    assert "css/decocrm.css" in body and 'href="/accounts/login/"' in body  # our layout, not axes' bare text
    assert not _logged_in(client)


@pytest.mark.django_db
def test_the_lockout_page_is_in_chinese_by_default(client, salesperson):
    _fail(client, LOGIN, salesperson.username, settings.AXES_FAILURE_LIMIT)
    body = _post(client, LOGIN, salesperson.username, TEST_PASSWORD).content.decode()
    assert 'id="login-locked-out"' in body and 'lang="zh-hans"' in body


@pytest.mark.django_db
def test_the_admin_login_locks_out_too(english, make_staff):
    clerk = make_staff(Role.ARCHIVE_CLERK)
    _fail(english, ADMIN_LOGIN, clerk.username, settings.AXES_FAILURE_LIMIT)
    response = _post(english, ADMIN_LOGIN, clerk.username, TEST_PASSWORD)
    assert response.status_code == 429 and "Too many failed logins" in response.content.decode()
    assert english.get("/admin/").status_code == 302  # not logged in


@pytest.mark.django_db
def test_failures_on_the_admin_count_for_the_pages_and_the_reverse(client, salesperson, make_staff):
    clerk = make_staff(Role.ARCHIVE_CLERK)
    limit = settings.AXES_FAILURE_LIMIT
    _fail(client, ADMIN_LOGIN, salesperson.username, limit - 1)
    assert _fail(client, LOGIN, salesperson.username, 1) == [429]
    _fail(client, LOGIN, clerk.username, limit - 1, ip=THERE)
    assert _fail(client, ADMIN_LOGIN, clerk.username, 1, ip=THERE) == [429]


@pytest.mark.django_db
def test_the_username_is_locked_from_every_address(client, salesperson):
    _fail(client, LOGIN, salesperson.username, settings.AXES_FAILURE_LIMIT, ip=HERE)
    assert _post(client, LOGIN, salesperson.username, TEST_PASSWORD, ip=THERE).status_code == 429
    assert not _logged_in(client)


@pytest.mark.django_db
def test_spaces_around_the_username_do_not_buy_more_guesses(client, salesperson):
    # The login form strips the username, and axes counts the cleaned one: " name" and "name " are the same user.
    name = salesperson.username
    for variant in [name, f" {name}", f"{name} ", f"  {name}", f"{name}  "][: settings.AXES_FAILURE_LIMIT]:
        _fail(client, LOGIN, variant, 1, ip=THERE)
    assert _post(client, LOGIN, name, TEST_PASSWORD).status_code == 429


@pytest.mark.django_db
def test_an_address_is_locked_for_every_username(client, make_staff):
    victims = [make_staff(Role.SALES) for _ in range(settings.AXES_FAILURE_LIMIT)]
    for victim in victims:  # one guess each: no username reaches the limit, the address does
        _fail(client, LOGIN, victim.username, 1, ip=HERE)
    someone = make_staff(Role.SALES)
    assert _post(client, LOGIN, someone.username, TEST_PASSWORD, ip=HERE).status_code == 429
    assert not _logged_in(client)
    response = _post(client, LOGIN, someone.username, TEST_PASSWORD, ip=THERE)  # another address is not locked
    assert response.status_code == 302 and _logged_in(client)


@pytest.mark.django_db
def test_login_works_again_after_the_cool_off(client, salesperson):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _fail(client, LOGIN, salesperson.username, settings.AXES_FAILURE_LIMIT)
        traveller.shift(settings.AXES_COOLOFF_TIME - timedelta(minutes=1))
        assert _post(client, LOGIN, salesperson.username, TEST_PASSWORD).status_code == 429
        traveller.shift(timedelta(minutes=2))
        response = _post(client, LOGIN, salesperson.username, TEST_PASSWORD)
        assert response.status_code == 302 and _logged_in(client)


@pytest.mark.django_db
def test_a_superuser_unlocks_in_the_admin(client, salesperson, django_user_model):
    from axes.models import AccessAttempt

    _fail(client, LOGIN, salesperson.username, settings.AXES_FAILURE_LIMIT)
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "a-long-admin-pass-42")
    client.force_login(admin)
    listing = client.get("/admin/axes/accessattempt/?locked_out=yes")
    assert listing.status_code == 200 and salesperson.username in listing.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    response = client.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": ids})
    assert response.status_code == 200  # the confirmation page
    client.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert _post(client, LOGIN, salesperson.username, TEST_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_managers_do_not_see_login_attempts(client, make_staff):
    client.force_login(make_staff(Role.MANAGER, company_wide=True))
    assert client.get("/admin/axes/accessattempt/").status_code == 403


@pytest.mark.django_db
def test_the_reset_command_unlocks_a_username(client, salesperson):
    _fail(client, LOGIN, salesperson.username, settings.AXES_FAILURE_LIMIT)
    call_command("axes_reset_username", salesperson.username, stdout=io.StringIO())
    assert _post(client, LOGIN, salesperson.username, TEST_PASSWORD).status_code == 302


FAIL_IN_ANOTHER_PROCESS = """
import sys
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
password = sys.argv[4]
codes = [client.post("/accounts/login/", {"username": sys.argv[1], "password": password}, REMOTE_ADDR=sys.argv[2])
         .status_code for _ in range(int(sys.argv[3]))]
print(" ".join(map(str, codes)))
"""


WRONG_PASSWORD = "nope"  # noqa: S105


def _run_elsewhere(username, ip, times, password=WRONG_PASSWORD):
    """Passwords (wrong by default) posted by a separate Python process (its own Django, its own connection) to
    the test database, like a second web worker."""
    db = connection.settings_dict
    user = f"{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}"
    url = f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "decocrm.settings",
        "DATABASE_URL": url,
        "DEBUG": "1",  # development static files and a development key: this process is not run by pytest
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "WARNING",
        "PASSWORD_HASHERS_FAST": "1",  # the test users' passwords were hashed by pytest's process with it
    }
    done = subprocess.run(
        [sys.executable, "-c", FAIL_IN_ANOTHER_PROCESS, username, ip, str(times), password],
        env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return [int(code) for code in done.stdout.split()]


@pytest.mark.django_db(transaction=True)
def test_the_lockout_holds_across_processes(client, make_staff):
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: another process cannot reach an in-memory SQLite test database")
    limit = settings.AXES_FAILURE_LIMIT
    salesperson = make_staff(Role.SALES)
    # Failures made in the other process lock the username here.
    assert _run_elsewhere(salesperson.username, HERE, limit) == [200] * (limit - 1) + [429]
    assert _post(client, LOGIN, salesperson.username, TEST_PASSWORD, ip=THERE).status_code == 429
    # And failures made here are refused there.
    other = make_staff(Role.SALES)
    _fail(client, LOGIN, other.username, limit, ip=THERE)
    assert _run_elsewhere(other.username, HERE, 1) == [429]


@pytest.mark.django_db(transaction=True)
def test_a_user_made_here_logs_in_there(make_staff):
    """The other process checks passwords with the hasher the suite stored them with."""
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: another process cannot reach an in-memory SQLite test database")
    salesperson = make_staff(Role.SALES)
    assert _run_elsewhere(salesperson.username, HERE, 1, password=TEST_PASSWORD) == [302]
