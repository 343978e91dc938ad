"""The reporting periods of a plan, from its reporting rule, and the daily opening of periods."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .models import Plan, ReportingPeriod


@transaction.atomic
def plan_generate_periods(*, plan: Plan) -> list[ReportingPeriod]:
    """Every reporting period of the plan from its rule (e.g. 2014Q1 … 2016Q4, due the 5th and the
    15th of the following month). Idempotent; periods the rule no longer has are removed when
    nothing was reported for them. A bounded number of queries however many periods there are."""
    existing = {(p.year, p.number): p for p in plan.periods.all()}
    # Periods before the year a changed rule applies from keep the dates they were reported under.
    kept = {year for year, _number in existing if plan.rule_from_year and year < plan.rule_from_year}
    wanted, new, changed = {}, [], []
    for year in sorted(set(range(plan.first_year, plan.last_year + 1)) - kept):
        for number in range(1, plan.periods_per_year + 1):
            start, end, agency_due, ministry_due = ReportingPeriod.bounds(
                year, number, plan.period_months, plan.agency_due_day, plan.ministry_due_day
            )
            values = {"start": start, "end": end, "agency_due": agency_due, "ministry_due": ministry_due}
            period = existing.get((year, number))
            if period is None:
                period = ReportingPeriod(plan=plan, year=year, number=number, **values)
                new.append(period)
            elif any(getattr(period, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(period, k, v)
                changed.append(period)
            wanted[(year, number)] = period
    stale = plan.periods.exclude(pk__in=[p.pk for p in wanted.values() if p.pk]).exclude(year__in=kept)
    stale.filter(submissions__isnull=True).delete()
    ReportingPeriod.objects.bulk_update(changed, ["start", "end", "agency_due", "ministry_due"])
    ReportingPeriod.objects.bulk_create(new)
    return list(plan.periods.filter(year__gte=plan.first_year, year__lte=plan.last_year).order_by("start"))


def periods_open(*, today: dt.date, plan: Plan | None = None) -> list[ReportingPeriod]:
    """Open the periods in which agencies still report on ``today`` (started, agencies' due date not
    passed) and return them. A period whose due date has passed is never opened again, so a
    corrected deadline cannot create obligations nobody can meet any more."""
    from . import services  # the workflow sits above the periods: reached only when the job runs

    periods = ReportingPeriod.objects.filter(start__lte=today, agency_due__gte=today).select_related("plan")
    periods = list(periods.filter(plan=plan) if plan is not None else periods)
    for period in periods:
        period.opened = services.period_open(period=period)
    return periods
