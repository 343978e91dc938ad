"""A large, realistic data set for the dashboards' speed: plans coded ``scale-NN`` with their
measures, agencies, periods ending with the current quarter, a report for every obligation
(mostly accepted, some late, returned or missing), some history rows and reminders.

Deterministic for a given ``--seed`` and ``--today``; idempotent (does nothing when the scale
plans exist) unless ``--reset`` removes them first.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from plans import clock
from plans.models import (
    Agency,
    BudgetLine,
    Direction,
    Evidence,
    Measure,
    MeasureDueDate,
    Plan,
    Reminder,
    ReportingPeriod,
    Responsibility,
    Submission,
)

PREFIX = "scale-"
AGENCY_PREFIX = "SCALE-"
BATCH = 2000
S, P, R = Submission.Status, Submission.Progress, Submission.Role
REGIONS = (
    "Ақмола",
    "Ақтөбе",
    "Алматы",
    "Атырау",
    "Шығыс Қазақстан",
    "Жамбыл",
    "Батыс Қазақстан",
    "Қарағанды",
    "Қостанай",
    "Қызылорда",
    "Маңғыстау",
    "Павлодар",
    "Солтүстік Қазақстан",
    "Түркістан",
    "Абай",
    "Жетісу",
    "Ұлытау",
)


def _quarters_back(today: dt.date, count: int) -> list[tuple[int, int]]:
    """(year, quarter) of the ``count`` quarters ending with today's."""
    index = today.year * 4 + (today.month - 1) // 3
    return [divmod(i, 4) for i in range(index - count + 1, index + 1)]


class Command(BaseCommand):
    help = "Generate a large data set (plans coded scale-NN) for measuring the dashboards."

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=20)
        parser.add_argument("--measures", type=int, default=200, help="measures per plan")
        parser.add_argument("--agencies", type=int, default=40)
        parser.add_argument("--periods", type=int, default=12, help="quarters, ending with the current one")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD; default: today")
        parser.add_argument("--reset", action="store_true", help="remove earlier scale data first")

    def handle(self, *args, plans, measures, agencies, periods, seed, today, reset, **options):
        for name, value in (
            ("--plans", plans),
            ("--measures", measures),
            ("--agencies", agencies),
            ("--periods", periods),
        ):
            if value < 1:
                raise CommandError(f"{name} must be at least 1, not {value}.")
        started = time.monotonic()
        if reset:
            reset_scale_data()
        elif Plan.objects.filter(code__startswith=PREFIX).exists():
            self.stdout.write("Scale data already present (use --reset to generate it again).")
            return
        counts = seed_scale(
            plans=plans, measures=measures, agencies=agencies, periods=periods, seed=seed, today=today or clock.today()
        )
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Seeded {summary} in {time.monotonic() - started:.1f} s."))


@transaction.atomic
def reset_scale_data() -> None:
    # Raw deletes: the ORM's cascade would load every report (and write a history row for each).
    subs = Submission.objects.filter(period__plan__code__startswith=PREFIX)
    Reminder.objects.filter(period__plan__code__startswith=PREFIX).delete()
    Evidence.objects.filter(submission__in=subs).delete()
    history = Submission.history.model.objects.filter(measure__plan__code__startswith=PREFIX)
    history._raw_delete(history.db)
    subs._raw_delete(subs.db)
    Plan.objects.filter(code__startswith=PREFIX).delete()
    User.objects.filter(username__startswith=PREFIX).delete()
    Agency.objects.filter(code__startswith=AGENCY_PREFIX).delete()


@transaction.atomic
def seed_scale(*, plans: int, measures: int, agencies: int, periods: int, seed: int, today: dt.date) -> dict[str, int]:
    """Write the data set in bulk, step by step; the random draws follow one sequence per seed."""
    rnd = random.Random(seed)
    agency_list, officer_of = _agencies(agencies)
    quarters = _quarters_back(today, periods)
    first_year, last_year = quarters[0][0], quarters[-1][0]
    plan_list = _plans(plans, quarters)
    for plan in plan_list:
        plan.agencies.set(agency_list)
    period_list = _periods(plan_list, quarters)
    plan_periods = {plan.pk: period_list[i * periods : (i + 1) * periods] for i, plan in enumerate(plan_list)}
    measure_list = _measures(rnd, plan_list, plan_periods, measures)
    measure_agencies = _responsibilities(rnd, measure_list, agency_list, (first_year, last_year))
    subs = _reports(rnd, measure_list, measure_agencies, plan_periods, (first_year, last_year), today)
    history_rows = _history(rnd, subs)
    reminders = _reminders(rnd, subs, officer_of, today)
    return {
        "plans": len(plan_list),
        "agencies": len(agency_list),
        "periods": len(period_list),
        "measures": len(measure_list),
        "reports": len(subs),
        "history rows": len(history_rows),
        "reminders": len(reminders),
    }


def _agencies(count: int) -> tuple[list[Agency], dict[int, User]]:
    """Ministries and, every third, a regional akimat; an officer for each."""
    rows = []
    for i in range(count):
        akimat = i % 3 == 2
        region = REGIONS[i % len(REGIONS)]
        name_kk = (
            f"{region} облысының әкімдігі №{i + 1}" if akimat else f"Сынақ министрлігі №{i + 1} (ұлттық экономика)"
        )
        rows.append(
            Agency(
                code=f"{AGENCY_PREFIX}{i + 1:02d}",
                name_kk=name_kk,
                name_ru=f"Акимат области {region} №{i + 1}" if akimat else f"Тестовое министерство №{i + 1}",
                kind=Agency.Kind.AKIMAT if akimat else Agency.Kind.MINISTRY,
                territory=Agency.Territory.REGION if akimat else "",
            )
        )
    agency_list = Agency.objects.bulk_create(rows)
    officers = User.objects.bulk_create(
        [
            User(username=f"{PREFIX}officer-{a.code.lower()}", role=User.Role.OFFICER, agency=a, password="!")
            for a in agency_list
        ]
    )
    return agency_list, {u.agency_id: u for u in officers}


def _plans(count: int, quarters: list[tuple[int, int]]) -> list[Plan]:
    first_year, last_year = quarters[0][0], quarters[-1][0]
    return Plan.objects.bulk_create(
        [
            Plan(
                code=f"{PREFIX}{p + 1:02d}",
                title_kk=f"Сынақ жоспары №{p + 1}: көші-қон мәселелерін шешу",
                title_ru=f"Тестовый план №{p + 1}: решение проблем миграции",
                title_en=f"Scale plan {p + 1}",
                act_kind=Plan.ActKind.DECREE,
                act_number=f"S{p + 1}",
                act_date=dt.date(first_year - 1, 12, 31),
                first_year=first_year,
                last_year=last_year,
            )
            for p in range(count)
        ]
    )


def _periods(plan_list: list[Plan], quarters: list[tuple[int, int]]) -> list[ReportingPeriod]:
    rows = []
    for plan in plan_list:
        for year, q in quarters:
            start, end, agency_due, ministry_due = ReportingPeriod.bounds(year, q + 1, 3, 5, 15)
            rows.append(
                ReportingPeriod(
                    plan=plan,
                    year=year,
                    number=q + 1,
                    start=start,
                    end=end,
                    agency_due=agency_due,
                    ministry_due=ministry_due,
                )
            )
    return ReportingPeriod.objects.bulk_create(rows)


def _schedule(recurring: bool, deadline: dt.date) -> dict:
    if recurring:
        return {"once": [], "annual_month": deadline.month, "annual_day": 5, "annual_from": None}
    once = [{"year": deadline.year, "month": deadline.month, "day": None}]
    return {"once": once, "annual_month": None, "annual_day": None, "annual_from": None}


def _measures(rnd: random.Random, plan_list: list[Plan], plan_periods: dict, count: int) -> list[Measure]:
    """Ten directions per plan; about 30 % of the measures annual, one in forty classified."""
    directions = Direction.objects.bulk_create(
        [
            Direction(plan=plan, number=d + 1, title_kk=f"{d + 1}-бағыт: ішкі көші-қонды реттеу")
            for plan in plan_list
            for d in range(10)
        ]
    )
    rows = []
    for p, plan in enumerate(plan_list):
        for n in range(count):
            recurring = rnd.random() < 0.3
            deadline = rnd.choice(plan_periods[plan.pk]).end
            rows.append(
                Measure(
                    plan=plan,
                    direction=directions[p * 10 + n % 10],
                    number=n + 1,
                    title_kk=f"Іс-шара {n + 1}: еңбек көші-қонын талдау және ұсыныстар енгізу",
                    form_kind=Measure.FormKind.INFORMATION,
                    deadline_text=f"{deadline:%Y}",
                    schedule=_schedule(recurring, deadline),
                    classified=n % 40 == 39,
                    funding_source_kk=rnd.choice(("Республикалық бюджет", "Жергілікті бюджет", "")),
                )
            )
    return Measure.objects.bulk_create(rows, batch_size=BATCH)


def _responsibilities(
    rnd: random.Random, measure_list: list[Measure], agency_list: list[Agency], years: tuple[int, int]
) -> dict[int, list[tuple[Agency, bool]]]:
    """Due dates, budget lines (for 40 %) and one to three responsible agencies, the first of
    several the lead; returns each measure's (agency, is lead)."""
    first_year, last_year = years
    due_rows, budget_rows, resp_rows = [], [], []
    measure_agencies: dict[int, list[tuple[Agency, bool]]] = {}
    for m in measure_list:
        due_rows += [MeasureDueDate(measure=m, due=d) for d in m.get_schedule().due_dates(first_year, last_year)]
        if rnd.random() < 0.4:
            budget_rows += [
                BudgetLine(measure=m, year=y, amount=Decimal(rnd.randrange(1000, 500000)) / 10)
                for y in range(first_year, last_year + 1)
            ]
        chosen = rnd.sample(agency_list, k=rnd.choice((1, 1, 2, 3)))
        measure_agencies[m.pk] = [(a, len(chosen) > 1 and i == 0) for i, a in enumerate(chosen)]
        resp_rows += [
            Responsibility(measure=m, agency=a, is_lead=lead, order=i)
            for i, (a, lead) in enumerate(measure_agencies[m.pk])
        ]
    MeasureDueDate.objects.bulk_create(due_rows, batch_size=BATCH)
    BudgetLine.objects.bulk_create(budget_rows, batch_size=BATCH)
    Responsibility.objects.bulk_create(resp_rows, batch_size=BATCH)
    return measure_agencies


def _reports(
    rnd: random.Random,
    measure_list: list[Measure],
    measure_agencies: dict[int, list[tuple[Agency, bool]]],
    plan_periods: dict[int, list[ReportingPeriod]],
    years: tuple[int, int],
    today: dt.date,
) -> list[Submission]:
    """A report per obligation up to today, as the workflow files them: a completed one-off
    measure stops asking; a recurring one (``Measure.recurring``) asks again each year."""
    rows = []
    for m in measure_list:
        if m.classified:
            continue  # classified measures are reported outside the system
        dates = m.get_schedule().due_dates(*years)
        several = len(measure_agencies[m.pk]) > 1
        for period in plan_periods[m.plan_id]:
            if period.start > today:
                break
            occurrence = next((d for d in dates if d >= period.start), dates[-1])
            completed = False
            for agency, lead in measure_agencies[m.pk]:
                role = R.CONSOLIDATED if lead else R.CONTRIBUTION if several else R.OWN
                sub = _report(rnd, m, period, agency, role, occurrence, today)
                if lead or not several:  # the report that speaks for the measure
                    completed = sub.status == S.ACCEPTED and sub.progress == P.COMPLETED
                rows.append(sub)
            if completed and not m.recurring:
                break  # a completed one-off measure has no later obligations
    return Submission.objects.bulk_create(rows, batch_size=BATCH)


def _history(rnd: random.Random, subs: list[Submission]) -> list:
    """A history row for about 30 % of the reports sent or drafted."""
    History = Submission.history.model
    fields = [f.attname for f in Submission._meta.concrete_fields if f.attname != "updated_at"]
    now = timezone.now()
    rows = [
        History(
            **{f: getattr(s, f) for f in fields}, history_date=now, history_type="~", history_change_reason="scale seed"
        )
        for s in subs
        if s.status != S.DUE and rnd.random() < 0.3
    ]
    History.objects.bulk_create(rows, batch_size=BATCH)
    return rows


def _reminders(
    rnd: random.Random, subs: list[Submission], officer_of: dict[int, User], today: dt.date
) -> list[Reminder]:
    """Sent reminders (some escalated to the head) for half of the overdue reports."""
    now = timezone.now()
    rows = []
    for s in subs:
        if s.status in Submission.OUTSTANDING and s.due < today and rnd.random() < 0.5:
            kinds = [Reminder.Kind.OVERDUE] * rnd.randint(1, 4) + [Reminder.Kind.ESCALATION_HEAD] * (rnd.random() < 0.3)
            rows += [
                Reminder(
                    recipient=officer_of[s.agency_id],
                    submission=s,
                    period_id=s.period_id,
                    kind=kind,
                    on_date=s.due + dt.timedelta(days=1 + 3 * k),
                    status=Reminder.Status.SENT,
                    sent_at=now,
                )
                for k, kind in enumerate(kinds)
            ]
    Reminder.objects.bulk_create(rows, batch_size=BATCH)
    return rows


def _report(
    rnd: random.Random,
    measure: Measure,
    period: ReportingPeriod,
    agency: Agency,
    role: str,
    occurrence: dt.date,
    today: dt.date,
) -> Submission:
    """One report with a realistic status: older periods mostly accepted, the current one in progress."""
    sub = Submission(
        period=period, measure=measure, agency=agency, role=role, occurrence=occurrence, due=period.agency_due
    )
    x = rnd.random()
    if period.agency_due >= today:  # still open: some drafts, a few sent early
        sub.status = S.DUE if x < 0.5 else S.DRAFT if x < 0.8 else S.SUBMITTED
    else:
        sub.status = (
            S.ACCEPTED
            if x < 0.72
            else S.SUBMITTED
            if x < 0.8
            else S.RETURNED
            if x < 0.86
            else rnd.choice((S.DUE, S.DRAFT))
        )
    if sub.status in (S.SUBMITTED, S.ACCEPTED, S.RETURNED):
        sub.days_late = 0 if rnd.random() < 0.8 else rnd.randint(1, 30)
        sub.submitted_at = timezone.make_aware(
            dt.datetime.combine(sub.due + dt.timedelta(days=sub.days_late - 3), dt.time(11))
        )
        sub.progress = rnd.choice((P.COMPLETED, P.IN_PROGRESS, P.IN_PROGRESS, P.NOT_COMPLETED))
        sub.narrative = "Ақпарат Ұлттық экономика министрлігіне жіберілді."
        if rnd.random() < 0.5:
            sub.spent = Decimal(rnd.randrange(0, 100000)) / 10
    if sub.status == S.RETURNED:
        sub.times_returned = 1
        sub.return_reason = "Растайтын құжаттар жоқ."
    return sub
