from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.planfile import PlanFileInvalid, import_plan, preview_plan


class Command(BaseCommand):
    help = (
        "Import a plan file (XLSX, JSON, a ZIP of CSV files or a folder of them). Validates everything first; "
        "writes nothing on any error. --dry-run prints what would change and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            help="plan.xlsx, plan.json, plan.zip, or a folder with plan.csv, agencies.csv, measures.csv",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print the changes the file would make, write nothing"
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
        try:
            if dry_run:
                self.stdout.write("\n".join(preview_plan(path).lines()))
                return
            result = import_plan(path)
        except PlanFileInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{path}: {len(exc.problems)} problem(s); nothing was imported") from None
        self.stdout.write(result.summary())
