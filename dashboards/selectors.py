"""Dashboard reads: every function runs a fixed number of queries whatever the size of the data.

Obligations are Submission rows, so the dashboards are folds over them. The display state of one
report is computed in the database (``state_expression``) so that filters, aggregates and the
matrix all agree on it:

* accepted — the ministry accepted it (lateness is counted in the scorecard, not the colour);
* late — submitted after its due date, awaiting review;
* submitted — submitted on time, awaiting review;
* returned — sent back to the agency;
* missing — not sent and its due date has passed;
* due — not sent yet, due date still ahead.

The matrix also shows two states without a row: "completed earlier" (an earlier accepted report
said the measure was completed) and "not due".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from plans.formatting import collation_key
from plans.models import (
    LANGUAGES,
    Agency,
    BudgetLine,
    Direction,
    Measure,
    MeasureDueDate,
    Plan,
    Reminder,
    ReportingPeriod,
    Submission,
    localized,
)


class State(TextChoices):
    MISSING = "missing", _("missing")
    RETURNED = "returned", _("returned")
    DUE = "due", _("not yet sent")
    LATE = "late", _("submitted late")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    COMPLETED_EARLIER = "completed", _("completed earlier")
    NOT_DUE = "not_due", _("not due")


# Most behind first: where a measure has no lead, its cell shows the worst of the agencies' own reports.
WORST_FIRST = (State.MISSING, State.RETURNED, State.DUE, State.LATE, State.SUBMITTED, State.ACCEPTED)
# A row closed because its measure was completed ranks after every reported state.
_RANK = {state: rank for rank, state in enumerate((*WORST_FIRST, State.COMPLETED_EARLIER))}
# A measure's implementation ("overdue" is kept for reports, ``overdue_reports``: a measure whose
# deadline passed without a report saying how it ended is "deadline passed").
Outcome = Measure.Status
# The implementation outcomes the overview counts, in the order it shows them.
OUTCOMES = (Outcome.COMPLETED, Outcome.IN_PROGRESS, Outcome.NOT_COMPLETED, Outcome.PAST_DEADLINE)


def state_expression(today: dt.date) -> Case:
    """The display state, built on ``Submission.timeliness_filters`` so that a cell, a filter and
    the scorecard's counts call the same report missing, late or on time."""
    T = Submission.Timeliness
    timeliness = Submission.timeliness_filters(today)
    return Case(
        When(status=Submission.Status.ACCEPTED, then=Value(State.ACCEPTED)),
        # Closed because the measure was accepted as completed: nothing is missing.
        When(status=Submission.Status.CLOSED, then=Value(State.COMPLETED_EARLIER)),
        When(timeliness[T.LATE], then=Value(State.LATE)),
        When(timeliness[T.ON_TIME], then=Value(State.SUBMITTED)),
        When(timeliness[T.RETURNED], then=Value(State.RETURNED)),
        When(timeliness[T.MISSING], then=Value(State.MISSING)),
        default=Value(State.DUE),
        output_field=CharField(),
    )


def worst(states: list[str]) -> str:
    return min(states, key=_RANK.__getitem__)


def current_plan(plans: QuerySet, today: dt.date) -> Plan | None:
    """The plan a dashboard opens on, of those given: the real plan running this year, else the
    real plan that ended last; a training copy only when no real plan is among them."""
    running = Case(When(first_year__lte=today.year, last_year__gte=today.year, then=Value(0)), default=Value(1))
    return Plan.objects.filter(pk__in=plans.values("pk")).order_by("is_training", running, "-last_year", "code").first()


def submissions(*, today: dt.date, plan: Plan | None, agency: Agency | None = None) -> QuerySet:
    """Public reports of one plan (classified ones are counted apart, never listed) with their
    display state. The plan is compared by its periods' ids, which the period index serves."""
    if plan is None:
        return Submission.objects.none().annotate(state=state_expression(today))
    qs = Submission.objects.filter(period__plan=plan, measure__classified=False).annotate(state=state_expression(today))
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs


def overdue_reports(qs: QuerySet, today: dt.date) -> QuerySet:
    """What "overdue" means on every page: a report not sent (or sent back) whose due date has passed."""
    return qs.filter(status__in=Submission.OUTSTANDING, due__lt=today)


def period_labels(plan: Plan | None) -> list[tuple[str, str]]:
    """("2015-2", "2015Q2") for every period of the plan, in time order; one query."""
    if plan is None:
        return []
    return [
        (f"{p.year}-{p.number}", p.label)
        for p in plan.periods.order_by("start").only("year", "number", "start", "end", "plan_id")
    ]


# --- plan overview -------------------------------------------------------------------------------


# Colour is never the only signal: each state also has a mark.
MARKS = {
    State.MISSING: "✗",
    State.RETURNED: "↩",
    State.DUE: "…",
    State.LATE: "!",
    State.SUBMITTED: "↑",
    State.ACCEPTED: "✓",
    State.COMPLETED_EARLIER: "★",
    State.NOT_DUE: "",
}


def counts(counter: Counter, choices=None) -> list[tuple[str, str, int]]:
    """(value, label, count) for every choice, in the choices' order."""
    return [(c.value, c.label, counter[c]) for c in (choices or OUTCOMES)]


@dataclass
class Cell:
    state: str  # a State value; plain str because formatting the enum costs a translation lookup per cell
    submission_id: int | None = None

    @property
    def mark(self) -> str:
        return MARKS[self.state]


@dataclass
class MatrixRow:
    measure: Measure
    cells: list[Cell]
    outcome: Outcome | None = None
    html: str = ""  # the cells, rendered by the view


@dataclass
class DirectionBlock:
    direction: object
    rows: list[MatrixRow] = field(default_factory=list)
    measures: int = 0
    classified: int = 0
    outcomes: Counter = field(default_factory=Counter)

    @property
    def outcome_counts(self):
        return counts(self.outcomes)


@dataclass
class Overview:
    plan: Plan
    periods: list[ReportingPeriod]
    directions: list[DirectionBlock]
    measures: int
    classified: int
    outcomes: Counter  # per public measure, rolled up
    occurrences: Counter  # per occurrence of recurring measures
    per_period: list[tuple[str, Counter]]

    @property
    def outcome_counts(self):
        return counts(self.outcomes)

    @property
    def occurrence_counts(self):
        return counts(self.occurrences)


def _cell(rows: list[tuple], agency: Agency | None) -> Cell | None:
    """rows: (id, agency_id, role, state) of one measure in one period."""
    if not rows:
        return None
    if agency is None:
        lead = [r for r in rows if r[2] == Submission.Role.CONSOLIDATED]
        own = lead or [r for r in rows if r[2] == Submission.Role.OWN] or rows
    else:
        own = rows
    chosen = min(own, key=lambda r: _RANK[r[3]])
    return Cell(chosen[3], chosen[0])


def _outcome(reports: list[tuple[dt.date | None, str]], occurrence: dt.date, today: dt.date) -> str:
    """reports: (occurrence, progress) of the reports sent for one occurrence of one measure."""
    progress = {p for o, p in reports if o == occurrence}
    if Submission.Progress.COMPLETED in progress:
        return Outcome.COMPLETED
    if Submission.Progress.NOT_COMPLETED in progress:
        return Outcome.NOT_COMPLETED
    return Outcome.PAST_DEADLINE if occurrence < today else Outcome.IN_PROGRESS


def _rolled_up(outcomes: list[str]) -> str:
    for outcome in (Outcome.NOT_COMPLETED, Outcome.PAST_DEADLINE, Outcome.IN_PROGRESS):
        if outcome in outcomes:
            return outcome
    return Outcome.COMPLETED if outcomes else Outcome.IN_PROGRESS


@dataclass
class _PlanReports:
    """One plan's reports, folded for the matrix: the rows of each cell, when each measure was
    first accepted as completed, and the (occurrence, progress) of what was sent per measure."""

    by_cell: dict[tuple[int, int], list[tuple]] = field(default_factory=lambda: defaultdict(list))
    completed_at: dict[int, dt.date] = field(default_factory=dict)
    reported: dict[int, list[tuple]] = field(default_factory=lambda: defaultdict(list))


def _plan_reports(plan: Plan, periods: list[ReportingPeriod], today: dt.date, agency: Agency | None) -> _PlanReports:
    folded = _PlanReports()
    start = {p.id: p.start for p in periods}
    rows = submissions(today=today, agency=agency, plan=plan).values_list(
        "id", "measure_id", "period_id", "agency_id", "role", "state", "status", "progress", "occurrence"
    )
    for pk, measure_id, period_id, agency_id, role, state, status, progress, occurrence in rows:
        folded.by_cell[measure_id, period_id].append((pk, agency_id, role, state))
        # Contributions are inside the lead's consolidated report, unless one agency is looked at.
        if status in Submission.REPORTED and (agency is not None or role != Submission.Role.CONTRIBUTION):
            folded.reported[measure_id].append((occurrence, progress))
            if status == Submission.Status.ACCEPTED and progress == Submission.Progress.COMPLETED:
                first = folded.completed_at.get(measure_id)
                folded.completed_at[measure_id] = min(first, start[period_id]) if first else start[period_id]
    return folded


def _plan_due_dates(measures: list[Measure]) -> dict[int, list[dt.date]]:
    due_dates: dict[int, list[dt.date]] = defaultdict(list)
    # By the listed measures' ids: joining on the plan made PostgreSQL read every plan's dates.
    public_ids = [m.pk for m in measures if not m.classified]
    rows = MeasureDueDate.objects.filter(measure_id__in=public_ids).order_by("due")
    for measure_id, due in rows.values_list("measure_id", "due"):
        due_dates[measure_id].append(due)
    return due_dates


def _cells(measure: Measure, periods: list[ReportingPeriod], folded: _PlanReports, agency: Agency | None) -> list[Cell]:
    cells = []
    for period in periods:
        cell = _cell(folded.by_cell.get((measure.id, period.id), []), agency)
        if cell is None:
            done = None if measure.recurring else folded.completed_at.get(measure.id)
            cell = Cell(State.COMPLETED_EARLIER.value if done and done < period.start else State.NOT_DUE.value)
        cells.append(cell)
    return cells


def plan_overview(*, plan: Plan, today: dt.date, agency: Agency | None = None, direction=None) -> Overview:
    """The measures × periods matrix of one plan with counts; six queries whatever the size.

    Implementation outcomes count a one-off measure by its (last) deadline and an annual one per
    occurrence (``occurrences``), rolled up to the measure (``outcomes``): any occurrence not
    completed or overdue makes the measure so.
    """
    periods = list(plan.periods.order_by("start"))
    measures = plan.measures.select_related("direction").order_by("direction__number", "number")
    if agency is not None:
        measures = measures.filter(responsibilities__agency=agency)
    if direction is not None:
        measures = measures.filter(direction=direction)
    measures = list(measures)
    folded = _plan_reports(plan, periods, today, agency)
    due_dates = _plan_due_dates(measures)

    blocks: dict[int, DirectionBlock] = {}
    outcomes: Counter = Counter()
    occurrences: Counter = Counter()
    per_period = {p.id: Counter() for p in periods}
    for measure in measures:
        block = blocks.setdefault(measure.direction_id, DirectionBlock(measure.direction))
        block.measures += 1
        if measure.classified:
            block.classified += 1
            block.rows.append(MatrixRow(measure, []))
            continue
        cells = _cells(measure, periods, folded, agency)
        for period, cell in zip(periods, cells, strict=True):
            per_period[period.id][cell.state] += 1
        # An annual measure is due again every year; any other is one obligation answering its last
        # date (as the workflow files it), so an earlier date in "2014, 2015 жылғы 5 шілде" is not overdue.
        dates = due_dates[measure.id] if measure.recurring else due_dates[measure.id][-1:]
        per_occurrence = [_outcome(folded.reported[measure.id], due, today) for due in dates]
        if measure.recurring:
            occurrences.update(per_occurrence)
        outcome = _rolled_up(per_occurrence)
        outcomes[outcome] += 1
        block.outcomes[outcome] += 1
        block.rows.append(MatrixRow(measure, cells, outcome))
    return Overview(
        plan=plan,
        periods=periods,
        directions=list(blocks.values()),
        measures=len(measures),
        classified=sum(b.classified for b in blocks.values()),
        outcomes=outcomes,
        occurrences=occurrences,
        per_period=[(p.label, per_period[p.id]) for p in periods],
    )


# --- timeliness scorecard -------------------------------------------------------------------------


COUNTS = ("obligations", "on_time", "late", "late_days", "missing", "returned", "pending")  # in the order annotated


def scorecard(filtered: QuerySet, today: dt.date, plan: Plan | None) -> list[dict]:
    """Per agency and period of the (already filtered, state-annotated) reports: obligations,
    on time, late with average days, missing, returned, and the on-time rate of those that were due.

    Grouped in the database by integers only (agency id, period year and number: one row per
    agency and quarter across plans); the agencies' names are added here, since grouping by them
    tripled the query's time.
    """
    T = Submission.Timeliness
    # The conditions themselves rather than the state annotation: filtering on the annotation would
    # evaluate the whole CASE for every row and every count.
    timeliness = Submission.timeliness_filters(today)
    groups = (
        filtered.order_by()
        .values_list("agency_id", "period__year", "period__number")
        .annotate(
            obligations=Count("id"),
            on_time=Count("id", filter=timeliness[T.ON_TIME]),
            late=Count("id", filter=timeliness[T.LATE]),
            late_days=Coalesce(Sum("days_late", filter=timeliness[T.LATE]), 0),
            missing=Count("id", filter=timeliness[T.MISSING]),
            returned=Count("id", filter=timeliness[T.RETURNED]),
            pending=Count("id", filter=timeliness[T.PENDING]),
        )
    )
    agencies = {a.pk: a for a in Agency.objects.only("code", "name_kk", "name_ru", "name_en")}
    labels = dict(period_labels(plan))
    rows = []
    named = {}  # each agency's code, order and name, read once rather than once per period
    for agency_id, year, number, *values in groups:
        agency = agencies[agency_id]
        if agency_id not in named:
            named[agency_id] = {
                "agency_code": agency.code,
                "agency_order": collation_key(agency.code),
                "agency_name": agency.name,
            }
        key = f"{year}-{number}"
        r = {
            "agency": agency,
            "agency_id": agency_id,
            **named[agency_id],
            "period": labels.get(key, key),
            "period_key": f"{year}-{number:02d}",
            **dict(zip(COUNTS, values, strict=True)),
        }
        r["late_avg"] = round(r["late_days"] / r["late"], 1) if r["late"] else None
        r["rate"] = _rate(r)
        rows.append(r)
    return rows


def _rate(r: dict) -> float | None:
    counted = r["obligations"] - r["pending"]
    return round(r["on_time"] / counted, 3) if counted else None


def rollup(rows: list[dict], key: str | None) -> list[dict]:
    """Sums scorecard rows by ``key`` (e.g. "agency_code"; None: all into one) in first-seen
    order; each sum keeps the labels of its first row."""
    sums: dict = {}
    for r in rows:
        group = r[key] if key else None
        if group not in sums:
            sums[group] = {
                **{k: r[k] for k in ("period", "period_key", "agency_code", "agency_name")},
                **dict.fromkeys(COUNTS, 0),
            }
        for name in COUNTS:
            sums[group][name] += r[name]
    for s in sums.values():
        s["rate"] = _rate(s)
        s["late_avg"] = round(s["late_days"] / s["late"], 1) if s["late"] else None
    return list(sums.values())


# --- overdue list ---------------------------------------------------------------------------------


def overdue(filtered: QuerySet, today: dt.date) -> QuerySet:
    """Outstanding reports past their due date, with reminders sent and escalation level (0 none,
    1 agency head, 2 ministry); counted by subqueries so only the shown page pays for them."""
    K = Reminder.Kind
    reminders = Reminder.objects.filter(submission=OuterRef("pk")).order_by().values("submission")
    sent = reminders.filter(status=Reminder.Status.SENT).annotate(n=Count("id")).values("n")
    # Correlated on the report (its index): as EXISTS, PostgreSQL hashed every plan's reminders.
    level = Case(When(kind=K.ESCALATION_MINISTRY, then=Value(2)), default=Value(1), output_field=IntegerField())
    escalated = (
        reminders.filter(kind__in=(K.ESCALATION_MINISTRY, K.ESCALATION_HEAD)).annotate(level=Max(level)).values("level")
    )
    return (
        overdue_reports(filtered, today)
        .select_related("agency", "measure", "period__plan")
        .annotate(
            reminders_sent=Coalesce(Subquery(sent, output_field=IntegerField()), 0),
            escalation=Coalesce(Subquery(escalated, output_field=IntegerField()), 0),
        )
        .order_by("due", "agency__code", "measure__number")
    )


# --- budget ---------------------------------------------------------------------------------------


def _spent_reports(agency: Agency | None) -> QuerySet:
    """Reports whose spending counts: the lead's consolidated report already includes the
    co-executors' contributions, so those are left out unless one agency is looked at."""
    qs = Submission.objects.filter(status__in=Submission.REPORTED)  # callers pass public measures only
    if agency is not None:
        return qs.filter(agency=agency)
    return qs.exclude(role=Submission.Role.CONTRIBUTION)


MONEY = DecimalField(max_digits=16, decimal_places=1)


def budget_measures(measures: QuerySet, agency: Agency | None = None) -> QuerySet:
    """Public measures with ``planned`` (budget lines) and ``spent_total`` (reported spending)."""
    planned = (
        BudgetLine.objects.filter(measure=OuterRef("pk"))
        .order_by()
        .values("measure")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    spent = (
        _spent_reports(agency)
        .filter(measure=OuterRef("pk"))
        .order_by()
        .values("measure")
        .annotate(s=Sum("spent"))
        .values("s")
    )
    return (
        measures.filter(classified=False)
        .select_related("direction", "plan")
        .annotate(
            planned=Coalesce(Subquery(planned, output_field=MONEY), Value(Decimal(0)), output_field=MONEY),
            spent_total=Coalesce(Subquery(spent, output_field=MONEY), Value(Decimal(0)), output_field=MONEY),
        )
        .annotate(balance=F("planned") - F("spent_total"))
        .order_by("plan__code", "direction__number", "number")
    )


SOURCES = ("measure__funding_source_kk", "measure__funding_source_ru", "measure__funding_source_en")


def _source_in_language(texts: list[str]) -> str:
    """The funding source in the reader's language, or the original one (marked where shown)."""
    holder = SimpleNamespace(**{f"funding_source_{lang}": text for lang, text in zip(LANGUAGES, texts, strict=True)})
    return localized(holder, "funding_source")


def budget_summaries(
    measures: QuerySet, agency: Agency | None = None, plan: Plan | None = None
) -> dict[str, list[dict]]:
    """Planned vs spent per plan, direction, year and funding source of the given (public) measures.

    Two queries grouped by (direction, funding source, year), one for budget lines and one for
    reported spending, folded here into the four summaries: grouping each summary in the database
    read the large reports table four times.
    """
    public = measures.filter(classified=False).order_by()
    directions = {
        d.pk: d
        for d in Direction.objects.filter(pk__in=public.values("direction_id"))
        .select_related("plan")
        .only("number", "title_kk", "title_ru", "title_en", "plan__code")
    }
    # The plan, said again on the joined tables, lets PostgreSQL read that plan's rows by index
    # instead of joining every plan's measures and periods.
    in_plan = {"measure__plan": plan} if plan is not None else {}
    planned = (
        BudgetLine.objects.filter(measure__in=public, **in_plan)
        .order_by()
        .values_list("measure__direction_id", *SOURCES, "year")
        .annotate(s=Sum("amount"))
    )
    spent = (
        _spent_reports(agency)
        .filter(measure__in=public, spent__isnull=False, **in_plan, **({"period__plan": plan} if plan else {}))
        .order_by()
        .values_list("measure__direction_id", *SOURCES, "period__year")
        .annotate(s=Sum("spent"))
    )
    sums: dict[str, dict] = {"plan": {}, "direction": {}, "year": {}, "source": {}}

    def add(kind: str, key, target: str, amount: Decimal) -> None:
        entry = sums[kind].setdefault(key, {"key": key, "planned": Decimal(0), "spent": Decimal(0)})
        entry[target] += amount

    for rows, target in ((planned, "planned"), (spent, "spent")):
        for direction, *texts, year, amount in rows:
            source = _source_in_language(texts)
            add("plan", directions[direction].plan.code, target, amount)
            add("direction", direction, target, amount)
            add("year", year, target, amount)
            add("source", source, target, amount)
    for kind in sums.values():
        for entry in kind.values():
            entry["balance"] = entry["planned"] - entry["spent"]
    for entry in sums["direction"].values():
        d = directions[entry["key"]]
        entry.update(code=d.plan.code, number=d.number, title=d.title)
    return {
        "plan": sorted(sums["plan"].values(), key=lambda e: e["key"]),
        "direction": sorted(sums["direction"].values(), key=lambda e: (e["code"], e["number"])),
        "year": sorted(sums["year"].values(), key=lambda e: e["key"]),
        "source": sorted(sums["source"].values(), key=lambda e: (-e["planned"], e["key"])),
    }
