"""Run the benchmark: build the data at each scale, time every case, print one markdown table.

Runs against its own database (`stp_bench` on PostgreSQL, `bench.sqlite3` otherwise) with
production-like settings, so the demo database is left alone.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure_environment():
    os.environ.setdefault(
        "SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.update(
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        STATIC_MANIFEST="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base, _, _name = url.rpartition("/")
        os.environ["DATABASE_URL"] = f"{base}/stp_bench"
        _fresh_postgres_database(base, "stp_bench")
    else:
        path = ROOT / "bench" / "bench.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stp.settings")


def _fresh_postgres_database(base, name):
    """Each run starts from an empty database, so earlier runs cannot skew the figures."""
    import psycopg2

    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def measure(run, runs, warmup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        run()
    timings = []
    with CaptureQueriesContext(connection) as captured:
        run()
    queries = len(captured.captured_queries)
    for _ in range(runs):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return statistics.median(timings), p95, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    args = parser.parse_args()
    configure_environment()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.cases import CASES
    from stp import loaddata
    from stp.models import Partnership, User

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    rows = []
    for scale in [int(s) for s in args.scales.split(",")]:
        call_command("generate_load_data", scale=scale, verbosity=0)
        client = Client()
        client.force_login(User.objects.get(email=loaddata.bench_email(scale)))
        context = {
            "scale": scale,
            "client": client,
            "partnership": Partnership.objects.get(slug=f"load-x{scale}"),
        }
        for name, make, most_runs in CASES:
            if args.only and args.only not in name:
                continue
            runs = min(args.runs, most_runs or args.runs)
            warmup = min(args.warmup, 1) if most_runs else args.warmup
            median, p95, queries = measure(make(context), runs, warmup)
            rows.append(
                {
                    "case": name,
                    "scale": scale,
                    "median_ms": round(median, 1),
                    "p95_ms": round(p95, 1),
                    "queries": queries,
                }
            )
            print(f"  {name} x{scale}: {median:.1f} ms", file=sys.stderr)

    print("| case | scale | median_ms | p95_ms | queries |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['case']} | {r['scale']} | {r['median_ms']} | {r['p95_ms']} | {r['queries']} |")
    (ROOT / "bench" / "last.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
