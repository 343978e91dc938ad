"""Two boxes behave as one: two copies of scripts/serve.sh (two gunicorn servers, their workers;
beat on one only) on different ports, sharing PostgreSQL, Redis and MEDIA_ROOT."""

import json
import os
import re
import secrets
import subprocess
import time
from pathlib import Path

import pytest

from .production import (
    ROOT,
    Browser,
    drop_database,
    free_port,
    manage,
    production_env,
    recreate_database,
    scratch_database,
    start,
    stop,
    wait_healthy,
)
from .test_production_server import require_services  # noqa: F401 - the fixture

WORLD = """
from accounts.models import User
from tests.reminders_world import quarter_world
w = quarter_world()
for user in User.objects.all():
    user.set_password("demo-1593")
    user.save()
print(json.dumps({"submission": w.sub_a.pk}))
"""
OUTBOX = """
from outbox.models import Email
from plans.models import Reminder
print(json.dumps({"emails": list(Email.objects.values_list("status", flat=True)),
                  "reminders_sent": Reminder.objects.filter(status="sent").count()}))
"""

ERRORS = """
from outbox.models import Email
print(json.dumps(list(Email.objects.values_list("last_error", flat=True))))
"""


def shell(env: dict, code: str) -> dict:
    return json.loads(manage(env, "shell", "--no-imports", "-c", "import json\n" + code).stdout)


def beat_processes(servers) -> list[int]:
    """Celery beat processes in the servers' process groups."""
    groups = {s.pid for s in servers}
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pgid = int(stat.read_text().rsplit(")", 1)[1].split()[2])
            cmdline = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if pgid in groups and b"beat" in cmdline and any(part.endswith(b"celery") for part in cmdline):
            found.append(pgid)
    return found


@pytest.mark.services
def test_two_web_servers_and_their_workers_behave_as_one(tmp_path, require_services):  # noqa: F811
    mail = tmp_path / "mail"
    ports = (free_port(), free_port())
    common = {
        "DATABASE_URL": scratch_database("boxes"),
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/13",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        # Every box signs sessions and links with the same key, or a session works on one box only.
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    boxes = [
        production_env(
            tmp_path,
            PORT=str(port),
            WEB_CONCURRENCY="1",
            CELERY_REPORTS_CONCURRENCY="1",
            CELERY_EMAIL_CONCURRENCY="2",
            SERVE_BEAT="1" if port == ports[0] else "0",
            STATIC_ROOT=str(tmp_path / f"static-{port}"),
            **common,
        )
        for port in ports
    ]
    import redis

    redis.Redis.from_url(common["CELERY_BROKER_URL"]).flushdb()
    recreate_database(common["DATABASE_URL"])
    manage(boxes[0], "migrate", "--noinput")
    world = shell(boxes[0], WORLD)
    servers = []
    try:
        for env, port in zip(boxes, ports, strict=False):
            servers.append(start(env, tmp_path / f"serve-{port}.log"))
            wait_healthy(port, servers[-1])
        a, b = Browser(ports[0]), Browser(ports[1])
        assert a.sign_in("aigerim", "demo-1593")[0].status == 302
        b.cookies = a.cookies  # the load balancer sends the next request to the other box
        response, page = b.request("GET", "/plans/quarter/")
        assert response.status == 200 and "aigerim" in page

        # An upload through one box is readable through the other (MEDIA_ROOT is shared).
        edit = f"/plans/submissions/{world['submission']}/edit/"
        version = re.search(r'name="version" value="(\d+)"', b.request("GET", edit)[1]).group(1)
        pdf = "%PDF-1.4\n% Көші-қон act\n%%EOF\n".encode()
        fields = {"csrfmiddlewaretoken": b.csrf(edit), "version": version, "action": "save"}
        assert b.upload(edit, fields, "act.pdf", pdf)[0].status == 302
        detail = a.request("GET", f"/plans/submissions/{world['submission']}/")[1]
        evidence = re.search(r"/plans/evidence/(\d+)/", detail).group(0)
        response, _ = a.request("GET", evidence)
        assert response.status == 200, (evidence, response.getheader("Location"), detail[-3000:])

        # The daily job run on both boxes at once, and twice more through the broker.
        jobs = [
            subprocess.Popen(
                [str(ROOT / ".venv/bin/python"), "manage.py", "send_reminders", "--as-of", "2014-07-05"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )
            for env in boxes
        ]
        manage(
            boxes[1],
            "shell",
            "--no-imports",
            "-c",
            "from plans.tasks import send_daily_reminders as t\nt.delay('2014-07-05'); t.delay('2014-07-05')",
        )
        assert [job.wait(120) for job in jobs] == [0, 0]
        deadline = time.monotonic() + 120
        while (state := shell(boxes[0], OUTBOX))["emails"] != ["sent", "sent"] and time.monotonic() < deadline:
            time.sleep(2)
        time.sleep(3)  # a duplicate would arrive now
        state = shell(boxes[0], OUTBOX)
        assert state == {"emails": ["sent", "sent"], "reminders_sent": 3}, shell(boxes[0], ERRORS)
        sent = "".join(p.read_text(errors="replace") for p in mail.iterdir())
        assert sent.count("To: aigerim@example.kz") == 1 and sent.count("To: boris@example.kz") == 1

        # Beat runs once: on the first box only.
        assert beat_processes(servers) == [servers[0].pid]
    finally:
        for server in servers:
            stop(server)
        drop_database(common["DATABASE_URL"])
    assert os.path.exists(tmp_path / "media")
