#!/usr/bin/env python
"""A morning's load on the loopback (issue 13): bench/locustfile.py against gunicorn, bounded, then the writes counted.

    .venv/bin/python bench/load.py [--users 100] [--spawn-rate 10] [--run-time 2m] [--workers 4] [--leads 100000]
                                   [--reseed] [--database-url postgres://.../decocrm_bench_leads]
                                   [--web-processes 2 --redis-url redis://127.0.0.1:6379/0] [--pgbouncer]

1. The database of bench/leads.py (decocrm_bench_leads: `seed_demo --scale`, 100,000 leads over 20 salespeople;
   kept between runs, seeded by bench/leads.py's own function).
2. A session for every salesperson, manager and the demo staff (no sign-in under load: each simulated person
   starts signed in), the open leads each salesperson works on and 7-digit searches from their customers' phones,
   written to a JSON file for the locustfile.
3. gunicorn with `--workers` sync workers, production settings (DEBUG=0, collected static files; only the HTTPS
   redirects and secure cookies are off), on 127.0.0.1 and a free port. The generated salespeople hold 5,000 leads
   each, far past the pool rule's 200 protected customers, so the server runs with that rule raised
   (LEADS_MAX_PROTECTED_CUSTOMERS) for their new leads to be accepted.
4. locust headless, --users at --spawn-rate for --run-time, --csv into a temporary folder; the load average is
   sampled every 5 s during the run.
5. Prints p50 / p95 (ms) and the request count of every page and of all requests, the failures, the throughput and
   the load average (before, highest during, after); then the writes: each write the server confirmed is looked
   for in the database by its marker (lost: missing; doubled: found twice). Exit status 1 on any failure or any
   lost or doubled write.
Target (issue 13): p95 < 1 s at 100 users, 0 errors, 0 lost or doubled writes. Only loopback traffic; locust stops
by itself after --run-time.

Beyond one machine (issue 14), through a proxy: `--web-processes N` (N >= 2) starts N gunicorns (each its own master
with --workers sync workers, 4 // N by default, each on its own port) sharing the database and the Redis of
--redis-url (sessions, cache, rate limits; TRUSTED_PROXY_COUNT=1), and nginx in front of them (bench/proxy.py: the
production proxy's settings from decocrm/deploy/nginx.conf); locust goes through nginx. `--pgbouncer` puts PgBouncer
in transaction mode between the web processes and PostgreSQL (PGBOUNCER_TRANSACTION_MODE=1; JIT turned off on the
database instead of on the connection, as the README says). The report adds the users per web process, the requests
each upstream answered (nginx's access log), PgBouncer's counts, and the memory (RSS) of every gunicorn master and
worker and of nginx, sampled every 2 s: peak and end. Everything started is stopped at the end, on an error or
Ctrl-C too.
"""

import argparse
import contextlib
import csv
import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


common = _load("common")  # the database, Django, gunicorn helpers the page benchmarks share
leads_bench = _load("leads")  # its seeding
proxy = _load("proxy")  # nginx, PgBouncer, the memory sampler

P95_TARGET_MS = 1000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default="2m", help="locust's --run-time (e.g. 90s, 2m)")
    parser.add_argument("--workers", type=int, help="gunicorn sync workers per web process (default 4 // N)")
    parser.add_argument("--web-processes", type=int, default=1, help="N >= 2: N gunicorns behind a local nginx")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""), help="shared by the web processes")
    parser.add_argument("--pgbouncer", action="store_true", help="PgBouncer (transaction mode) before PostgreSQL")
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--reseed", action="store_true")
    common.database_url_argument(parser, "decocrm_bench_leads")
    args = parser.parse_args()
    if args.web_processes < 1:
        parser.error("--web-processes must be at least 1")
    if args.web_processes > 1 and not args.redis_url:
        parser.error("web processes share their cache and rate limits through Redis: give --redis-url or REDIS_URL")
    args.workers = args.workers or max(1, 4 // args.web_processes)
    return args


def people():
    """Everyone's session and what they work on, for the locustfile (LOAD_PEOPLE)."""
    from decocrm.accounts.choices import Role
    from decocrm.accounts.models import User
    from leads.choices import LeadState
    from leads.models import Lead

    open_states = [s for s in LeadState.values if s not in ("won", "lost", "rejected")]
    rng = random.Random(13)
    result = {"sales": [], "managers": [], "bell": []}
    salespeople = User.objects.filter(role=Role.SALES, is_active=True).order_by("username")
    for user in salespeople:
        leads = list(
            Lead.objects.filter(owner=user, state__in=open_states)
            .order_by("-created_at")
            .values_list("pk", "customer__phone_digits")[:40]
        )
        if len(leads) < 5:
            continue
        digits = [phone[2:9] for _, phone in rng.sample(leads, 5) if phone and len(phone) >= 9]
        result["sales"].append(
            {
                "user": user.username,
                "cookie": common.session_cookie(user),
                "leads": [pk for pk, _ in leads],
                "digits": digits,
            }
        )
    for user in User.objects.filter(role=Role.MANAGER, is_active=True).order_by("username"):
        person = salespeople.filter(team=user.team_id).first() if user.team_id else salespeople.first()
        if person is None:
            continue
        result["managers"].append({"user": user.username, "cookie": common.session_cookie(user), "owner": person.pk})
    for entry in result["sales"][:5]:  # people who only look at their notifications: some of the salespeople
        result["bell"].append({"user": entry["user"], "cookie": entry["cookie"]})
    return result


def warm_up(port, workers, cookie):
    """Until every worker has booted and rendered a page: gunicorn's master listens before its workers are up, and
    a worker's first request pays for the imports and the templates (seconds on a busy machine)."""
    import http.client
    from concurrent.futures import ThreadPoolExecutor

    def one(_):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        conn.request("GET", "/leads/", headers={"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"})
        conn.getresponse().read()
        conn.close()

    for _ in range(2):
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(one, range(workers)))


class LoadSampler(threading.Thread):
    """The 1-minute load average every 5 s, while locust runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples, self.done = [], threading.Event()

    def run(self):
        while not self.done.wait(5):
            self.samples.append(os.getloadavg()[0])


def run_locust(host, people_file, writes_file, run, args, folder):
    env = {**os.environ, "LOAD_PEOPLE": str(people_file), "LOAD_WRITES": str(writes_file), "LOAD_RUN": run}
    locust = Path(sys.executable).with_name("locust")
    command = [
        str(locust), "-f", str(HERE / "locustfile.py"), "--headless", "--host", host,
        "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", args.run_time,
        "--stop-timeout", "10", "--csv", str(folder / "load"), "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    return subprocess.run(command, env=env, cwd=HERE.parent, check=False).returncode


def report(folder):
    """p50 / p95 per page and overall from locust's CSV; returns (failures, p95 of all requests)."""
    rows = list(csv.DictReader(open(folder / "load_stats.csv", encoding="utf-8")))  # noqa: SIM115
    print(f"\n{'page':<26} {'requests':>9} {'failures':>9} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7}")
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        print(f"{row['Name']:<26} {row['Request Count']:>9} {row['Failure Count']:>9} {row['50%']:>8} "
              f"{row['95%']:>8} {float(row['Requests/s']):>7.1f}")  # fmt: skip
    print(f"{'all requests':<26} {total['Request Count']:>9} {total['Failure Count']:>9} {total['50%']:>8} "
          f"{total['95%']:>8} {float(total['Requests/s']):>7.1f}")  # fmt: skip
    failures = folder / "load_failures.csv"
    if failures.exists():
        for row in csv.DictReader(open(failures, encoding="utf-8")):  # noqa: SIM115
            print(f"  failure: {row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}")
    return int(total["Failure Count"]), float(total["95%"])


def check_writes(writes_file, run):
    """Every write the server confirmed, once in the database: (confirmed, lost, doubled)."""
    from leads.models import ContactLog, Lead

    confirmed = Counter()
    if writes_file.exists():
        confirmed.update(line.strip() for line in writes_file.read_text(encoding="utf-8").splitlines() if line.strip())
    contacts = Counter(
        ContactLog.objects.filter(summary__startswith=f"load {run} contact ").values_list("summary", flat=True)
    )
    leads = Counter(
        Lead.objects.filter(customer__name__startswith=f"压测{run}-").values_list("customer__name", flat=True)
    )
    found = Counter({f"contact {k}": v for k, v in contacts.items()}) + Counter(
        {f"lead {k}": v for k, v in leads.items()}
    )
    lost = [marker for marker in confirmed if marker not in found]
    doubled = [marker for marker, n in found.items() if n > 1 or confirmed[marker] > 1]
    unconfirmed = [marker for marker in found if marker not in confirmed]  # written, but the user saw no redirect
    print(
        f"\nwrites: {sum(confirmed.values())} confirmed ({sum(1 for m in confirmed if m.startswith('contact'))} "
        f"contacts, {sum(1 for m in confirmed if m.startswith('lead'))} new leads); in the database: "
        f"{sum(found.values())}; lost {len(lost)}, doubled {len(doubled)}, written without a confirmation "
        f"{len(unconfirmed)}"
    )
    return lost, doubled


def start_servers(stack, args, folder):
    """The web processes (and PgBouncer and nginx, beyond one machine): returns the URL locust goes to, the gunicorn
    ports, the processes to watch the memory of and the access log of nginx (None without it)."""
    import environ

    database_url = args.database_url
    extra = {"LEADS_MAX_PROTECTED_CUSTOMERS": "1000000"}
    if args.web_processes > 1:  # as docker-compose.yml: behind one proxy, sharing Redis
        extra |= {"REDIS_URL": args.redis_url, "TRUSTED_PROXY_COUNT": "1", "CACHE_KEY_PREFIX": "decocrm-bench-load"}
    if args.pgbouncer:
        cfg = environ.Env.db_url_config(args.database_url)
        from django.db import connection

        with connection.cursor() as cursor:  # what the README asks of the server behind PgBouncer
            cursor.execute(f'ALTER DATABASE "{cfg["NAME"]}" SET jit = off')
        args.pgbouncer_port = common.free_port()
        pool = args.workers * args.web_processes
        _, database_url = proxy.start_pgbouncer(stack, folder, cfg, args.pgbouncer_port, pool)
        extra["PGBOUNCER_TRANSACTION_MODE"] = "1"
    ports, trees = [], {}
    for n in range(1, args.web_processes + 1):
        port = common.free_port()
        server = common.start_gunicorn(database_url, port, str(folder / "static"), workers=args.workers,
                                       extra_env=extra, collect_static=n == 1)  # fmt: skip
        stack.callback(proxy.stop, server)
        ports.append(port)
        trees[f"web {n} (gunicorn, 127.0.0.1:{port})"] = server.pid
    if args.web_processes == 1:
        return f"http://127.0.0.1:{ports[0]}", ports, trees, None
    port = common.free_port()
    nginx, access_log = proxy.start_nginx(stack, folder, ports, port)
    trees[f"nginx (127.0.0.1:{port})"] = nginx.pid
    return f"http://127.0.0.1:{port}", ports, trees, access_log


def report_split(ports, access_log, offset):
    served, errors, retried, by_nginx = proxy.upstream_split(access_log, offset)
    total = sum(served.values()) or 1
    print("\nrequests per web process (nginx's access log, $upstream_addr):")
    for n, port in enumerate(ports, 1):
        address = f"127.0.0.1:{port}"
        print(f"  web {n} ({address}): {served[address]} ({100 * served[address] / total:.0f} %), "
              f"5xx {errors[address]}")  # fmt: skip
    print(f"  passed on to a second upstream: {retried}; answered by nginx itself: {by_nginx}")


def pgbouncer_figures(args):
    """What PgBouncer counted (read before it stops, printed with the rest)."""
    import environ

    stats, pools = proxy.pgbouncer_stats(environ.Env.db_url_config(args.database_url), args.pgbouncer_port)
    pools = [{k: p[k] for k in ("cl_active", "sv_active", "sv_idle", "maxwait")} for p in pools]
    return (f"\nPgBouncer (transaction mode, pool {args.workers * args.web_processes}): "
            f"{stats.get('total_xact_count')} transactions, {stats.get('total_query_count')} queries, waited for a "
            f"server connection {float(stats.get('total_wait_time', 0)) / 1e6:.2f} s in all; pools at the end: "
            f"{pools}")  # fmt: skip


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a kill ends the run through its clean-up too
    common.ensure_database(args.database_url, reseed=args.reseed)
    common.setup_django(args.database_url)
    leads_bench.seed(args.leads)
    from customers.models import Customer

    for _ in range(100):  # this run's tag: no customer's phone starts with 199<tag> yet
        run = f"{random.randrange(1000):03d}"
        if not Customer.objects.filter(phone_digits__startswith=f"199{run}").exists():
            break
    with tempfile.TemporaryDirectory(prefix="decocrm-load-") as tmp:
        folder = Path(tmp)
        people_file, writes_file = folder / "people.json", folder / "writes.txt"
        everyone = people()
        people_file.write_text(json.dumps(everyone), encoding="utf-8")
        sampler = LoadSampler()
        with contextlib.ExitStack() as stack:
            host, ports, trees, access_log = start_servers(stack, args, folder)
            memory = proxy.MemorySampler(trees)
            for port in ports:
                warm_up(port, args.workers, everyone["sales"][0]["cookie"])
            if access_log:
                warm_up(int(host.rsplit(":", 1)[1]), 1, everyone["sales"][0]["cookie"])  # and through nginx
                offset = access_log.stat().st_size
            before = common.load_average()
            print(
                f"{args.web_processes} web process(es): gunicorn with {args.workers} sync workers each on 127.0.0.1:"
                f"{', '.join(map(str, ports))}, DEBUG=0{'; nginx in front: ' + host if access_log else ''}"
                f"{'; PgBouncer (transaction mode)' if args.pgbouncer else ''}; locust: {args.users} users "
                f"({args.users / args.web_processes:g} per web process, spawn {args.spawn_rate}/s) for "
                f"{args.run_time}: {len(everyone['sales'])} salespeople's, {len(everyone['managers'])} managers' and "
                f"{len(everyone['bell'])} bell sessions; run tag {run}\nbefore: {before}"
            )
            sampler.start()
            memory.start()
            t0 = time.perf_counter()
            try:
                code = run_locust(host, people_file, writes_file, run, args, folder)
            finally:
                elapsed = time.perf_counter() - t0
                sampler.done.set()
                memory.stop()
            bouncer = pgbouncer_figures(args) if args.pgbouncer else ""
        failures, p95 = report(folder)
        highest = max(sampler.samples, default=os.getloadavg()[0])
        print(f"\nlocust ran {elapsed:.0f} s (exit {code}); load average: before {before.split(' on ')[0][13:]}, "
              f"highest 1-min during the run {highest:.2f}, after {common.load_average()}")  # fmt: skip
        if access_log:
            report_split(ports, access_log, offset)
        memory.report()
        if bouncer:
            print(bouncer)
        lost, doubled = check_writes(writes_file, run)
    verdict = failures == 0 and not lost and not doubled
    print(
        f"\ntargets: p95 < {P95_TARGET_MS} ms ({'met' if p95 < P95_TARGET_MS else 'NOT met'}: {p95:.0f} ms) at "
        f"{args.users / args.web_processes:g} users per web process ({args.web_processes} web process(es)), "
        f"0 errors ({failures}), 0 lost or doubled writes ({len(lost)} / {len(doubled)})"
    )
    sys.exit(0 if verdict else 1)


if __name__ == "__main__":
    main()
