#!/usr/bin/env python
"""Contracts-and-projects benchmark: the PM's project list, the receivables, a contract's page, a project's page and
the PDF acceptance report at 20,000 contracts, on PostgreSQL.

    .venv/bin/python bench/contracts.py [--contracts 20000] [--runs 30] [--pdf-runs 10] [--reseed]

1. Creates and migrates its own database (decocrm_bench_contracts) and fills it: `seed_demo` (staff, stories),
   then bench/contracts_seed.py: `--contracts` signed contracts, each with its project (8 stages), 20 payment
   milestones, warranty items, and by age accepted stages, weekly updates, weekly-update clocks, one agreement and
   one design change in ten; over 20 salespeople and `--pms` project managers (pm-01 ...); one contract with many
   agreements and design changes, one project of pm-01 with a year of updates and re-inspections. Kept between runs
   (--reseed starts afresh).
2. Starts gunicorn (2 sync workers, 127.0.0.1, a free port) with production settings over plain HTTP.
3. As the user each page is for, with a session cookie, requests each page `--runs` times (the PDF `--pdf-runs`
   times) over the loopback and takes the median wall time; counts the queries of the same request in-process:
     my projects (PM pm-01)                     /projects/
     receivables (company manager gm)           /contracts/receivables/
     contract page (its salesperson, and gm)    /contracts/<pk>/          the contract with the most changes
     project page (PM pm-01)                    /projects/<pk>/           the project with the most updates
     acceptance report PDF (PM pm-01)           /projects/<pk>/report/?format=pdf
Targets (issue 10): each page <= 60 ms median and <= 15 queries; the PDF <= 1 s median. The machine's load average
is printed before and after: the figures are absolute, read them with it.
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
_spec = importlib.util.spec_from_file_location("bench_contracts_seed", HERE / "contracts_seed.py")
world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(world)

TARGET_MS, TARGET_QUERIES, TARGET_PDF_MS = 60, 15, 1000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contracts", type=int, default=20_000, help="generated contracts (each with its project)")
    parser.add_argument("--pms", type=int, default=20, help="project managers the projects are spread over")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pdf-runs", type=int, default=10)
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the benchmark database first")
    common.database_url_argument(parser, "decocrm_bench_contracts")
    return parser.parse_args()


def seed(target, pms):
    from django.core.management import call_command

    from contracts.models import Contract

    existing = Contract.objects.filter(number__startswith="DC-B").count()
    if existing:
        print(f"database already holds {existing:,} generated contracts (use --reseed to start afresh)")
        return
    t0 = time.perf_counter()
    call_command("seed_demo", force=True, stdout=sys.stdout)
    world.seed_contracts(target, pms=pms)
    common.vacuum_analyze()
    print(f"seeding: {time.perf_counter() - t0:.1f} s")


def subjects():
    """The users and the heaviest contract, project and report of the generated world."""
    from django.db.models import Count

    from contracts.models import Contract
    from decocrm.accounts.models import User
    from projects.models import Acceptance, Project

    pm = User.objects.get(username=f"{world.PM_PREFIX}01")
    contract = (
        Contract.objects.filter(number__startswith="DC-B")
        .annotate(changes=Count("design_changes"))
        .order_by("-changes", "pk")
        .select_related("owner")
        .first()
    )
    project = Project.objects.filter(manager=pm).annotate(n=Count("updates")).order_by("-n", "pk").first()
    report = (
        Project.objects.filter(manager=pm, state="completed")
        .annotate(n=Count("stages__acceptances"))
        .order_by("-n", "pk")
        .first()
    )
    counts = {
        "milestones": contract.milestones.count(),
        "agreements": contract.change_agreements.count(),
        "design changes": contract.design_changes.count(),
        "updates": project.updates.count(),
        "acceptances": Acceptance.objects.filter(stage__project=project).count(),
        "report acceptances": Acceptance.objects.filter(stage__project=report).count(),
    }
    return User.objects.get(username="gm"), pm, contract, project, report, counts


def sizes():
    from django.utils import translation

    from contracts.models import ChangeAgreement, Contract, DesignChange, PaymentMilestone
    from decocrm.sla.models import Clock
    from projects.models import Acceptance, ProgressUpdate, Project, Stage

    models = (Contract, PaymentMilestone, ChangeAgreement, DesignChange, Project, Stage, Acceptance, ProgressUpdate)
    with translation.override("en"):
        parts = [f"{m.objects.count():,} {m._meta.verbose_name_plural}" for m in models]
    parts.append(f"{Clock.objects.filter(kind='progress_update').count():,} weekly-update clocks")
    return ", ".join(parts)


def main():
    args = parse_args()
    common.ensure_database(args.database_url, reseed=args.reseed)
    common.setup_django(args.database_url)
    seed(args.contracts, args.pms)

    from django.db import connection

    gm, pm, contract, project, report, counts = subjects()
    print(f"database: PostgreSQL {connection.pg_version // 10000} ({connection.settings_dict['NAME']}): {sizes()}")
    print(
        f"contract {contract.number}: {counts['milestones']} milestones, {counts['agreements']} change agreements, "
        f"{counts['design changes']} design changes; project {project.pk}: {counts['updates']} updates, "
        f"{counts['acceptances']} acceptances; report of project {report.pk}: {counts['report acceptances']} "
        f"acceptances; {pm.username} runs {pm.managed_projects.count():,} projects"
    )
    pages = [
        ("my projects", "/projects/", [("PM", pm)], TARGET_MS, args.runs),
        ("receivables", "/contracts/receivables/", [("company manager", gm)], TARGET_MS, args.runs),
        ("contract page", contract.get_absolute_url(), [("salesperson", contract.owner), ("company manager", gm)],
         TARGET_MS, args.runs),
        ("project page", project.get_absolute_url(), [("PM", pm)], TARGET_MS, args.runs),
        ("acceptance report PDF", f"/projects/{report.pk}/report/?format=pdf", [("PM", pm)], TARGET_PDF_MS,
         args.pdf_runs),
    ]  # fmt: skip
    port = common.free_port()
    with tempfile.TemporaryDirectory(prefix="decocrm-bench-static-") as static_root:
        server = common.start_gunicorn(args.database_url, port, static_root)
        try:
            print(f"gunicorn: 2 workers on 127.0.0.1:{port}, DEBUG=0; before: {common.load_average()}\n")
            print(f"{'page':<22} {'as':<16} {'runs':>4} {'median ms':>10} {'queries':>8}  verdict")
            for name, path, users, target_ms, runs in pages:
                for label, user in users:
                    queries, status = common.query_count(user, path)
                    median, http_status = common.http_times(port, path, common.session_cookie(user), runs)
                    if status != 200 or http_status != 200:
                        print(
                            f"{name:<22} {label:<16} {runs:>4} {'':>10} {'':>8}  FAILED: HTTP {http_status} / {status}"
                        )
                        continue
                    ok = median <= target_ms and queries <= TARGET_QUERIES
                    verdict = "ok" if ok else "OVER TARGET"
                    print(f"{name:<22} {label:<16} {runs:>4} {median:>10.1f} {queries:>8}  {verdict}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"\nafter: {common.load_average()}")
    print(f"targets: median <= {TARGET_MS} ms (the PDF <= {TARGET_PDF_MS} ms) and <= {TARGET_QUERIES} queries per page")


if __name__ == "__main__":
    main()
