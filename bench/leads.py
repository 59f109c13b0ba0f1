#!/usr/bin/env python
"""Leads benchmark: the lead list, a partial phone search and a lead's page at 100,000 leads, on PostgreSQL.

    .venv/bin/python bench/leads.py [--leads 100000] [--runs 30] [--reseed]

1. Creates and migrates its own database (decocrm_bench_leads) and fills it with `seed_demo --scale` until it
   holds `--leads` generated leads over 20 salespeople in two teams (kept between runs; --reseed starts afresh).
2. Starts gunicorn (2 sync workers, 127.0.0.1, a free port) with production settings over plain HTTP (DEBUG=0,
   collected static files; only the HTTPS redirects and secure cookies are off).
3. As a company manager (gm) and as a salesperson (sales-a01), with a session cookie, requests each page
   `--runs` times over the loopback and takes the median wall time:
     the lead list's first page        /leads/
     a search by 7 digits of a phone    /leads/?q=<7 digits of an existing customer's phone>
     a lead's page                      /leads/<pk>/
   and counts the queries of the same requests in-process (Django's test client + CaptureQueriesContext).
Targets (issue 4): median <= 60 ms and <= 15 queries each; the baseline CRM measured on this machine answered
its list in 331 ms with 425 queries and its phone search in 264 ms.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASELINE = {"list": (331, 425), "phone search": (264, None)}
TARGET_MS, TARGET_QUERIES = 60, 15
# One key for this process and gunicorn: sessions made here (force_login) must be valid there.
SECRET_KEY = "bench-only-" + os.urandom(16).hex()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leads", type=int, default=100_000, help="generated leads the database should hold")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the benchmark database first")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/decocrm_bench_leads"),
    )
    return parser.parse_args()


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


def seed(target):
    """Top up to `target` generated leads with seed_demo --scale (the demo stories come with it)."""
    from django.core.management import call_command

    from leads.models import Lead

    generated = Lead.objects.filter(created_by__username__regex=r"^(sales-[ab]\d\d|manager[23])$").count()
    if generated >= target:
        print(f"database already holds {generated:,} generated leads (use --reseed to start afresh)")
        return
    t0 = time.perf_counter()
    call_command("seed_demo", force=True, scale=target - generated, stdout=sys.stdout)
    print(f"seed_demo --scale {target - generated:,}: {time.perf_counter() - t0:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics for the planner, as autovacuum would give them
        cursor.execute("VACUUM ANALYZE")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url, port, static_root):
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
    }
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )  # production settings use the manifest storage
    gunicorn = Path(python).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "decocrm.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
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
    """Wall time of each request from a loopback client (new connection each time, as gunicorn's sync workers
    close them)."""
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
        if i >= 2:  # two warm-up requests (one per worker, roughly)
            times.append(elapsed)
    return statistics.median(times), status


def query_count(user, path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get(path)  # warm: translations, templates, content types
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


def main():
    args = parse_args()
    ensure_database(args.database_url, reseed=args.reseed)
    setup_django(args.database_url)
    seed(args.leads)

    from django.db import connection

    from decocrm.accounts.models import User
    from leads.models import Lead

    gm, sales = User.objects.get(username="gm"), User.objects.get(username="sales-a01")
    lead = Lead.objects.filter(owner=sales).select_related("customer").order_by("-created_at").first()
    digits = lead.customer.phone_digits[2:9]  # 7 digits from the middle of the number
    matches = Lead.objects.filter(customer__phone_digits__contains=digits).count()
    pages = [
        ("list", "/leads/"),
        ("phone search", f"/leads/?q={digits}"),
        ("detail", f"/leads/{lead.pk}/"),
        ("reports (90 days)", "/leads/reports/"),
    ]
    print(
        f"database: PostgreSQL {connection.pg_version // 10000} ({connection.settings_dict['NAME']}), "
        f"{Lead.objects.count():,} leads; search '{digits}' matches {matches} lead(s)"
    )

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="decocrm-bench-static-") as static_root:
        server = start_gunicorn(args.database_url, port, static_root)
        try:
            print(f"gunicorn: 2 workers on 127.0.0.1:{port}, DEBUG=0; median of {args.runs} requests\n")
            print(f"{'page':<20} {'as':<16} {'median ms':>10} {'queries':>8}  verdict")
            for name, path in pages:
                if not page_exists(path):
                    print(f"{name:<20} {'-':<16} {'':>10} {'':>8}  SKIPPED: {path} does not exist in this branch")
                    continue
                if name.startswith("reports"):
                    users = [("company manager", gm)]  # a manager's page; salespeople get 403
                else:
                    users = [("company manager", gm), ("salesperson", sales)]
                for label, user in users:
                    queries, status = query_count(user, path)
                    median, http_status = http_times(port, path, session_cookie(user), args.runs)
                    if status != 200 or http_status != 200:
                        print(f"{name:<20} {label:<16} {'':>10} {'':>8}  SKIPPED: HTTP {http_status} / {status}")
                        continue
                    ok = median <= TARGET_MS and queries <= TARGET_QUERIES
                    verdict = "ok" if ok or name.startswith("reports") else "OVER TARGET"
                    if name.startswith("reports"):
                        verdict = "(no target)"
                    baseline = BASELINE.get(name)
                    if baseline:
                        verdict += f"; {baseline[0] / median:.1f}x faster than the baseline ({baseline[0]} ms"
                        if baseline[1]:
                            verdict += f", {baseline[1] / max(queries, 1):.0f}x fewer queries than {baseline[1]}"
                        verdict += ")"
                    print(f"{name:<20} {label:<16} {median:>10.1f} {queries:>8}  {verdict}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"\ntargets: median <= {TARGET_MS} ms and <= {TARGET_QUERIES} queries per page")


if __name__ == "__main__":
    main()
