#!/usr/bin/env python
"""Complaints benchmark: the complaint queue, a complaint's page and the monthly statistics at 50,000 complaints.

    DATABASE_URL=postgres://.../<db> .venv/bin/python bench/complaints.py [--complaints 50000] [--runs 30]

In-process (Django's test client over the full middleware stack, DEBUG off), on the database DATABASE_URL names,
which must be migrated and hold the demo (`seed_demo`): it is topped up with generated complaints
(complaints.demo_scale.seed_scale) to `--complaints`, then each page is requested `--runs` times as customer
relations (`service`, who sees every complaint) and as the team manager (`manager`), and the median wall time and
the query count are printed. Targets (issue 11): queue and object page <= 60 ms median and <= 15 queries; the
statistics page <= 300 ms. Server time only: no network, no browser.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decocrm.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (migrated, with seed_demo run).")

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from complaints.demo_scale import seed_scale
    from complaints.models import Complaint
    from decocrm.accounts.models import User

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    # Static URLs without a collected manifest (the pages' server time does not depend on it).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    missing = args.complaints - Complaint.objects.count()
    if missing > 0:
        t0 = time.perf_counter()
        seed_scale(missing, seed=11)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"generated {missing:,} complaints in {time.perf_counter() - t0:.1f} s")
    print(f"{Complaint.objects.count():,} complaints")
    from complaints.selectors import visible_complaints

    for username in ("service", "manager"):
        user = User.objects.get(username=username)
        sample = visible_complaints(user).filter(state="investigating").order_by("-pk").first()
        pages = {
            "queue": "/complaints/",
            "queue, searched by name": "/complaints/?q=王",
            "queue, by number": f"/complaints/?q={sample.number}",
            "queue, open major": "/complaints/?severity=major&state=investigating",
            "complaint page": f"/complaints/{sample.pk}/",
            "statistics (this month)": "/complaints/statistics/",
        }
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        for name, url in pages.items():
            client.get(url, secure=True)  # warm
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                response = client.get(url, secure=True)
                times.append((time.perf_counter() - t0) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, secure=True)
            print(f"{username:8} {name:26} {response.status_code}  median {statistics.median(times):6.1f} ms  "
                  f"{len(queries.captured_queries):2} queries")  # fmt: skip


if __name__ == "__main__":
    main()
