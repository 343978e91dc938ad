"""Backups: the database and the media files (evidence, generated PDFs), with a manifest of
SHA-256 checksums, restorable on an empty or a damaged installation.

PostgreSQL is dumped with ``pg_dump`` (plain SQL, no owners: restorable under another role) and
restored with ``psql`` into a freshly emptied ``public`` schema; SQLite is copied with SQLite's
own online backup, consistent while the application runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

MANIFEST = "manifest.json"
FORMAT = "plan-monitor-backup/1"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _run(command: list[str], env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (Debian: apt install postgresql-client)") from exc
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def table_counts() -> dict[str, int]:
    """Rows in every table of the database (the drill compares these before and after)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _media_files(root: Path) -> dict[str, dict]:
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): {"sha256": sha256(p), "bytes": p.stat().st_size}
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def backup_create(*, output: Path) -> Path:
    """Write a backup folder under ``output``; returns it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = Path(output) / f"planmonitor-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        name = settings.DATABASES["default"]["NAME"]
        _run(["pg_dump", *args, "--no-owner", "--no-privileges", "-f", str(target / "database.sql"), name], env)
        database = "database.sql"
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / "database.sqlite3") as copy:
            connection.connection.backup(copy)
        database = "database.sqlite3"
    else:
        raise BackupError(f"backing up {connection.vendor} is not supported: use PostgreSQL or SQLite")
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.copytree(media_root, target / "media")
    manifest = {
        "format": FORMAT,
        "created_at": stamp,
        "database": {"vendor": connection.vendor, "file": database, "sha256": sha256(target / database)},
        "tables": table_counts(),
        "media": _media_files(target / "media"),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return target


@dataclass
class Restored:
    tables: dict[str, int]
    media: int


def backup_verify(source: Path) -> dict:
    """The manifest, once every file it lists is present with its checksum; BackupError otherwise."""
    path = Path(source) / MANIFEST
    if not path.exists():
        raise BackupError(f"{source} is not a Plan Monitor backup: {MANIFEST} is missing")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    database = Path(source) / manifest["database"]["file"]
    if not database.exists() or sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(f"{database.name} is missing or damaged (checksum differs): restore nothing")
    damaged = [n for n, f in manifest["media"].items() if _checksum(Path(source) / "media" / n) != f["sha256"]]
    if damaged:
        raise BackupError(f"media files missing or damaged: {', '.join(damaged[:10])}: restore nothing")
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"this backup is of {manifest['database']['vendor']}, the database here is {connection.vendor}"
        )
    return manifest


def _checksum(path: Path) -> str | None:
    return sha256(path) if path.is_file() else None


def backup_restore(*, source: Path) -> Restored:
    """Replace the database and the media files with the backup's, after checking every checksum."""
    manifest = backup_verify(source)
    database = Path(source) / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        _restore_postgresql(database)
    else:
        _restore_sqlite(database)
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.rmtree(media_root)
    if (Path(source) / "media").exists():
        shutil.copytree(Path(source) / "media", media_root)
    else:
        media_root.mkdir(parents=True)
    if _media_files(media_root) != manifest["media"]:
        raise BackupError("the restored media files differ from the manifest")
    return Restored(tables=table_counts(), media=len(manifest["media"]))


def _restore_postgresql(dump: Path) -> None:
    args, env = _pg_env()
    name = settings.DATABASES["default"]["NAME"]
    connections.close_all()
    wipe = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"
    _run(["psql", *args, "-q", "-v", "ON_ERROR_STOP=1", "-d", name, "-c", wipe], env)
    _run(["psql", *args, "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-d", name, "-f", str(dump)], env)


def _restore_sqlite(copy: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(copy) as source:
        source.backup(connection.connection)
