"""Build a report from the command line, the same document as the web's, for automation and archiving."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.models import Agency, Plan
from reports import selectors
from reports.models import GeneratedReport


class Command(BaseCommand):
    help = (
        "Build a PDF report: build_report --plan 1593 --period 2015Q4 --lang ru --output FILE.pdf; "
        "--kind agency --agency ІІМ; --kind measure --measure 15; --html writes the HTML instead."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--plan", required=True, help="plan code, e.g. 1593")
        parser.add_argument("--kind", choices=GeneratedReport.Kind.values, default=GeneratedReport.Kind.CONSOLIDATED)
        parser.add_argument("--period", help="reporting period label, e.g. 2015Q4 (consolidated and agency reports)")
        parser.add_argument("--agency", help="agency code as in the decree, e.g. ІІМ (agency report)")
        parser.add_argument("--measure", type=int, help="measure number (measure history)")
        parser.add_argument("--lang", choices=["kk", "ru", "en"], default="kk")
        parser.add_argument("--output", required=True, help="file to write")
        parser.add_argument("--html", action="store_true", help="write the HTML rendering instead of the PDF")

    def handle(self, *args, **opts) -> None:
        plan = Plan.objects.filter(code=opts["plan"]).first()
        if plan is None:
            raise CommandError(
                f"No plan with code {opts['plan']!r}; known: {', '.join(Plan.objects.values_list('code', flat=True))}."
            )
        period = agency = measure = None
        if opts["period"]:
            period = next((p for p in plan.periods.all() if p.label == opts["period"]), None)
            if period is None:
                labels = ", ".join(p.label for p in plan.periods.all())
                raise CommandError(f"Plan {plan.code} has no period {opts['period']!r}; its periods: {labels}.")
        if opts["agency"]:
            agency = Agency.objects.filter(code=opts["agency"]).first()
            if agency is None:
                raise CommandError(f"No agency with code {opts['agency']!r}.")
        if opts["measure"] is not None:
            measure = plan.measures.filter(number=opts["measure"]).first()
            if measure is None:
                raise CommandError(f"Plan {plan.code} has no measure {opts['measure']}.")
        try:
            context = selectors.build_context(
                kind=opts["kind"],
                plan=plan,
                lang=opts["lang"],
                as_of=timezone.now(),
                period=period,
                agency=agency,
                measure=measure,
            )
        except selectors.ReportError as exc:
            raise CommandError(str(exc)) from exc
        html = selectors.render_html(context, opts["lang"])
        output = Path(opts["output"])
        if opts["html"]:
            output.write_text(html, encoding="utf-8")
        else:
            output.write_bytes(selectors.render_pdf(html))
        self.stdout.write(f"{output} written ({output.stat().st_size} bytes).")
