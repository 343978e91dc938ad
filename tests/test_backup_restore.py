"""The restore drill: back up, wipe, restore, and compare every table's row count and every
evidence file's checksum — on SQLite and on PostgreSQL (the production database)."""

import json
import shutil

import pytest

from .production import PG, drop_database, manage, recreate_database

SEED = """
import datetime as dt, time_machine
from django.core.files.base import ContentFile
from accounts.models import User
from plans import services
from plans.models import Plan, Submission
period = Plan.objects.get(code="1593").periods.order_by("start").first()
with time_machine.travel(dt.datetime(2014, 4, 2, 9), tick=False):
    services.period_open(period=period)
sub = Submission.objects.filter(period=period, measure__number=15).select_related("agency").first()
officer = User.objects.create_user("officer", password="x", role="officer", agency=sub.agency)
for i in range(3):
    pdf = f"%PDF-1.4\\n% act copy {i} Көші-қон\\n%%EOF\\n".encode()
    services.submission_add_evidence(submission=sub, user=officer, file=ContentFile(pdf, name=f"act-{i}.pdf"))
"""
STATE = """
import json
from pathlib import Path
from django.conf import settings
from ops.backup import sha256, table_counts
from plans.models import Evidence
root = Path(settings.MEDIA_ROOT)
evidence = {e.file.name: sha256(root / e.file.name) for e in Evidence.objects.all()}
print(json.dumps({"tables": table_counts(), "evidence": evidence}))
"""


def state(env: dict) -> dict:
    return json.loads(manage(env, "shell", "--no-imports", "-c", STATE).stdout)


def world(tmp_path, database_url: str) -> dict:
    env = {
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PATH": "/usr/bin:/bin",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "import_plan", "plans/data/plan_1593")
    manage(env, "shell", "--no-imports", "-c", SEED)
    return env


def drill(tmp_path, env: dict, wipe) -> tuple[dict, dict]:
    before = state(env)
    assert len(before["evidence"]) == 3 and before["tables"]["plans_measure"] == 49
    folder = manage(env, "backup", "--output", str(tmp_path / "backups")).stdout.strip()
    wipe()
    shutil.rmtree(tmp_path / "media")
    result = manage(env, "restore", folder, "--yes")
    assert "3 media files" in result.stdout
    return before, state(env)


def test_it_restores_every_row_and_evidence_file_on_sqlite(tmp_path):
    db = tmp_path / "pm.sqlite3"
    env = world(tmp_path, f"sqlite:///{db}")
    before, after = drill(tmp_path, env, wipe=db.unlink)
    assert after == before


def _postgres_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect(f"{PG}/postgres", connect_timeout=2).close()
        return True
    except psycopg.Error:
        return False


@pytest.mark.services
@pytest.mark.skipif(not _postgres_reachable(), reason="needs PostgreSQL on 127.0.0.1:5432 (CI has one)")
def test_it_restores_every_row_and_evidence_file_on_postgresql(tmp_path):
    url = f"{PG}/pm_i13_drill"
    recreate_database(url)
    try:
        env = world(tmp_path, url)
        before, after = drill(tmp_path, env, wipe=lambda: recreate_database(url))
        assert after == before and sum(after["tables"].values()) > 1000
    finally:
        drop_database(url)


def test_it_refuses_a_damaged_backup_and_changes_nothing(tmp_path):
    db = tmp_path / "pm.sqlite3"
    env = world(tmp_path, f"sqlite:///{db}")
    folder = manage(env, "backup", "--output", str(tmp_path / "backups")).stdout.strip()
    evidence = next((tmp_path / "backups").rglob("act-1*.pdf"))
    evidence.write_bytes(b"%PDF-1.4 tampered")
    before = state(env)
    result = manage(env, "restore", folder, "--yes", check=False)
    assert result.returncode == 1 and "damaged" in result.stderr and evidence.name in result.stderr
    assert state(env) == before
    refused = manage(env, "restore", folder, check=False)
    assert refused.returncode == 1 and "--yes" in refused.stderr


def test_it_needs_no_services_to_say_what_is_wrong(tmp_path):
    env = {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "PATH": "/usr/bin:/bin"}
    result = manage(env, "restore", str(tmp_path), "--yes", check=False)
    assert result.returncode == 1 and "manifest.json is missing" in result.stderr
