"""Time the consolidated PDF report: gathering data vs rendering HTML vs WeasyPrint.

    DATABASE_URL=... .venv/bin/python bench/pdf_report.py [--plan 1593 --plan scale-01] [--runs 3] [--lang kk]

Without --plan: plan 1593 and the largest plan of the scale data (``manage.py seed_scale``), each for
its latest period with reports. Prints the best of --runs for each step; WeasyPrint's CPU time
too, which is what the wall time would be on an idle machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from plans.models import Plan  # noqa: E402
from reports import selectors  # noqa: E402


def default_plans() -> list[Plan]:
    plans = list(Plan.objects.filter(code="1593"))
    largest = Plan.objects.filter(code__startswith="scale-").annotate(n=Count("measures")).order_by("-n").first()
    if largest is None:
        print("no scale data: run `manage.py seed_scale` first to time a large plan")
    else:
        plans.append(largest)
    return plans


def bench(plan: Plan, lang: str, runs: int) -> None:
    period = plan.periods.filter(submissions__isnull=False).order_by("-start").distinct().first()
    if period is None:
        print(f"{plan.code}: no reports to consolidate")
        return
    best = {"gather": float("inf"), "html": float("inf"), "pdf": float("inf")}
    for _ in range(runs):
        reset_queries()
        t0 = time.perf_counter()
        context = selectors.consolidated_context(plan=plan, period=period, lang=lang, as_of=timezone.now())
        t1 = time.perf_counter()
        html = selectors.render_html(context, lang)
        t2, cpu = time.perf_counter(), time.process_time()
        pdf = selectors.render_pdf(html)
        t3 = time.perf_counter()
        best["pdf_cpu"] = min(best.get("pdf_cpu", float("inf")), time.process_time() - cpu)
        for step, seconds in zip(("gather", "html", "pdf"), (t1 - t0, t2 - t1, t3 - t2), strict=True):
            best[step] = min(best[step], seconds)
    total = best["gather"] + best["html"] + best["pdf"]
    measures = sum(len(lines) for _, lines in context["directions"])
    print(
        f"{plan.code} {period.label} [{lang}]: {measures} measures, {context['summary'].due} reports due, "
        f"{len(connection.queries)} queries, {len(pdf) // 1024} KiB\n"
        f"  gather data {best['gather']:.3f} s ({100 * best['gather'] / total:.0f} %) · "
        f"render HTML {best['html']:.3f} s ({100 * best['html'] / total:.0f} %) · "
        f"WeasyPrint {best['pdf']:.3f} s ({100 * best['pdf'] / total:.0f} %, CPU {best['pdf_cpu']:.2f} s)"
        f" · total {total:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", action="append", help="plan code (repeatable)")
    parser.add_argument("--lang", default="kk", choices=["kk", "ru", "en"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    plans = [Plan.objects.get(code=c) for c in args.plan] if args.plan else default_plans()
    for plan in plans:
        bench(plan, args.lang, args.runs)


if __name__ == "__main__":
    main()
