import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import formats, selectors


class Command(BaseCommand):
    help = (
        "Export observations (all current ones unless narrowed) as SDMX-CSV or JSON-stat 2.0, "
        "to standard output by default."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["sdmx-csv", "json-stat"], default="sdmx-csv")
        parser.add_argument("--output", type=Path, help="file to write instead of standard output")
        parser.add_argument("--indicator", default="", help="indicator codes, comma-separated")
        parser.add_argument("--territory", default="", help="territory codes, comma-separated")

    def handle(self, *args, format: str, output: Path | None, indicator: str, territory: str, **options):
        observations = selectors.export_selection(indicator=indicator, territory=territory)
        if format == "json-stat":
            text = json.dumps(formats.to_json_stat(observations), ensure_ascii=False, indent=1) + "\n"
        else:
            text = formats.to_sdmx_csv(observations)
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}") from None
        self.stderr.write(f"{len(observations)} observations written to {output}")
