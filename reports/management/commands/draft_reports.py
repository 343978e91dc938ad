"""The scheduled draft job by hand: queue the draft consolidated reports due on a day."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from plans import clock
from reports.services import draft_consolidated_reports


class Command(BaseCommand):
    help = "Queue the draft consolidated report of each period due to the Government this month (on REPORT_DRAFT_DAY)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", type=dt.date.fromisoformat, help="YYYY-MM-DD to act as; default: today")

    def handle(self, *args, **opts) -> None:
        created = draft_consolidated_reports(today=opts["date"] or clock.today())
        self.stdout.write(f"{len(created)} draft report(s) queued.")
        for report in created:
            self.stdout.write(f"  {report}")
