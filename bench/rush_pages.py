"""What each request of the deadline-day rush costs in this process, on the rush data.

    .venv/bin/python bench/rush_pages.py [--requests 20] [--reseed] [--profile] [--cold]

The database of ``bench/rush.py`` (seeded by it, or here with ``--reseed`` or when it has no rush
users). Every request kind the rush sends goes through Django's test client with the whole
middleware stack, as the rush's users (an officer, a coordinator) or anonymously for the floor
(the sign-in page): median CPU ms of this process, the mean CPU ms of PostgreSQL's backend for
this connection (read from /proc; for POST kinds it includes the GET that prepares the form), wall
ms and queries; the machine's load is printed beside them. Repeated dashboard requests are served
from the page cache (``dashboards.page_cache``); ``--cold`` clears it before each request.
``--profile`` writes a cProfile summary of each kind to ``bench/profiles/rush/``. Independent of
the network and of the load tool, so these figures survive a busy machine better than the rush's own.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dashboards import ensure_database  # noqa: E402
from bench.rush import DATABASE_URL, seed  # noqa: E402

VERSION = re.compile(r'name="version" value="(\d+)"')


def kinds(officer, coordinator):
    """(label, who, method, url, data-maker) per request kind; POST kinds make their data fresh
    from the form each time (its version), submit on a report still open."""
    from accounts.models import User
    from plans.models import Submission

    today = time.strftime("%Y-%m-%d")
    officers = {u.agency_id: u for u in User.objects.filter(username__startswith="rush-officer-")}
    open_reports = iter(
        Submission.objects.filter(status=Submission.Status.DUE, agency__in=officers, measure__classified=False)
        .filter(period__start__lte=today, period__ministry_due__gte=today)
        .order_by("-pk")
        .values_list("pk", "agency_id")
    )
    draft = (
        Submission.objects.filter(agency=officer.agency_id, measure__classified=False)
        .filter(status__in=(Submission.Status.DUE, Submission.Status.DRAFT))
        .values_list("pk", flat=True)
        .first()
    )
    data = {
        "progress": "in_progress",
        "narrative": "Ақпарат Ұлттық экономика министрлігіне жіберілді. Жұмыс жалғасуда.",
        "letter_number": "01-12/345",
        "letter_date": "2026-11-04",
    }

    def posted(pk, action):
        def make(client):
            version = VERSION.search(client.get(f"/plans/submissions/{pk}/edit/").content.decode()).group(1)
            return {**data, "version": version, "action": action}

        return make

    def submitted(client):
        pk, agency = next(open_reports)
        client.force_login(officers[agency])
        return f"/plans/submissions/{pk}/edit/", posted(pk, "submit")(client)

    edit = f"/plans/submissions/{draft}/edit/"
    return [
        ("floor: sign-in page", None, "get", "/accounts/login/", None),
        ("my quarter", officer, "get", "/plans/quarter/", None),
        ("form", officer, "get", edit, None),
        ("save draft", officer, "post", edit, posted(draft, "save")),
        ("submit", officer, "post", None, submitted),
        ("dashboard: overview", coordinator, "get", "/dashboards/", None),
        ("dashboard: scorecard", coordinator, "get", "/dashboards/scorecard/", None),
        ("dashboard: overdue", coordinator, "get", "/dashboards/overdue/?page=3", None),
        ("dashboard: budget", coordinator, "get", "/dashboards/budget/", None),
    ]


def one(client, method, url, make, cold=False):
    """One request, its data prepared outside the measured time; returns (cpu ms, wall ms, queries).
    ``cold``: no dashboard page cached, as on the first view after a change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if cold:
        from dashboards import page_cache

        page_cache.clear()
    data = make(client) if make else None
    if isinstance(data, tuple):
        url, data = data
    with CaptureQueriesContext(connection) as ctx:
        c, w = time.process_time(), time.perf_counter()
        response = getattr(client, method)(url, data) if data else client.get(url)
        cpu, wall = (time.process_time() - c) * 1000, (time.perf_counter() - w) * 1000
    assert response.status_code in (200, 302), (url, response.status_code)
    return cpu, wall, len(ctx.captured_queries)


def backend_cpu_ms() -> float:
    """CPU time PostgreSQL's backend serving this process's connection has used (it runs on the
    same machine, loopback only); read from /proc, in 10 ms ticks, so only sums are meaningful."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def profile(client, label, method, url, make, n=10) -> None:
    import cProfile
    import io
    import pstats

    prof = cProfile.Profile(time.process_time)  # CPU, not waiting for PostgreSQL or for a core
    for _ in range(n):
        data = make(client) if make else None
        if isinstance(data, tuple):
            url, data = data
        prof.enable()
        getattr(client, method)(url, data) if data else client.get(url)
        prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("cumulative").print_stats(35)
    stats.sort_stats("tottime").print_stats(20)
    text = out.getvalue()
    for prefix in sorted({str(ROOT / ".venv" / "lib"), *sys.path[1:], str(ROOT)}, key=len, reverse=True):
        text = text.replace(prefix.rstrip("/") + "/", "") if prefix else text
    name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    target = ROOT / "bench" / "profiles" / "rush" / f"{name}.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"{n} requests, load average {os.getloadavg()[0]:.1f}\n{text}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cold", action="store_true", help="clear the cached dashboard pages before each request")
    args = parser.parse_args()
    env = {
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-a-secret"),
        "DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    ensure_database(DATABASE_URL)
    os.environ.update(env)
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User

    if args.reseed or not User.objects.filter(username="rush-officer-000").exists():
        seed(env)
    officer = User.objects.get(username="rush-officer-000")
    coordinator = User.objects.get(username="rush-coordinator-00")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; {args.requests} requests per kind")
    print(f"{'request kind':26} {'CPU ms':>7} {'×floor':>7} {'PG ms':>6} {'wall ms':>8} {'queries':>8}")
    floor = None
    for label, who, method, url, make in kinds(officer, coordinator):
        client = Client()
        if who:
            client.force_login(who)
        for _ in range(2):
            one(client, method, url, make)
        before = backend_cpu_ms()
        runs = [one(client, method, url, make, args.cold) for _ in range(args.requests)]
        pg = (backend_cpu_ms() - before) / args.requests  # includes the POST kinds' preparing GET
        cpu = statistics.median(r[0] for r in runs)
        floor = floor or cpu
        queries = "/".join(map(str, sorted({r[2] for r in runs})))
        wall = statistics.median(r[1] for r in runs)
        print(f"{label:26} {cpu:7.1f} {cpu / floor:7.1f} {pg:6.1f} {wall:8.1f} {queries:>8}", flush=True)
        if args.profile:
            profile(client, label, method, url, make)
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
