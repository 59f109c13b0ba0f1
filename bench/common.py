"""What the page benchmarks share (bench/leads.py, bench/contracts.py; bench/login.py and bench/phone.py load it
too): their own PostgreSQL database, Django set up on it, gunicorn with production settings on the loopback, a
session cookie for a user, and the two figures of a page — the median wall time over the loopback and the query
count of the same request in-process (Django's test client + CaptureQueriesContext).

Loaded by path (importlib), as the scripts are run as files, not as a package.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# One key for this process and gunicorn: sessions made here (force_login) must be valid there.
SECRET_KEY = "bench-only-" + os.urandom(16).hex()


def database_url_argument(parser, name):
    """The --database-url option, defaulting to BENCH_DATABASE_URL or the script's own database `name`."""
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
    )


def ensure_database(url, *, reseed):
    import environ
    import psycopg2
    from psycopg2 import sql

    cfg = environ.Env.db_url_config(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmark needs PostgreSQL (--database-url postgres://...).")
    conn = psycopg2.connect(
        dbname="postgres", user=cfg["USER"], password=cfg["PASSWORD"], host=cfg["HOST"], port=cfg["PORT"] or 5432
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        if reseed:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(cfg["NAME"])))
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if not cur.fetchone():
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))
    conn.close()


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decocrm.settings")
    os.environ.setdefault("DEBUG", "1")  # this process only seeds and counts queries; gunicorn runs with DEBUG=0
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def vacuum_analyze():
    """Fresh statistics for the planner, as autovacuum would give them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url, port, static_root, *, workers=2, extra_env=None, collect_static=True):
    """gunicorn on 127.0.0.1:port with production settings; `collect_static=False` when another one of this run has
    already collected into `static_root`."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    from django.conf import settings

    # The keys the seeding process encrypted with (its development defaults), so the server reads what it wrote.
    env.setdefault("FIELD_ENCRYPTION_KEYS", ",".join(settings.FIELD_ENCRYPTION_KEYS))
    env.setdefault("FIELD_BLIND_INDEX_KEY", settings.FIELD_BLIND_INDEX_KEY)
    python = sys.executable
    if collect_static:  # production settings use the manifest storage
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(python).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "decocrm.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    sys.exit("gunicorn did not start")


def session_cookie(user):
    from django.test import Client

    client = Client()
    client.force_login(user)  # a database session: the gunicorn workers read the same one
    return client.cookies["sessionid"].value


def http_times(port, path, cookie, runs):
    """Median wall time of `runs` requests from a loopback client (new connection each time, as gunicorn's sync
    workers close them), after two warm-up requests (one per worker, roughly); and the last status."""
    times, status = [], None
    for i in range(runs + 2):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - t0) * 1000
        conn.close()
        status = response.status
        if i >= 2:
            times.append(elapsed)
    return statistics.median(times), status


def query_count(user, path):
    """The queries of one request in-process (after a warm-up request: translations, templates, content types)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return len(queries), response.status_code


def page_exists(path):
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return False
    return match.url_name not in (None, "")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"
