import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.text import Truncator

from plans import clock, reminders
from plans.models import Reminder


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = "Send the day's reminders and escalations (the same job beat runs every morning)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="the day to act for, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="print who would get what; write and send nothing")

    def handle(self, *args, as_of=None, dry_run=False, **options):
        today = _date(as_of) if as_of else clock.today()
        if dry_run:
            # Console output for whoever runs it, in one language; the e-mails follow each recipient's.
            with translation.override("en"):
                self._preview(today)
            return
        result = reminders.reminders_run(today=today)
        self.stdout.write(
            f"{today}: {result.planned} reminders due, {result.claimed} newly claimed "
            f"for {len(result.recipients)} people (the rest were already claimed); e-mails queued."
        )

    def _preview(self, today: dt.date) -> None:
        preview = reminders.reminders_preview(today=today)
        if not preview:
            self.stdout.write(f"{today}: nobody would be reminded.")
            return
        self.stdout.write(f"{today}: {len(preview)} people would get one e-mail each (dry run, nothing sent):")
        for user, items in preview:
            agency = f", {user.agency.code}" if user.agency_id else ""
            self.stdout.write(f"\n{user.username} <{user.email}> ({user.get_role_display()}{agency}, {user.language})")
            for p in items:
                self.stdout.write(f"  {Reminder.Kind(p.kind).label}: {_what(p, today)}")


def _what(p: reminders.Planned, today: dt.date) -> str:
    if p.submission is None:
        return f"{p.period.plan.code} {p.period.label}, ministry due {p.period.ministry_due}"
    sub = p.submission
    days = (sub.due - today).days
    when = f"{days} days left" if days > 0 else "due today" if days == 0 else f"{-days} days late"
    measure = Truncator(str(sub.measure)).chars(70)
    return f"{sub.period.plan.code} {sub.period.label} · {measure} · {sub.agency.code} · due {sub.due} ({when})"
