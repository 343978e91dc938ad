"""Measure the dashboard pages on the seed_scale data set in PostgreSQL.

    .venv/bin/python bench/dashboards.py [--requests 30] [--reseed]

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/planmonitor_bench; the database is
created if missing, migrated, and seeded with ``seed_scale`` (defaults: 20 plans × 200 measures,
40 agencies, 12 periods) when it has no scale data. Each page is requested twice to warm up, then
N times as a signed-in coordinator through Django's test Client (the whole request: middleware,
queries, templates); prints median and 95th percentile in ms and queries per request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/planmonitor_bench")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
TARGET_P95_MS = 300


def ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--reseed", action="store_true", help="drop the scale data and generate it again")
    args = parser.parse_args()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from plans.models import Agency, Submission

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    call_command("seed_scale", *(["--reset"] if args.reseed else []))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after a bulk load, as autovacuum would soon do
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
        f"data ready in {time.monotonic() - started:.1f} s: {Submission.objects.count()} reports, "
        f"{Submission.history.count()} history rows"
    )
    coordinator, _ = User.objects.get_or_create(username="bench-coordinator", defaults={"role": User.Role.COORDINATOR})
    agency = Agency.objects.filter(code__startswith="SCALE-").order_by("code").first()
    officer = User.objects.filter(agency=agency).first()
    pages = [
        ("overview (plan scale-01)", coordinator, "dashboards:overview", {"plan": "scale-01"}),
        ("overview, one agency", coordinator, "dashboards:overview", {"plan": "scale-01", "agency": agency.pk}),
        ("scorecard, all plans", coordinator, "dashboards:scorecard", {}),
        ("scorecard, one plan", coordinator, "dashboards:scorecard", {"plan": "scale-01"}),
        ("scorecard sorted by rate", coordinator, "dashboards:scorecard", {"sort": "-rate"}),
        ("overdue, all", coordinator, "dashboards:overdue", {}),
        ("overdue, page 20", coordinator, "dashboards:overdue", {"page": 20}),
        ("budget, all", coordinator, "dashboards:budget", {}),
        ("agency home (officer)", officer, "dashboards:agency_home", {}),
        ("scorecard CSV export", coordinator, "dashboards:scorecard", {"_export": "csv"}),
        ("overdue XLSX, one plan", coordinator, "dashboards:overdue", {"plan": "scale-01", "_export": "xlsx"}),
    ]
    print(f"\n{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  (n={args.requests})")
    worst = 0.0  # over the pages; downloads are reported but are not pages someone waits on to read
    for label, user, name, params in pages:
        client = Client()
        client.force_login(user)
        url = reverse(name)
        for _ in range(2):
            assert client.get(url, params).status_code == 200, label
        times, queries = [], set()
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, label
            queries.add(len(ctx.captured_queries))
        if "_export" not in params:
            worst = max(worst, p95(times))
        print(f"{label:34} {statistics.median(times):10.0f} {p95(times):8.0f} {'/'.join(map(str, sorted(queries))):>8}")
    print(
        f"\nworst page p95: {worst:.0f} ms (target < {TARGET_P95_MS} ms): "
        f"{'OK' if worst < TARGET_P95_MS else 'OVER TARGET'}"
    )
    return 0 if worst < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
