from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and the media files with a backup's (every checksum is checked first)."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a folder written by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="confirm: everything now in the database is replaced")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("restore replaces the whole database and every media file: add --yes to go ahead")
        try:
            restored = backup_restore(source=Path(options["backup"]))
        except (BackupError, OSError) as exc:
            raise CommandError(f"restore failed: {exc}") from exc
        rows = sum(restored.tables.values())
        self.stdout.write(f"restored {len(restored.tables)} tables ({rows} rows) and {restored.media} media files")
