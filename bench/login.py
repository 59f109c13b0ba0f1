#!/usr/bin/env python
"""Login lockout under a burst of parallel guesses (issue 7, defect 6), against a real multi-process server.

    .venv/bin/python bench/login.py [--guesses 200] [--concurrency 50]

1. Creates its own database afresh (decocrm_bench_login), migrates it and creates one staff account.
2. Starts gunicorn (2 sync workers: two processes sharing the lockout state in PostgreSQL) with production
   settings over plain HTTP, as bench/leads.py does.
3. Fires `--guesses` wrong-password POSTs at /accounts/login/ for that account, `--concurrency` at a time, then the
   right password once, and counts the answers: 200 = the password was checked and refused, 429 = locked out.
With LOGIN_FAILURE_LIMIT=5, a lockout that holds across processes answers about 5 guesses (a few more while the
first failures are being written: axes checks and records in two steps) and refuses the right password at the end.
"""

import argparse
import http.client
import importlib.util
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_common", ROOT / "bench" / "common.py")
bench_common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_common)  # the database, Django and gunicorn helpers the benchmarks share

USERNAME, PASSWORD = "lockout-victim", "right-horse-battery-staple"  # noqa: S105 - a throwaway bench account


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--guesses", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/decocrm_bench_login", help="PostgreSQL URL"
    )
    return parser.parse_args()


def csrf(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    body = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    return cookie, token


def post_login(port, cookie, token, password):
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    body = urlencode({"csrfmiddlewaretoken": token, "username": USERNAME, "password": password})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
    conn.request("POST", "/accounts/login/", body=body, headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status, (time.perf_counter() - started) * 1000


def main():
    args = parse_args()
    bench_common.ensure_database(args.database_url, reseed=True)
    bench_common.setup_django(args.database_url)
    from decocrm.accounts.choices import Role
    from decocrm.accounts.services import staff_create

    staff_create(username=USERNAME, password=PASSWORD, role=Role.SALES)
    port = bench_common.free_port()
    with tempfile.TemporaryDirectory() as static_root:
        server = bench_common.start_gunicorn(args.database_url, port, static_root)
        try:
            cookie, token = csrf(port)
            started = time.perf_counter()
            with ThreadPoolExecutor(args.concurrency) as pool:
                answers = list(pool.map(lambda i: post_login(port, cookie, token, f"wrong-{i}"), range(args.guesses)))
            wall = time.perf_counter() - started
            final, _ms = post_login(port, cookie, token, PASSWORD)
        finally:
            server.terminate()
            server.wait()
    statuses = Counter(status for status, _ms in answers)
    from axes.models import AccessAttempt

    recorded = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))
    print(f"{args.guesses} wrong passwords, {args.concurrency} at a time, gunicorn 2 workers: {wall:.1f} s")
    print(f"  answered after a password check (200): {statuses.get(200, 0)}")
    print(f"  refused as locked out (429):           {statuses.get(429, 0)}")
    others = {s: n for s, n in statuses.items() if s not in (200, 429)}
    if others:
        print(f"  other answers: {others}")
    print(f"  median answer time: {statistics.median(ms for _s, ms in answers):.0f} ms")
    print(f"  failures recorded by axes: {recorded}")
    print(f"then the right password: {final} ({'locked out' if final == 429 else 'NOT locked out'})")
    sys.exit(0 if final == 429 else 1)


if __name__ == "__main__":
    main()
