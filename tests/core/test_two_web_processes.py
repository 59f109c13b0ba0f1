"""Two web processes behind one PostgreSQL and one Redis, as the web containers behind the reverse proxy of
docker-compose.yml: two gunicorns with production settings on the loopback, reached over HTTP with the headers the
proxy sets (X-Forwarded-For, X-Forwarded-Proto), sharing the test database and a Redis cache of their own prefix.
A session made by signing in on one is valid on the other, and signing out on one ends it on both; wrong passwords
spread over both lock the account out on both, and an address likewise; a rate limit counts the requests to both."""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse
from django_ratelimit.core import _get_window

from decocrm.accounts.choices import Role
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.needs_redis
# The processes read what this one commits: transactional tests, few and whole (each empties every table after).
committed = pytest.mark.django_db(transaction=True)

PASSWORD = "Two-web-processes-42"  # noqa: S105
LOGIN, LOGOUT, HOME = reverse("login"), reverse("logout"), reverse("home")
SURVEY_LINK = reverse("aftersales:survey-public", args=["no-such-link"])
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Web:
    """One web process, asked as the reverse proxy asks: the client's address in X-Forwarded-For."""

    def __init__(self, name, port, process):
        self.name, self.port, self.process = name, port, process

    def request(self, method, path, *, client, cookies=None, form=None):
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": client, "X-Forwarded-Proto": "http"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        response.text, response.set_cookies = text, {key: morsel.value for key, morsel in jar.items()}
        return response

    def csrf(self, client):
        """A CSRF cookie and the form's token from the login page (valid on every process: CSRF needs no shared
        state, only the same SECRET_KEY)."""
        page = self.request("GET", LOGIN, client=client)
        return {"csrftoken": page.set_cookies["csrftoken"]}, CSRF_FIELD.search(page.text).group(1)

    def sign_in(self, username, password, *, client):
        cookies, token = self.csrf(client)
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": HOME}
        response = self.request("POST", LOGIN, client=client, cookies=cookies, form=form)
        return response, {**cookies, **response.set_cookies}


def _database_url():
    db = settings.DATABASES["default"]
    user = f"{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(name, env, log):
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "decocrm.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=log)
    return Web(name, port, process)


def _wait_until_up(web, log_path):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if web.process.poll() is not None:
            pytest.fail(f"web process {web.name} exited: {Path(log_path).read_text()[-3000:]}")
        try:
            if web.request("GET", reverse("healthz"), client="127.0.0.1").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"web process {web.name} did not answer in 90 s: {Path(log_path).read_text()[-3000:]}")


@pytest.fixture(scope="module")
def web(django_db_setup, tmp_path_factory):
    """Processes A and B: gunicorn, one worker each, production settings (tests/web_settings.py), the test database,
    Redis as the cache, and TRUSTED_PROXY_COUNT=1 as behind the compose file's nginx."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip_or_fail("needs PostgreSQL: another process cannot reach an in-memory SQLite test database")
    if not settings.REDIS_URL:
        skip_or_fail("REDIS_URL is not set: the processes share their cache in Redis")
    env = {key: value for key, value in os.environ.items() if key != "PASSWORD_HASHERS_FAST"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.web_settings",
        DEBUG="0",
        SECRET_KEY="two-web-processes-" + secrets.token_urlsafe(32),
        DATABASE_URL=_database_url(),
        REDIS_URL=settings.REDIS_URL,
        CACHE_KEY_PREFIX="test-two-web-" + secrets.token_hex(8),  # this run's own rate-limit counts
        FIELD_ENCRYPTION_KEYS=",".join(settings.FIELD_ENCRYPTION_KEYS),
        FIELD_BLIND_INDEX_KEY=settings.FIELD_BLIND_INDEX_KEY,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        TRUSTED_PROXY_COUNT="1",
        LOG_LEVEL="WARNING",
    )
    logs = tmp_path_factory.mktemp("web")
    pair = []
    try:
        for name in ("A", "B"):
            with open(logs / f"{name}.log", "w") as log:
                pair.append(_start(name, env, log))
        for one in pair:
            _wait_until_up(one, logs / f"{one.name}.log")
        yield pair
    finally:
        for one in pair:
            one.process.terminate()
        for one in pair:
            try:
                one.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                one.process.kill()
                one.process.wait()


@pytest.fixture
def staff(make_staff):
    """A salesperson whose password production's hasher (Argon2) can check: the suite's own hasher is MD5."""

    def make():
        user = make_staff(Role.SALES)
        hasher = Argon2PasswordHasher()
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
        return user

    return make


@committed
def test_a_session_made_on_one_process_is_valid_on_the_other(web, staff):
    a, b = web
    user, client = staff(), "203.0.113.11"
    signed_in, cookies = a.sign_in(user.username, PASSWORD, client=client)
    assert signed_in.status == 302 and signed_in.headers["Location"] == HOME
    session = {"sessionid": cookies["sessionid"]}
    assert a.request("GET", HOME, client=client, cookies=session).status == 200
    assert b.request("GET", HOME, client=client, cookies=session).status == 200
    assert b.request("GET", HOME, client=client).status == 302  # without the cookie: to the login page

    # Signing out on B ends the session on A too.
    token = CSRF_FIELD.search(b.request("GET", HOME, client=client, cookies=cookies).text).group(1)
    out = b.request("POST", LOGOUT, client=client, cookies=cookies, form={"csrfmiddlewaretoken": token})
    assert out.status == 302
    home = a.request("GET", HOME, client=client, cookies=session)
    assert home.status == 302 and home.headers["Location"].startswith(LOGIN)


@committed
def test_wrong_passwords_spread_over_both_lock_out_on_both(web, staff):
    limit = settings.AXES_FAILURE_LIMIT
    # A username: its wrong passwords alternate between A and B (no process sees the limit by itself), each from
    # another address; then the right password, from yet another address, is refused by both.
    user = staff()
    codes = [
        web[n % 2].sign_in(user.username, "not-the-password", client=f"203.0.113.{20 + n}")[0].status
        for n in range(limit)
    ]
    assert codes == [200] * (limit - 1) + [429]
    for one in web:
        response, cookies = one.sign_in(user.username, PASSWORD, client="203.0.113.99")
        assert response.status == 429 and "sessionid" not in cookies

    # An address: one wrong password for each of `limit` usernames, over A and B; then nobody signs in from it.
    address = "198.51.100.31"
    for n in range(limit):
        web[n % 2].sign_in(staff().username, "not-the-password", client=address)
    someone = staff()
    for one in web:
        assert one.sign_in(someone.username, PASSWORD, client=address)[0].status == 429
    # The address is the client's as the proxy wrote it, not the proxy's own (127.0.0.1 here): another client passes.
    assert web[1].sign_in(someone.username, PASSWORD, client="198.51.100.32")[0].status == 302


@pytest.mark.django_db  # nothing to commit; the mark has the test database made when this test runs alone
def test_a_rate_limit_counts_the_requests_to_both(web):
    """The survey link allows 20 requests a minute per client address (aftersales/views/surveys.py): counted in the
    shared Redis cache, 25 requests alternating between A and B get 20 answers and then 429."""
    client = "198.51.100.41"
    seconds_left = _get_window(client, 60) - time.time()
    if seconds_left < 10:  # the count starts afresh with each window: do not straddle two
        time.sleep(seconds_left + 1)
    codes = [web[n % 2].request("GET", SURVEY_LINK, client=client).status for n in range(25)]
    assert codes == [404] * 20 + [429] * 5
    # Another client behind the same proxy has its own count.
    assert web[0].request("GET", SURVEY_LINK, client="198.51.100.42").status == 404
