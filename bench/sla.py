#!/usr/bin/env python
"""SLA benchmark: the sweep and the overdue dashboard at a million running clocks, on PostgreSQL.

    .venv/bin/python bench/sla.py [--clocks 1000000] [--breaching 100000] [--warning 100000] [--history 300000]
                                  [--runs 7] [--prewarned] [--rounds 3]

Seeds (set-based, in a few seconds): 2 teams of 10 salespeople with their managers and a company manager;
`--clocks` running clocks of every kind, of which `--breaching` passed their deadline within the last minute and
another `--warning` crossed their warning time (due within the day), none of them warned yet: the catch-up a sweep
meets after the workers were down (`--prewarned`: the breaching ones were warned already, the steady state, and no
`--warning` clocks); `--history` closed clocks (met / met late) due in the last 30 days for the on-time rates.
Then it times:
  0. the floor on this machine: the bare UPDATE ... RETURNING of `--breaching` clock rows and the bare
     INSERT ... SELECT of as many notice rows, in a transaction rolled back (what no sweep can go under);
  1. the first sweep (breaches the `--breaching` clocks, warns the `--warning` ones, stores the notices),
  2. a second, no-op sweep,
  3. the dashboard (company manager and team manager): median server time over `--runs` requests, and queries.
`--rounds N` seeds once, keeps the seeded database as a template and times the floor and the sweeps N times, each
on a fresh copy of it (a copy takes seconds, a seeding minutes), then prints the medians.
Targets (issue 13): first sweep < 5 s, no-op sweep < 100 ms, dashboard < 150 ms and <= 15 queries. The machine's
load average is printed before and after: the figures are absolute, read them with it.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load_average  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clocks", type=int, default=1_000_000)
    parser.add_argument("--breaching", type=int, default=100_000)
    parser.add_argument("--warning", type=int, default=100_000, help="clocks past their warning time, not yet due")
    parser.add_argument("--prewarned", action="store_true", help="the steady state: breaching clocks already warned")
    parser.add_argument("--history", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=1, help="floor and sweeps on N fresh copies of one seeding")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/decocrm_bench"),
    )
    return parser.parse_args()


def _server(url):
    """A connection to the server's `postgres` database, and the benchmark database's name."""
    import environ
    import psycopg2

    cfg = environ.Env.db_url_config(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmark needs PostgreSQL (--database-url postgres://...).")
    conn = psycopg2.connect(
        dbname="postgres", user=cfg["USER"], password=cfg["PASSWORD"], host=cfg["HOST"], port=cfg["PORT"] or 5432
    )
    conn.autocommit = True
    return conn, cfg["NAME"]


def ensure_database(url):
    from psycopg2 import sql

    conn, name = _server(url)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def copy_database(url, *, keep=False):
    """keep=True: save the (just seeded) database as the template `<name>_seeded`; else replace the database by a
    fresh copy of that template. Django's connection is closed first (it reconnects on the next query)."""
    import psycopg2
    from django.db import connection
    from psycopg2 import sql

    connection.close()
    conn, name = _server(url)
    source, target = (name, f"{name}_seeded") if keep else (f"{name}_seeded", name)
    with conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target)))
        cur.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(target), sql.Identifier(source)))
        # The copy wrote the whole database to the WAL (PostgreSQL 15's default strategy), which sets off a checkpoint
        # that would write it out during the timed statements: have it now (a superuser's right; skipped otherwise).
        try:
            cur.execute("CHECKPOINT")
        except psycopg2.Error as error:
            print(f"(no CHECKPOINT after the copy: {error.pgerror or error})")
    conn.close()


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decocrm.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed_staff():
    from decocrm.accounts.choices import Role
    from decocrm.accounts.models import Team, User
    from decocrm.accounts.services import staff_create, team_create

    if User.objects.filter(username="bench-gm").exists():
        return User.objects.get(username="bench-gm"), User.objects.get(username="bench-boss-1")
    gm = staff_create(username="bench-gm", password="bench", role=Role.MANAGER, company_wide=True, email="gm@b.local")
    boss1 = None
    for t in (1, 2):
        boss = staff_create(username=f"bench-boss-{t}", password="bench", role=Role.MANAGER, email=f"boss{t}@b.local")
        team = team_create(name=f"压测{t}部", manager=boss)
        boss1 = boss1 or boss
        for i in range(10):
            staff_create(
                username=f"bench-sales-{t}-{i}",
                password="bench",
                role=Role.SALES,
                team=team,
                email=f"s{t}{i}@b.local",
                last_name="测",
                first_name=f"销售{t}{i}",
            )
    assert Team.objects.count() >= 2
    return gm, boss1


def seed_clocks(clocks, breaching, history, *, warning=0, prewarned=False):
    """Everything in a handful of INSERT ... SELECT generate_series statements."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from decocrm.accounts.models import Team, User
    from decocrm.sla.models import SlaPolicy

    ct = ContentType.objects.get_for_model(Team).pk
    sales = list(User.objects.filter(username__startswith="bench-sales-").values_list("id", "team_id"))
    policies = list(SlaPolicy.objects.values_list("id", "kind"))
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE sla_clockevent, sla_clock, sla_clockoutcomeday, notifications_notification"
            " RESTART IDENTITY CASCADE"
        )
        cur.execute("CREATE TEMP TABLE bench_sales (n int, owner_id bigint, team_id bigint)")
        cur.executemany("INSERT INTO bench_sales VALUES (%s, %s, %s)", [(i, o, t) for i, (o, t) in enumerate(sales)])
        cur.execute("CREATE TEMP TABLE bench_policy (n int, policy_id bigint, kind text)")
        cur.executemany(
            "INSERT INTO bench_policy VALUES (%s, %s, %s)", [(i, p, k) for i, (p, k) in enumerate(policies)]
        )
        insert = """
            INSERT INTO sla_clock (policy_id, kind, content_type_id, object_id, subject_label, subject_url,
                owner_id, team_id, customer_id, state, sequence, amount, unit, started_at, due_at, warn_at,
                escalate_at, provisional, paused_seconds, escalation_level, note, code, params, stopped_at)
            SELECT p.policy_id, p.kind, %(ct)s, g, '客户 ' || g, '/leads/' || g || '/', s.owner_id, s.team_id, g,
                   {state}, 1, 3, 'working_days', {started}, {due}, {due} - interval '1 day',
                   {due} + interval '1 day', false, 0, 0, '', '', '{{}}', {stopped}
              FROM generate_series(%(first)s, %(last)s) g
              JOIN bench_sales s ON s.n = g %% %(nsales)s
              JOIN bench_policy p ON p.n = g %% %(npolicies)s
        """
        params = {"ct": ct, "nsales": len(sales), "npolicies": len(policies)}
        future = "now() + (g %% 14400) * interval '1 minute' + interval '1 day'"
        just_past = "now() - (g %% 50 + 5) * interval '1 second'"
        started = "now() - interval '3 days'"
        t0 = time.perf_counter()
        running = clocks - breaching - warning
        cur.execute(
            insert.format(state="'running'", started=started, due=future, stopped="NULL"),
            {**params, "first": 1, "last": running},
        )
        # Crossed the warning time (due within the next 20 hours, warned a day before), not warned yet.
        soon = "now() + (g %% 1200 + 1) * interval '1 minute'"
        cur.execute(
            insert.format(state="'running'", started=started, due=soon, stopped="NULL"),
            {**params, "first": running + 1, "last": running + warning},
        )
        cur.execute(
            insert.format(state="'running'", started=started, due=just_past, stopped="NULL"),
            {**params, "first": running + warning + 1, "last": clocks},
        )
        # Their warnings still to send (sla.ClockWarning): every running clock's, but the breaching ones' when they
        # were warned already (--prewarned).
        cur.execute(
            "INSERT INTO sla_clockwarning (clock_id, warn_at) SELECT id, warn_at FROM sla_clock"
            " WHERE state = 'running' AND id <= %s",
            [running + warning if prewarned else clocks],
        )
        # History for the on-time rates: due in the last 30 days, 85 % met on time.
        past_due = "now() - (g %% 43200) * interval '1 minute'"
        cur.execute(
            insert.format(
                state="CASE WHEN g %% 20 < 17 THEN 'met' ELSE 'met_late' END",
                started=f"{past_due} - interval '3 days'",
                due=past_due,
                stopped=f"{past_due} + CASE WHEN g %% 20 < 17 THEN interval '-1 hour' ELSE interval '5 hours' END",
            ),
            {**params, "first": clocks + 1, "last": clocks + history},
        )
        from decocrm.sla.outcomes import rebuild_outcomes

        rebuild_outcomes()  # the raw history above bypassed the services that keep this table
        seeded = time.perf_counter() - t0
        for table in ("sla_clock", "sla_clockwarning", "notifications_notification"):
            cur.execute(f"VACUUM ANALYZE {table}")
    return seeded


def floor(rows):
    """The bare statements the first sweep cannot go under: `rows` clocks marked breached with UPDATE ... RETURNING
    and as many notices written with INSERT ... SELECT, in a transaction that is rolled back."""
    from django.db import connection, transaction

    from decocrm.sla.sweep import delivery_state_sql

    class Rollback(Exception):
        pass

    timings = {}
    try:
        with transaction.atomic(), connection.cursor() as cur:
            t0 = time.perf_counter()
            cur.execute(
                "CREATE TEMP TABLE floor_breached ON COMMIT DROP AS WITH b AS ("
                " UPDATE sla_clock SET state = 'breached', breached_at = now()"
                " WHERE id IN (SELECT id FROM sla_clock WHERE state = 'running' AND due_at <= now()"
                " ORDER BY due_at LIMIT %s) RETURNING id, owner_id) SELECT * FROM b",
                [rows],
            )
            timings["update"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            delivery = delivery_state_sql("'sla_breach'", "r.email")
            cur.execute(
                "INSERT INTO notifications_notification (recipient_id, kind, level, code, params, title, body, url,"
                f" dedupe_key, {', '.join(delivery)})"
                " SELECT b.owner_id, 'sla_breach', 0, '', NULL, 'x', '', '', 'floor-' || b.id,"
                f" {', '.join(delivery.values())}"
                " FROM floor_breached b JOIN accounts_user r ON r.id = b.owner_id"
            )
            timings["insert"] = time.perf_counter() - t0
            raise Rollback
    except Rollback:
        pass
    return timings


def timed_sweep():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decocrm.sla.sweep import sla_sweep

    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        result = sla_sweep()
        elapsed = time.perf_counter() - t0
    # Where the time went: each statement over 50 ms (the steps and the COMMIT, whose deferred foreign-key checks of
    # the notices run then), by its first words.
    slow = [
        f"{' '.join(q['sql'].split()[:3])[:40]}… {float(q['time']):.2f} s"
        for q in queries.captured_queries
        if float(q["time"]) > 0.05
    ]
    return result, elapsed, len(queries), slow


def time_dashboard(user, runs):
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    client.get("/sla/dashboard/")  # warm caches (templates, translations, connection)
    times = []
    for _ in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = client.get("/sla/dashboard/")
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.status_code
    body = response.content.decode()
    totals = {key: re.search(rf'id="total-{key}">(\d+)<', body).group(1) for key in ("breached", "due-today")}
    return statistics.median(times), min(times), len(queries), totals


def main():
    args = parse_args()
    ensure_database(args.database_url)
    setup_django(args.database_url)
    from django.db import connection

    from decocrm.sla.models import Clock

    gm, boss = seed_staff()
    warning = 0 if args.prewarned else args.warning
    seeded = seed_clocks(args.clocks, args.breaching, args.history, warning=warning, prewarned=args.prewarned)
    running = Clock.objects.filter(state="running").count()
    print(f"database: PostgreSQL {connection.pg_version // 10000} ({connection.settings_dict['NAME']})")
    print(
        f"seeded {running:,} running clocks ({args.breaching:,} just past due, {warning:,} past their warning time;"
        f" {'warned' if args.prewarned else 'none warned yet'}) + {args.history:,} closed in {seeded:.1f} s"
    )
    print(f"before: {load_average()}")
    firsts, noops, updates, inserts = [], [], [], []
    for round_ in range(args.rounds):
        if args.rounds > 1:
            copy_database(args.database_url, keep=round_ == 0)
            print(f"round {round_ + 1} of {args.rounds} on a fresh copy ({load_average()})")
        bare = floor(args.breaching)
        updates.append(bare["update"])
        inserts.append(bare["insert"])
        print(
            f"floor: bare UPDATE ... RETURNING of {args.breaching:,} clocks {bare['update']:.2f} s,"
            f" bare INSERT ... SELECT of as many notices {bare['insert']:.2f} s"
        )
        if args.rounds > 1:
            copy_database(args.database_url)  # the rolled-back floor left dead rows and index entries behind

        result, first, q1, slow = timed_sweep()
        print(f"sweep 1 (catch-up): {first:.2f} s, {q1} queries -> {result}")
        print(f"  statements over 50 ms: {'; '.join(slow)}")
        result2, second, q2, _ = timed_sweep()
        print(f"sweep 2 (no-op):    {second * 1000:.0f} ms, {q2} queries -> {result2}")
        firsts.append(first)
        noops.append(second)
    if args.rounds > 1:
        print(
            f"medians of {args.rounds} rounds: first sweep {statistics.median(firsts):.2f} s,"
            f" no-op sweep {statistics.median(noops) * 1000:.0f} ms; floor: UPDATE ... RETURNING"
            f" {statistics.median(updates):.2f} s, INSERT ... SELECT {statistics.median(inserts):.2f} s"
            f" ({load_average()})"
        )

    for label, user in (("company manager", gm), ("team manager", boss)):
        median, best, queries, totals = time_dashboard(user, args.runs)
        print(
            f"dashboard as {label}: median {median:.0f} ms (best {best:.0f} ms) over {args.runs} runs, "
            f"{queries} queries; overdue={totals['breached']} due today={totals['due-today']}"
        )
    print(f"after: {load_average()}")


if __name__ == "__main__":
    main()
