import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from plans.planfile import write_plan


class Command(BaseCommand):
    help = "Export a plan in the plan file format (json to standard output by default; xlsx and csv need --output)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="plan code, e.g. 1593")
        parser.add_argument("--format", choices=["json", "xlsx", "csv"], default="json")
        parser.add_argument("--output", type=Path, help="file (json, xlsx) or folder (csv) to write")

    def handle(self, *args, code: str, format: str, output: Path | None, **options):
        plan = Plan.objects.filter(code=code).first()
        if plan is None:
            raise CommandError(
                f"no plan with code '{code}'; known: {', '.join(Plan.objects.values_list('code', flat=True)) or 'none'}"
            )
        if format != "json" and output is None:
            raise CommandError(f"--format {format} needs --output ({'a folder' if format == 'csv' else 'a file'})")
        data = write_plan(plan, format, output)
        if data is not None:
            sys.stdout.buffer.write(data + b"\n")
            sys.stdout.flush()
        else:
            self.stderr.write(f"Plan {plan.code} written to {output}")
