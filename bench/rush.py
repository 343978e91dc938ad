"""The deadline-day rush against the production server: gunicorn on PostgreSQL, driven by locust.

    .venv/bin/python bench/rush.py [--workers 4] [--duration 45] [--port 18410]
        [--scenarios officers-50,...] [--no-readme]

Loopback only and bounded in time: the database (``DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/planmonitor_rush``) is created if missing, migrated and,
before each scenario, seeded afresh, so that every scenario starts from the same data
(``seed_scale --reset`` with 2 plans × 200 measures, 40 agencies, 4 quarters ending with the
current one, so every agency has about twenty reports due this quarter), plus 200
officers (five per agency) and 50 coordinators, each with a session already signed in. gunicorn
starts with N sync workers and persistent database connections (``CONN_MAX_AGE=60``,
``CONN_HEALTH_CHECKS``) on 127.0.0.1, locust runs each scenario headless for ``--duration``
seconds, and gunicorn is stopped. Printed per scenario and request kind: requests, throughput,
p50/p95/p99 in ms, errors, and the machine's load average before and after; the last figures are
written into ``bench/README.md``. locust is installed from ``bench/requirements.txt`` when missing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/planmonitor_rush")
# name: (locust user class, users, think time between requests?)
SCENARIOS = {
    "floor": ("Floor", 20, False),
    "officers-50": ("Officer", 50, True),
    "officers-200": ("Officer", 200, True),
    "officers-capacity": ("Officer", 40, False),
    "coordinators-50": ("Coordinator", 50, True),
    "coordinators-capacity": ("Coordinator", 20, False),
}
# scenario: (p95 ms, requests/s) the issue asks for. Users thinking 1–5 s (3 s on average) send at
# most users / 3 s: ~65 req/s for 200 officers, ~17 for 50 coordinators; the throughput targets are
# therefore judged on the capacity scenarios, the p95 on the think-time ones.
TARGETS = {
    "officers-200": (500, 150),
    "officers-capacity": (500, 150),
    "coordinators-50": (500, 40),
    "coordinators-capacity": (500, 40),
}
OFFICERS, COORDINATORS = 200, 50


def seed(env: dict) -> dict[str, list[str]]:
    """Fresh data and one signed-in session per rush user; returns the session keys by role."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from plans.models import Agency

    call_command("migrate", verbosity=0)
    User.objects.filter(username__startswith="rush-").delete()  # they belong to the agencies the reset removes
    with open(os.devnull, "w") as quiet:
        call_command("seed_scale", "--reset", "--plans", "2", "--periods", "4", stdout=quiet)
    agencies = list(Agency.objects.filter(code__startswith="SCALE-").order_by("code"))
    users = [
        User(username=f"rush-officer-{i:03d}", role=User.Role.OFFICER, agency=agencies[i % len(agencies)], password="!")
        for i in range(OFFICERS)
    ]
    users += [
        User(username=f"rush-coordinator-{i:02d}", role=User.Role.COORDINATOR, password="!")
        for i in range(COORDINATORS)
    ]
    sessions: dict[str, list[str]] = {"officer": [], "coordinator": []}
    for user in User.objects.bulk_create(users):
        store = SessionStore()
        store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[user.role if user.role == User.Role.OFFICER else "coordinator"].append(store.session_key)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return sessions


def ensure_locust() -> None:
    if subprocess.run([sys.executable, "-c", "import locust"], capture_output=True, check=False).returncode:
        print("installing locust from bench/requirements.txt …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "-r", str(ROOT / "bench" / "requirements.txt")], check=True
        )


def start_gunicorn(env: dict, workers: int, threads: int, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "config.wsgi:application",
        "--workers",
        str(workers),
        "--threads",
        str(threads),  # more than 1: gunicorn's gthread workers
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "30",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port}")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)  # the process group started above: gunicorn and its workers only
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def cpu_seconds(server: subprocess.Popen) -> dict[str, dict[int, float]]:
    """CPU time used so far by gunicorn's processes, this database's PostgreSQL backends (the
    workers' persistent connections) and finished child processes (locust): to say per request
    where the machine's CPU went, whatever else shares it."""
    import psutil
    import psycopg

    def used(pids) -> dict[int, float]:
        times = {}
        for pid in pids:
            try:
                t = psutil.Process(pid).cpu_times()
            except psutil.Error:
                continue
            times[pid] = t.user + t.system
        return times

    workers = [server.pid, *(p.pid for p in psutil.Process(server.pid).children(recursive=True))]
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        backends = [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"server": used(workers), "postgres": used(backends), "locust": {0: children.ru_utime + children.ru_stime}}


def read_stats(path: str) -> dict[str, dict]:
    """locust's figures per request kind (and "Aggregated")."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        row["Name"]: {
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "rps": float(row["Requests/s"]),
            "p50": float(row["50%"] or 0),
            "p95": float(row["95%"] or 0),
            "p99": float(row["99%"] or 0),
        }
        for row in rows
    }


def run_scenario(name: str, server: subprocess.Popen, port: int, duration: int, files: tuple[str, str]) -> dict:
    sessions_file, workdir = files
    user_class, users, think = SCENARIOS[name]
    prefix = os.path.join(workdir, name)
    env = {**os.environ, "RUSH_SESSIONS": sessions_file, "RUSH_WAIT": "1" if think else "0"}
    load_before, cpu_before = os.getloadavg()[0], cpu_seconds(server)
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(ROOT / "bench" / "rush_locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "-u",
        str(users),
        "-r",
        str(max(users // 5, 1)),
        "-t",
        f"{duration}s",
        "--csv",
        prefix,
        "--only-summary",
        "--stop-timeout",
        "5",
        "--loglevel",
        "ERROR",
        user_class,
    ]
    # locust exits 1 when any request failed; meanwhile the processes' CPU is read every 2 s, so
    # that a PostgreSQL backend that ends (a connection past CONN_MAX_AGE) keeps what it used
    locust = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = {k: dict(v) for k, v in cpu_before.items()}
    deadline = time.monotonic() + duration + 60
    while locust.poll() is None and time.monotonic() < deadline:
        time.sleep(2)
        for k, v in cpu_seconds(server).items():
            seen[k].update(v)
    if locust.poll() is None:
        locust.kill()
    locust.wait()
    kinds = read_stats(f"{prefix}_stats.csv")
    for k, v in cpu_seconds(server).items():
        seen[k].update(v)
    total = max(kinds.get("Aggregated", {}).get("requests", 0), 1)
    # per process, so that a worker or backend started or ended meanwhile counts only its share
    cpu = {k: sum(t - cpu_before[k].get(pid, 0) for pid, t in v.items()) * 1000 / total for k, v in seen.items()}
    load = (load_before, os.getloadavg()[0])
    return {"name": name, "users": users, "think": think, "load": load, "kinds": kinds, "cpu": cpu}


def report(results: list[dict], workers: int, threads: int, duration: int) -> list[str]:
    kind = f"gthread workers × {threads} threads" if threads > 1 else "sync workers"
    lines = [
        f"gunicorn {workers} {kind}, CONN_MAX_AGE=60; locust FastHttpUser; {duration} s per scenario; "
        f"{os.cpu_count()} CPUs shared by gunicorn, PostgreSQL and locust",
        "",
        f"{'scenario / request kind':34} {'reqs':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6}  load",
    ]
    for r in results:
        think = "1–5 s think time" if r["think"] else "no think time"
        lines.append(f"{r['name']} ({r['users']} users, {think})")
        for kind, k in r["kinds"].items():
            label = "  all requests" if kind == "Aggregated" else f"  {kind}"
            load = f"  {r['load'][0]:.1f}→{r['load'][1]:.1f}" if kind == "Aggregated" else ""
            lines.append(
                f"{label:34} {k['requests']:6} {k['rps']:7.1f} {k['p50']:6.0f} "
                f"{k['p95']:6.0f} {k['p99']:6.0f} {k['errors']:6}{load}"
            )
        cpu = r["cpu"]
        lines.append(
            f"  CPU ms per request: gunicorn {cpu['server']:.1f}, PostgreSQL {cpu['postgres']:.1f}, "
            f"locust {cpu['locust']:.1f} (machine: {sum(cpu.values()):.1f} of the "
            f"{1000 * (os.cpu_count() or 1) / max(r['kinds'].get('Aggregated', {}).get('rps', 0), 0.1):.0f} "
            "available at this throughput)"
        )
    lines.append("")
    floor = next((r["kinds"].get("Aggregated") for r in results if r["name"] == "floor"), None)
    for r in results:
        if r["name"] in TARGETS and "Aggregated" in r["kinds"]:
            if floor and floor["rps"]:
                lines.append(
                    f"{r['name']}: {r['kinds']['Aggregated']['rps'] / floor['rps']:.0%} "
                    f"of the floor's {floor['rps']:.1f} req/s"
                )
            p95, rps = TARGETS[r["name"]]
            k = r["kinds"]["Aggregated"]
            lines.append(
                f"{r['name']}: p95 {k['p95']:.0f} ms (target < {p95}: {k['p95'] / p95:.1f}× of it), "
                f"{k['rps']:.1f} req/s (target ≥ {rps}: {k['rps'] / rps:.0%} of it), {k['errors']} errors (target 0)"
            )
    return lines


def write_readme(lines: list[str]) -> None:
    readme = ROOT / "bench" / "README.md"
    text = readme.read_text()
    start, end = "<!-- rush:start -->", "<!-- rush:end -->"
    block = (
        f"{start}\nLast run ({time.strftime('%d.%m.%Y %H:%M UTC', time.gmtime())}):\n\n```\n"
        + "\n".join(lines)
        + f"\n```\n{end}"
    )
    text = (
        text[: text.index(start)] + block + text[text.index(end) + len(end) :]
        if start in text
        else text + "\n" + block + "\n"
    )
    readme.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="more than 1: gunicorn's gthread workers")
    parser.add_argument("--duration", type=int, default=45, help="seconds per scenario (at most 300)")
    parser.add_argument("--port", type=int, default=18410, help="18400–18499")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    names = args.scenarios.split(",")
    if not 18400 <= args.port <= 18499 or not 1 <= args.duration <= 300 or set(names) - set(SCENARIOS):
        parser.error(f"port 18400–18499, duration 1–300 s, scenarios among {', '.join(SCENARIOS)}")
    ensure_locust()
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-a-secret"),
        "DEBUG": "false",
        "CONN_MAX_AGE": "60",
        "CONN_HEALTH_CHECKS": "true",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }
    from bench.dashboards import ensure_database

    ensure_database(DATABASE_URL)
    with tempfile.TemporaryDirectory(prefix="rush-") as workdir:
        sessions_file = os.path.join(workdir, "sessions.json")
        server = None
        try:
            results = []
            for name in names:
                # Every scenario starts from the same data: the reports the last one sent are due again.
                started = time.monotonic()
                Path(sessions_file).write_text(json.dumps(seed(env)))
                print(
                    f"seeded in {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f} "
                    f"on {os.cpu_count()} CPUs",
                    flush=True,
                )
                server = server or start_gunicorn(env, args.workers, args.threads, args.port)
                results.append(run_scenario(name, server, args.port, args.duration, (sessions_file, workdir)))
                print(f"{name} done; load average {os.getloadavg()[0]:.1f}", flush=True)
        finally:
            if server:
                stop(server)
    lines = report(results, args.workers, args.threads, args.duration)
    print("\n".join(lines))
    if not args.no_readme:
        write_readme(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
