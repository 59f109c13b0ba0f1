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
     the page of a lead with a long history /leads/<pk>/ (40 timeline entries, 5 proposal versions, 10 photos:
                                        made once through the services, dated over the last two months)
   and counts the queries of the same requests in-process (Django's test client + CaptureQueriesContext).
Targets (issues 4 and 13): median <= 60 ms and <= 15 queries each. The figures are absolute, with the machine's
load average beside them; no ratio is printed, because a ratio means a peer measured in the same run, and the
baseline CRM is not run here.
"""

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

_spec = importlib.util.spec_from_file_location("bench_common", Path(__file__).resolve().parent / "common.py")
common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(common)  # the database, Django, gunicorn and measuring helpers the page benchmarks share

TARGET_MS, TARGET_QUERIES = 60, 15
LONG_HISTORY_NAME = "压测长历史客户"  # the customer of the long-history lead, by which a later run finds it again
LONG_HISTORY_ENTRIES, LONG_HISTORY_VERSIONS, LONG_HISTORY_PHOTOS = 40, 5, 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--leads", type=int, default=100_000, help="generated leads the database should hold")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the benchmark database first")
    common.database_url_argument(parser, "decocrm_bench_leads")
    return parser.parse_args()


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
    common.vacuum_analyze()


def long_history_lead(owner, designer):
    """The lead of issue 13's lead-page target: 40 timeline entries, 5 proposal versions (each with a rendering)
    and a measurement visit with 10 photos, written through the services (as the pages would write them), its
    story spread over the last 60 days. Made once; a later run finds it by its customer's name."""
    import io
    from datetime import timedelta
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from PIL import Image

    from decocrm.core.timeline import timeline
    from leads import services
    from leads.choices import Channel, ContactChannel, ProposalResponse
    from leads.models import Lead

    lead = Lead.objects.filter(customer__name=LONG_HISTORY_NAME).first()
    if lead is not None:
        return lead

    def image(n):
        out = io.BytesIO()
        Image.new("RGB", (640, 480), (40 + 20 * n, 120, 200 - 10 * n)).save(out, format="JPEG")
        return SimpleUploadedFile(f"site-{n}.jpg", out.getvalue(), content_type="image/jpeg")

    start = timezone.now() - timedelta(days=60)
    step = iter(range(1, 10_000))

    def at():  # the story's next moment, two hours after the last
        return start + timedelta(hours=2 * next(step))

    lead = services.lead_capture(
        by=owner,
        channel=Channel.SHORT_VIDEO,
        name=LONG_HISTORY_NAME,
        phone="13577000001",
        at=start,
        enquiry="三室两厅，现代简约，预算二十万左右",
    )
    services.lead_log_contact(lead=lead, by=owner, channel=ContactChannel.PHONE, summary="首次电话沟通", at=at())
    lead = services.lead_qualify(lead=Lead.objects.get(pk=lead.pk), by=owner, at=at())
    booked, visit = at(), at()
    services.appointment_book(
        lead=lead,
        by=owner,
        kind="measurement",
        scheduled_at=visit,
        place="西湖区文三路100号",
        designer=designer,
        at=booked,
    )
    services.measurement_record(
        lead=Lead.objects.get(pk=lead.pk),
        by=designer,
        held_at=visit,
        rooms=[{"name": "客厅", "length_m": Decimal("5.20"), "width_m": Decimal("4.00")}],
        photos=[image(n) for n in range(LONG_HISTORY_PHOTOS)],
        at=at(),
    )
    for version in range(1, LONG_HISTORY_VERSIONS + 1):
        proposal = services.proposal_add(
            lead=Lead.objects.get(pk=lead.pk),
            by=designer,
            style="现代简约",
            quote_amount=Decimal(180000 + version),
            construction_days=75,
            files=[image(100 + version)],
            at=at(),
        )
        proposal = services.proposal_deliver(proposal=proposal, by=designer, at=at())
        if version < LONG_HISTORY_VERSIONS:
            services.proposal_record_response(
                proposal=proposal,
                by=owner,
                response=ProposalResponse.REVISION_REQUESTED,
                note=f"第{version}版要改",
                at=at(),
            )
    lead = Lead.objects.get(pk=lead.pk)
    while len(timeline(lead)) < LONG_HISTORY_ENTRIES:  # follow-up calls until the history is as long as asked
        services.lead_log_contact(
            lead=lead, by=owner, channel=ContactChannel.WECHAT, summary="跟进方案修改意见", at=at()
        )
    return lead


def main():
    args = parse_args()
    common.ensure_database(args.database_url, reseed=args.reseed)
    common.setup_django(args.database_url)
    seed(args.leads)

    from django.db import connection

    from decocrm.accounts.models import User
    from leads.models import Lead

    gm, sales = User.objects.get(username="gm"), User.objects.get(username="sales-a01")
    # Its owner is the demo stories' salesperson: the generated ones hold as many leads as the pool rules allow.
    long_lead = long_history_lead(User.objects.get(username="sales"), User.objects.get(username="designer"))
    lead = Lead.objects.filter(owner=sales).select_related("customer").order_by("-created_at").first()
    digits = lead.customer.phone_digits[2:9]  # 7 digits from the middle of the number
    matches = Lead.objects.filter(customer__phone_digits__contains=digits).count()
    pages = [
        ("list", "/leads/"),
        ("phone search", f"/leads/?q={digits}"),
        ("detail", f"/leads/{lead.pk}/"),
        ("long history", f"/leads/{long_lead.pk}/"),
        ("reports (90 days)", "/leads/reports/"),
    ]
    print(
        f"database: PostgreSQL {connection.pg_version // 10000} ({connection.settings_dict['NAME']}), "
        f"{Lead.objects.count():,} leads; search '{digits}' matches {matches} lead(s)"
    )

    port = common.free_port()
    with tempfile.TemporaryDirectory(prefix="decocrm-bench-static-") as static_root:
        server = common.start_gunicorn(args.database_url, port, static_root)
        try:
            print(
                f"gunicorn: 2 workers on 127.0.0.1:{port}, DEBUG=0; median of {args.runs} requests; "
                f"{common.load_average()}\n"
            )
            print(f"{'page':<20} {'as':<16} {'median ms':>10} {'queries':>8}  verdict")
            for name, path in pages:
                if not common.page_exists(path):
                    print(f"{name:<20} {'-':<16} {'':>10} {'':>8}  SKIPPED: {path} does not exist in this branch")
                    continue
                if name.startswith("reports"):
                    users = [("company manager", gm)]  # a manager's page; salespeople get 403
                elif name == "long history":
                    users = [("company manager", gm), ("its salesperson", long_lead.owner)]
                else:
                    users = [("company manager", gm), ("salesperson", sales)]
                for label, user in users:
                    queries, status = common.query_count(user, path)
                    median, http_status = common.http_times(port, path, common.session_cookie(user), args.runs)
                    if status != 200 or http_status != 200:
                        print(f"{name:<20} {label:<16} {'':>10} {'':>8}  SKIPPED: HTTP {http_status} / {status}")
                        continue
                    ok = median <= TARGET_MS and queries <= TARGET_QUERIES
                    verdict = "ok" if ok or name.startswith("reports") else "OVER TARGET"
                    if name.startswith("reports"):
                        verdict = "(no target)"
                    print(f"{name:<20} {label:<16} {median:>10.1f} {queries:>8}  {verdict}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"\ntargets: median <= {TARGET_MS} ms and <= {TARGET_QUERIES} queries per page")


if __name__ == "__main__":
    main()
