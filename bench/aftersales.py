#!/usr/bin/env python
"""After-sales benchmark: the repair ticket list, a ticket's page, the revisit queue, a revisit's page, the revisit
rates, the survey list, the survey results, the complaint queue, a complaint's page and the monthly complaint
statistics at 100,000 repair tickets, 50,000 complaints, 200,000 revisits and 50,000 surveys, on PostgreSQL.

    .venv/bin/python bench/aftersales.py [--tickets 100000] [--complaints 50000] [--revisits 200000]
                                         [--surveys 50000] [--runs 30] [--reseed]

1. Creates and migrates its own database (decocrm_bench_aftersales) and fills it: `seed_demo` (staff, stories),
   the contracts world of bench/contracts_seed.py (`--contracts` contracts; its completed projects are the
   customers after-sales serves), then bench/aftersales_seed.py: the tickets with their transitions, photos and
   clocks over `--staff` after-sales staff (as-01 ...), `--complaints` complaints (complaints.demo_scale), the
   revisits with their clocks (first, post-repair, post-complaint revisits, follow-ups) and raised points, the
   surveys; one ticket of as-01 with many photos and repair rounds, one revisit of `service` with the most
   points, each answered with a follow-up. Kept between runs (--reseed starts afresh).
2. Starts gunicorn (2 sync workers, 127.0.0.1, a free port) with production settings over plain HTTP.
3. As the user each page is for, with a session cookie, requests each page `--runs` times over the loopback and
   takes the median wall time; counts the queries of the same request in-process:
     my tickets (after-sales as-01, company manager gm)   /aftersales/
     ticket page (after-sales as-01)                      /aftersales/<pk>/             the heaviest ticket
     ticket, 2 photos (after-sales as-01)                 /aftersales/<pk>/             a usual open one
     revisit queue (customer relations service)           /aftersales/revisits/
     revisit page (customer relations service)            /aftersales/revisits/<pk>/    the most raised points
     revisit rates (company manager gm)                   /aftersales/revisits/rates/
     survey list (customer relations service)             /aftersales/surveys/
     survey results (company manager gm)                  /aftersales/surveys/results/
     complaint queue (customer relations, gm)             /complaints/
     complaint page (customer relations service)          /complaints/<pk>/             an open one, major first
     complaint statistics (company manager gm)            /complaints/statistics/       this month
Targets (issue 11): each queue and object page <= 60 ms median and <= 15 queries; the statistics pages (revisit
rates, survey results, complaint statistics) <= 300 ms. The machine's load average is printed before and after: the
figures are absolute, read them with it.
"""

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bench_common", HERE / "common.py")
common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(common)  # the database, Django, gunicorn and measuring helpers the page benchmarks share
_spec = importlib.util.spec_from_file_location("bench_aftersales_seed", HERE / "aftersales_seed.py")
world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(world)

TARGET_MS, TARGET_STATS_MS, TARGET_QUERIES = 60, 300, 15


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--revisits", type=int, default=200_000, help="revisits in all (follow-ups make up the rest)")
    parser.add_argument("--surveys", type=int, default=50_000)
    parser.add_argument("--complaints", type=int, default=50_000)
    parser.add_argument("--contracts", type=int, default=10_000, help="the contracts world under it")
    parser.add_argument("--staff", type=int, default=20, help="after-sales staff the tickets are spread over")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the benchmark database first")
    common.database_url_argument(parser, "decocrm_bench_aftersales")
    return parser.parse_args()


def seed(args):
    from django.core.management import call_command

    from aftersales.models import RepairTicket

    existing = RepairTicket.objects.count()
    if existing:
        print(f"database already holds {existing:,} repair tickets (use --reseed to start afresh)")
        return
    t0 = time.perf_counter()
    call_command("seed_demo", force=True, stdout=sys.stdout)
    world.seed_aftersales(contracts=args.contracts, tickets=args.tickets, revisits=args.revisits,
                          surveys=args.surveys, complaints=args.complaints, staff=args.staff)  # fmt: skip
    common.vacuum_analyze()
    print(f"seeding: {time.perf_counter() - t0:.1f} s")


def subjects():
    """The users, and the heaviest ticket and revisit of the generated world, and an open complaint."""
    from django.apps import apps
    from django.db.models import Count

    from aftersales.models import RepairTicket, Revisit
    from decocrm.accounts.models import User

    tech = User.objects.get(username=f"{world.STAFF_PREFIX}01")
    ticket = (
        RepairTicket.objects.filter(technician=tech)
        .annotate(n=Count("photos", distinct=True))
        .order_by("-n", "-pk")
        .first()
    )
    typical = (  # an open ticket with the usual two photos, for comparison
        RepairTicket.objects.filter(technician=tech, state="repaired").exclude(pk=ticket.pk).order_by("-pk").first()
    )
    revisit = Revisit.objects.annotate(n=Count("points")).order_by("-n", "-pk").first()
    counts = {
        "photos": ticket.photos.count(),
        "steps": ticket.transitions.count(),
        "points": revisit.points.count(),
        "follow-ups": Revisit.objects.filter(from_point__revisit=revisit).count(),
    }
    complaint = None
    if apps.is_installed("complaints"):
        from complaints.models import Complaint

        complaint = Complaint.objects.filter(state="investigating").order_by("-severity", "-pk").first()
    return (
        User.objects.get(username="gm"),
        tech,
        User.objects.get(username="service"),
        (ticket, typical),
        revisit,
        complaint,
        counts,
    )


def sizes():
    from django.apps import apps
    from django.db.models import Count, Q
    from django.utils import translation

    from aftersales.choices import REVISIT_CLOCK_KINDS
    from aftersales.models import RepairTicket, Revisit, RevisitPoint, Survey, TicketPhoto
    from aftersales.selectors import DUE_STATES
    from decocrm.sla.models import Clock

    with translation.override("en"):
        parts = [f"{m.objects.count():,} {m._meta.verbose_name_plural}"
                 for m in (RepairTicket, TicketPhoto, Revisit, RevisitPoint, Survey)]  # fmt: skip
    revisit_clocks = Clock.objects.filter(kind__in=REVISIT_CLOCK_KINDS).aggregate(
        all=Count("pk"), due=Count("pk", filter=Q(state__in=DUE_STATES))
    )
    parts.append(f"{Clock.objects.count():,} clocks ({revisit_clocks['all']:,} revisit clocks, "
                 f"{revisit_clocks['due']:,} of them due)")  # fmt: skip
    parts.append(f"{RepairTicket.objects.exclude(state__in=('closed', 'cancelled')).count():,} open tickets")
    if apps.is_installed("complaints"):
        from complaints.models import Complaint

        parts.append(
            f"{Complaint.objects.count():,} complaints ({Complaint.objects.exclude(state='closed').count():,} open)"
        )
    return ", ".join(parts)


def main():
    args = parse_args()
    common.ensure_database(args.database_url, reseed=args.reseed)
    common.setup_django(args.database_url)
    seed(args)

    from django.db import connection

    gm, tech, service, (ticket, typical), revisit, complaint, counts = subjects()
    print(f"database: PostgreSQL {connection.pg_version // 10000} ({connection.settings_dict['NAME']}): {sizes()}")
    print(
        f"ticket {ticket.pk}: {counts['photos']} photos, {counts['steps']} steps; revisit {revisit.pk}: "
        f"{counts['points']} raised points, {counts['follow-ups']} follow-ups; {tech.username} holds "
        f"{tech.repair_tickets.exclude(state__in=('closed', 'cancelled')).count():,} open tickets"
    )
    pages = [
        ("my tickets", "/aftersales/", [("after-sales", tech), ("company manager", gm)], TARGET_MS),
        ("ticket page", ticket.get_absolute_url(), [("after-sales", tech)], TARGET_MS),
        ("ticket, 2 photos", typical.get_absolute_url(), [("after-sales", tech)], TARGET_MS),
        ("revisit queue", "/aftersales/revisits/", [("cust. relations", service)], TARGET_MS),
        ("revisit page", revisit.get_absolute_url(), [("cust. relations", service)], TARGET_MS),
        ("revisit rates", "/aftersales/revisits/rates/", [("company manager", gm)], TARGET_STATS_MS),
        ("survey list", "/aftersales/surveys/", [("cust. relations", service)], TARGET_MS),
        ("survey results", "/aftersales/surveys/results/", [("company manager", gm)], TARGET_STATS_MS),
    ]
    if complaint is not None:
        pages += [
            ("complaint queue", "/complaints/", [("cust. relations", service), ("company manager", gm)], TARGET_MS),
            ("complaint page", complaint.get_absolute_url(), [("cust. relations", service)], TARGET_MS),
            ("complaint stats", "/complaints/statistics/", [("company manager", gm)], TARGET_STATS_MS),
        ]
    else:
        print("complaints: the app is not installed on this branch; no complaint pages")
    port = common.free_port()
    with tempfile.TemporaryDirectory(prefix="decocrm-bench-static-") as static_root:
        server = common.start_gunicorn(args.database_url, port, static_root)
        try:
            print(f"gunicorn: 2 workers on 127.0.0.1:{port}, DEBUG=0; before: {common.load_average()}\n")
            print(f"{'page':<16} {'as':<16} {'runs':>4} {'median ms':>10} {'queries':>8}  verdict")
            for name, path, users, target_ms in pages:
                for label, user in users:
                    queries, status = common.query_count(user, path)
                    median, http_status = common.http_times(port, path, common.session_cookie(user), args.runs)
                    if status != 200 or http_status != 200:
                        print(f"{name:<16} {label:<16} {args.runs:>4} {'':>10} {'':>8}  "
                              f"FAILED: HTTP {http_status} / {status}")  # fmt: skip
                        continue
                    ok = median <= target_ms and queries <= TARGET_QUERIES
                    verdict = "ok" if ok else "OVER TARGET"
                    print(f"{name:<16} {label:<16} {args.runs:>4} {median:>10.1f} {queries:>8}  {verdict}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"\nafter: {common.load_average()}")
    print(f"targets: median <= {TARGET_MS} ms (statistics pages <= {TARGET_STATS_MS} ms) and <= {TARGET_QUERIES} "
          "queries per page")  # fmt: skip


if __name__ == "__main__":
    main()
