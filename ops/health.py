"""``/healthz`` for load balancers and monitoring: the database answers, the broker accepts a
connection, a worker ran the heartbeat recently and beat sent a task recently. 200 when all do,
503 naming what does not; JSON either way, without sign-in and without secrets."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Beat sends the heartbeat every minute; allow a few missed beats before calling it down.
STALE_AFTER = dt.timedelta(minutes=3)


def _database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True, connection.vendor


def _broker() -> tuple[bool, str]:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return True, conn.transport.driver_type


def _worker() -> tuple[bool, str]:
    from .models import Heartbeat

    beat = Heartbeat.objects.filter(name="worker").first()
    if beat is None:
        return False, "no heartbeat yet"
    return _recent(beat.at)


def _beat() -> tuple[bool, str]:
    from django_celery_beat.models import PeriodicTask

    last = PeriodicTask.objects.filter(task="ops.heartbeat").values_list("last_run_at", flat=True).first()
    if last is None:
        return False, "never ran"
    return _recent(last)


def _recent(at: dt.datetime) -> tuple[bool, str]:
    age = timezone.now() - at
    return age <= STALE_AFTER, f"{int(age.total_seconds())} s ago"


CHECKS = {"database": _database, "broker": _broker, "worker": _worker, "beat": _beat}


@never_cache
@require_GET
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            ok, detail = check()
        except Exception as exc:  # noqa: BLE001 - a check that cannot run is a failed check, reported by name
            ok, detail = False, type(exc).__name__
        results[name] = {"ok": ok, "detail": detail}
    healthy = all(r["ok"] for r in results.values())
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": results}, status=200 if healthy else 503)
