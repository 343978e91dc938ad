from django.core.management.base import BaseCommand
from django.utils import translation

from indicators import selectors


class Command(BaseCommand):
    help = "Print every validation finding about the current observations, one a line, with the sources it rests on."

    def add_arguments(self, parser):
        parser.add_argument("--language", choices=["kk", "ru", "en"], default="en")

    def handle(self, *args, language: str, **options):
        with translation.override(language):
            found = selectors.findings()
            for finding in found:
                self.stdout.write(finding.line())
        self.stderr.write(f"{len(found)} finding(s)")
