#!/usr/bin/env python
"""Imports benchmark: a 10,000-row customer file (CSV and XLSX, Chinese headers as the export writes them), imported
by an archive clerk through the admin's path (decocrm.core.imports.import_run: the preview, a dry run, then the
real import), on PostgreSQL.

    .venv/bin/python bench/imports.py [--rows 10000] [--runs 3] [--reseed]

1. Creates and migrates its own database (decocrm_bench_imports; --reseed starts afresh) and a clerk.
2. Writes the file (every row a new customer with its own phone; each run uses new phones, so every run creates
   `--rows` customers) and times, `--runs` times, for each format: reading the file, the preview (dry run, rolled
   back) and the import (committed). Prints the medians and the load average.
Target (issue 12): the import of 10,000 rows in under 60 s.
"""

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

_spec = importlib.util.spec_from_file_location("bench_common", Path(__file__).resolve().parent / "common.py")
common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(common)  # the database and Django helpers the benchmarks share

TARGET_SECONDS = 60


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the benchmark database first")
    common.database_url_argument(parser, "decocrm_bench_imports")
    return parser.parse_args()


def clerk():
    from decocrm.accounts.choices import Role
    from decocrm.accounts.models import User
    from decocrm.accounts.services import staff_create

    user = User.objects.filter(username="bench-clerk").first()
    return user or staff_create(username="bench-clerk", password="bench-only-1", role=Role.ARCHIVE_CLERK)


def customer_file(rows, *, prefix, fmt):
    """The file's bytes, headed and valued as the export writes them (zh-hans)."""
    import tablib
    from django.utils import translation

    from customers.models import Customer
    from decocrm.core.exports import XLSX

    with translation.override("zh-hans"):
        label = {
            name: str(Customer._meta.get_field(name).verbose_name) for name in ("name", "phone", "kind", "address")
        }
        residential = str(dict(Customer._meta.get_field("kind").flatchoices)["residential"])
        data = tablib.Dataset(headers=[label["name"], label["phone"], label["kind"], label["address"]])
        for index in range(rows):
            data.append([f"导入客户{prefix}{index:05d}", f"1{prefix}{index:08d}", residential, f"幸福路{index}号"])
    if fmt == "csv":
        return data.export("csv").encode("utf-8-sig")
    return XLSX().export_data(data)


def read(content, fmt):
    from import_export.formats import base_formats

    if fmt == "csv":
        return base_formats.CSV().create_dataset(content.decode("utf-8-sig"))
    return base_formats.XLSX().create_dataset(content)


def main():
    args = parse_args()
    common.ensure_database(args.database_url, reseed=args.reseed)
    common.setup_django(args.database_url)
    from django.utils import translation

    from customers.models import Customer
    from customers.resources import CustomerResource
    from decocrm.core.imports import import_errors, import_run

    user = clerk()
    common.vacuum_analyze()
    print(f"{args.rows} customer rows, median of {args.runs} runs; {common.load_average()}")
    print(f"{'format':<6} {'read s':>8} {'preview s':>10} {'import s':>9} {'rows/s':>8}  verdict")
    for fmt in ("csv", "xlsx"):
        times = {"read": [], "preview": [], "import": []}
        for _run in range(args.runs):
            prefix = str(30 + (Customer.objects.count() // args.rows) % 70)  # new phones every run: 130…, 131…
            content = customer_file(args.rows, prefix=prefix, fmt=fmt)
            with translation.override("zh-hans"):
                started = time.perf_counter()
                dataset = read(content, fmt)
                times["read"].append(time.perf_counter() - started)
                started = time.perf_counter()
                preview = import_run(resource=CustomerResource(user=user), dataset=dataset, dry_run=True)
                times["preview"].append(time.perf_counter() - started)
                started = time.perf_counter()
                result = import_run(resource=CustomerResource(user=user), dataset=read(content, fmt), dry_run=False)
                times["import"].append(time.perf_counter() - started)
            errors = import_errors(result) or import_errors(preview)
            if errors:
                sys.exit(f"the benchmark file did not import: {errors[:3]}")
        medians = {name: statistics.median(values) for name, values in times.items()}
        whole = medians["read"] + medians["import"]
        verdict = "OK" if whole < TARGET_SECONDS else f"over the {TARGET_SECONDS} s target"
        print(
            f"{fmt:<6} {medians['read']:>8.2f} {medians['preview']:>10.2f} {medians['import']:>9.2f} "
            f"{args.rows / medians['import']:>8.0f}  {verdict}"
        )
    print(common.load_average())


if __name__ == "__main__":
    main()
