import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from plans import clock
from plans.formatting import format_date
from plans.periods import periods_open


class Command(BaseCommand):
    help = (
        "Open the reporting periods agencies are reporting in (started, agencies' due date not passed) and create "
        "their reports, as the daily job does. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="the day to open periods for, YYYY-MM-DD (default: today)")

    def handle(self, *args, as_of: str | None, **options):
        try:
            today = dt.date.fromisoformat(as_of) if as_of else clock.today()
        except ValueError:
            raise CommandError(f"--as-of '{as_of}' is not a date; write it as YYYY-MM-DD") from None
        periods = periods_open(today=today)
        for period in periods:
            due = format_date(period.agency_due, short=True)
            self.stdout.write(f"{period.plan.code} {period.label}: {period.opened} new report(s) due {due}")
        self.stdout.write(f"{len(periods)} period(s) open on {format_date(today, short=True)}")
