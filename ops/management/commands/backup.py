from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the media files into a folder with a manifest of SHA-256 checksums."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.VAR_DIR / "backups"), help="folder for the backup")

    def handle(self, *args, **options):
        try:
            target = backup_create(output=Path(options["output"]))
        except (BackupError, OSError) as exc:
            raise CommandError(f"backup failed: {exc}") from exc
        self.stdout.write(str(target))
