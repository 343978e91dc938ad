from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.planfile import PlanFileInvalid, import_plan


class Command(BaseCommand):
    help = "Import a plan file (XLSX, JSON, or a folder of CSV files). Validates everything first; writes nothing on any error."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="plan.xlsx, plan.json, or a folder with plan.csv, amendments.csv, agencies.csv, measures.csv")

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
        try:
            result = import_plan(path)
        except PlanFileInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{path}: {len(exc.problems)} problem(s); nothing was imported") from None
        self.stdout.write(result.summary() if result.changed else f"Plan {result.plan.code}: already up to date, nothing changed")
