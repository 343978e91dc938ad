from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.formats import FileInvalid
from indicators.services import import_file


class Command(BaseCommand):
    help = (
        "Import the indicator catalogue (JSON) or observations (SDMX-CSV, JSON-stat 2.0, XLSX). "
        "Checks everything first; writes nothing on any problem. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="catalogue.json, observations.csv/.json/.xlsx")
        parser.add_argument("--dry-run", action="store_true", help="check and say what would change, write nothing")

    def handle(self, *args, paths: list[Path], dry_run: bool, **options):
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                result = import_file(name=path.name, data=path.read_bytes(), dry_run=dry_run)
            except FileInvalid as exc:
                for problem in exc.problems:
                    self.stderr.write(f"  {problem}")
                raise CommandError(f"{path}: {len(exc.problems)} problem(s); nothing was imported") from None
            prefix = "dry run, nothing written: " if dry_run else ""
            self.stdout.write(f"{path}: {prefix}{result.summary()}")
