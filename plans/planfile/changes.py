"""What applying a plan file would change, compared field by field with the database — and the
safety rules that refuse a file which would move or lose a report.

`plan_file_changes` only reads; the preview pages and ``import_plan --dry-run`` show its answer,
and `applying` writes exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from plans.models import LANGUAGES, Agency, Measure, Plan, ReportingPeriod

from .. import clock
from .columns import PLAN_FIELDS
from .problems import Checker, Problem
from .validation import ParsedMeasure, PlanFile
from .wording import normalize

TEXT_FIELDS = (
    ("title", "title"),
    ("form_of_completion", "form_text"),
    ("budget_note", "budget_note"),
    ("funding_source", "funding_source"),
)

# Every plan field but its code, which names the plan being changed.
PLAN_COMPARED = tuple(f for f in PLAN_FIELDS if f != "code")
RULE_FIELDS = ("period_months", "agency_due_day", "ministry_due_day")
AGENCY_COMPARED = ("name_kk", "name_ru", "name_en", "kind", "territory")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class RowChange:
    """One added, changed or removed row; ``reports`` counts the reports already filed on it."""

    key: str
    label: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    reports: int = 0
    # A classified measure shows only its number; pages say "classified" instead of a title.
    classified: bool = False


@dataclass
class PlanChanges:
    code: str
    is_new: bool
    plan_fields: list[FieldChange] = field(default_factory=list)
    agencies: dict[str, list[RowChange]] = field(default_factory=lambda: {"added": [], "changed": []})
    amendments: dict[str, list[RowChange]] = field(default_factory=lambda: {"added": [], "removed": []})
    directions: dict[str, list[RowChange]] = field(default_factory=lambda: {"added": [], "changed": [], "removed": []})
    measures: dict[str, list[RowChange]] = field(default_factory=lambda: {"added": [], "changed": [], "removed": []})
    periods: dict[str, list[RowChange]] = field(default_factory=lambda: {"added": [], "changed": [], "removed": []})

    @property
    def is_empty(self) -> bool:
        groups = (self.agencies, self.amendments, self.directions, self.measures, self.periods)
        return not self.plan_fields and not any(rows for g in groups for rows in g.values())

    @property
    def reports_touched(self) -> int:
        return sum(c.reports for c in self.measures["changed"])

    def lines(self) -> list[str]:
        """The preview as plain text lines (``import_plan --dry-run``)."""
        out = [
            f"Plan {self.code}: "
            + ("new plan" if self.is_new else "nothing would change" if self.is_empty else "changes")
        ]
        out += [f"  plan {c.field}: {c.old!r} → {c.new!r}" for c in self.plan_fields]
        for what, groups in (
            ("agency", self.agencies),
            ("amendment", self.amendments),
            ("direction", self.directions),
            ("measure", self.measures),
            ("period", self.periods),
        ):
            for outcome, rows in groups.items():
                for row in rows:
                    reports = f" ({row.reports} report(s), due or filed)" if row.reports else ""
                    out.append(f"  {what} {row.key} {outcome}{reports}" + (f": {row.label}" if row.label else ""))
                    out += [f"      {c.field}: {c.old!r} → {c.new!r}" for c in row.fields]
        if self.reports_touched:
            out.append(f"  reports (due or filed) on changed measures: {self.reports_touched}")
        return out


@dataclass
class DatabaseState:
    """Everything of the database a plan file is compared with, read in a fixed number of queries."""

    plan: Plan | None
    agencies: dict[str, Agency]
    other_plans: dict[str, list[str]]
    measures: dict[int, Measure]
    reports: dict[int, int]
    periods: dict[tuple[int, int], ReportingPeriod]
    period_reports: dict[tuple[int, int], int]


def load_state(plan_file: PlanFile, *, lock: bool = False) -> DatabaseState:
    plans = Plan.objects.filter(code=plan_file.code)
    plan = (plans.select_for_update(of=("self",)) if lock else plans).select_related("ministry").first()
    agencies = {a.code: a for a in Agency.objects.filter(code__in=plan_file.agencies)}
    other_plans: dict[str, list[str]] = {}
    for code, plan_code in (
        Plan.agencies.through.objects.filter(agency__code__in=plan_file.agencies)
        .exclude(plan__code=plan_file.code)
        .values_list("agency__code", "plan__code")
    ):
        other_plans.setdefault(code, []).append(plan_code)
    if plan is None:
        return DatabaseState(None, agencies, other_plans, {}, {}, {}, {})
    measures = {
        m.number: m
        for m in plan.measures.select_related("direction").prefetch_related(
            "responsibilities__agency", "budget_lines", "due_dates"
        )
    }
    reports = dict(plan.measures.annotate(n=Count("submissions")).filter(n__gt=0).values_list("number", "n"))
    periods = {(p.year, p.number): p for p in plan.periods.annotate(n=Count("submissions"))}
    period_reports = {k: p.n for k, p in periods.items() if p.n}
    return DatabaseState(plan, agencies, other_plans, measures, reports, periods, period_reports)


# --- field views ---------------------------------------------------------------------------------


def _amount(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _responsible(rows) -> str:
    return ", ".join(code + " (lead)" * lead + " (by agreement)" * agreed for code, lead, agreed in rows)


def file_measure_fields(m: ParsedMeasure) -> dict[str, str]:
    v = m.values
    return {
        "direction": str(m.direction_number),
        **{f"{c}_{lang}": v[f"{f}_{lang}"] for c, f in TEXT_FIELDS for lang in LANGUAGES},
        "form_kind": v["form_kind"],
        "responsible": v["responsible_text"],
        "agencies": _responsible(m.responsibilities),
        "deadline": v["deadline_text"],
        "due dates": ", ".join(d.isoformat() for d in m.due_dates),
        "expenses": v["expenses_text"],
        "budget": ", ".join(f"{y}: {_amount(a)}" for y, a in sorted(m.budget.items())),
        "classified": "yes" if v["classified"] else "",
    }


def db_measure_fields(m: Measure) -> dict[str, str]:
    return {
        "direction": str(m.direction.number),
        **{f"{c}_{lang}": getattr(m, f"{f}_{lang}") for c, f in TEXT_FIELDS for lang in LANGUAGES},
        "form_kind": m.form_kind,
        "responsible": m.responsible_text,
        "agencies": _responsible((r.agency.code, r.is_lead, r.by_agreement) for r in m.responsibilities.all()),
        "deadline": m.deadline_text,
        "due dates": ", ".join(d.due.isoformat() for d in m.due_dates.all()),
        "expenses": m.expenses_text,
        "budget": ", ".join(f"{b.year}: {_amount(b.amount)}" for b in m.budget_lines.all()),
        "classified": "yes" if m.classified else "",
    }


def _diff(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    return [FieldChange(k, old.get(k, ""), v) for k, v in new.items() if old.get(k, "") != v]


def _plan_value(plan: Plan, name: str) -> str:
    if name == "ministry":
        return plan.ministry.code if plan.ministry else ""
    value = getattr(plan, name)
    return "" if value is None else str(value)


def wanted_periods(plan_values: dict, kept_years: set[int] = frozenset()) -> dict[tuple[int, int], tuple]:
    """The periods the plan's rule gives, by (year, number), for every year but ``kept_years``."""
    out = {}
    per_year = 12 // plan_values["period_months"]
    for year in range(plan_values["first_year"], plan_values["last_year"] + 1):
        if year in kept_years:
            continue
        for number in range(1, per_year + 1):
            out[(year, number)] = ReportingPeriod.bounds(
                year,
                number,
                plan_values["period_months"],
                plan_values["agency_due_day"],
                plan_values["ministry_due_day"],
            )
    return out


# --- comparison ----------------------------------------------------------------------------------


def _compare_plan(pf: PlanFile, state: DatabaseState, changes: PlanChanges, check: Checker) -> None:
    if state.plan is None:
        return
    new = {k: str(pf.plan[k] if pf.plan[k] is not None else "") for k in PLAN_COMPARED}
    changes.plan_fields = _diff({k: _plan_value(state.plan, k) for k in PLAN_COMPARED}, new)
    changed_rule = [c for c in changes.plan_fields if c.field in RULE_FIELDS]
    if changed_rule and state.reports and not _rule_changes_in_future(pf, state):
        what = ", ".join(f"{c.field} {c.old} → {c.new}" for c in changed_rule)
        message = _(
            "plan %(code)s already has reports, so its reporting rule cannot change (%(what)s) "
            "for the periods reported "
            "on: set rule_from_year to a coming year in which nothing is reported yet (e.g. %(next)s), or keep the rule"
        )
        values = {"code": pf.code, "what": what, "next": clock.today().year + 1}
        check.add("plan", None, changed_rule[0].field, message % values)


def _rule_changes_in_future(pf: PlanFile, state: DatabaseState) -> bool:
    """The new rule starts with a year that has not begun and in which nothing is reported."""
    start = pf.plan["rule_from_year"]
    if not start or start <= clock.today().year:
        return False
    return not any(year >= start for year, _number in state.period_reports)


def kept_years(pf: PlanFile, state: DatabaseState) -> set[int]:
    """Years before the rule's start whose existing periods stay exactly as they are."""
    start = pf.plan["rule_from_year"]
    return {year for year, _number in state.periods if start and year < start}


def _compare_agencies(pf: PlanFile, state: DatabaseState, changes: PlanChanges, check: Checker) -> None:
    for code, a in pf.agencies.items():
        old = state.agencies.get(code)
        if old is None:
            changes.agencies["added"].append(RowChange(code, a["name_kk"] or a["name_ru"] or a["name_en"]))
            continue
        # An empty cell leaves the name as it is; only a different, non-empty value changes it.
        fields = [
            c for c in _diff({k: getattr(old, k) for k in AGENCY_COMPARED}, {k: a[k] for k in AGENCY_COMPARED}) if c.new
        ]
        if not fields:
            continue
        renamed = [c for c in fields if c.old]
        if renamed and state.other_plans.get(code):
            plans = ", ".join(state.other_plans[code])
            message = _(
                "agency '%(code)s' is also in plan %(plans)s: this file (plan %(plan)s) would change its %(field)s "
                "from "
                "'%(old)s' to '%(new)s' there too; give the agency another code or leave its name as it is"
            )
            values = {
                "code": code,
                "plans": plans,
                "plan": pf.code,
                "field": renamed[0].field,
                "old": renamed[0].old,
                "new": renamed[0].new,
            }
            check.add("agencies", None, renamed[0].field, message % values)
        changes.agencies["changed"].append(RowChange(code, fields=fields))


def _compare_amendments(pf: PlanFile, state: DatabaseState, changes: PlanChanges) -> None:
    old = {(a.act_number, a.act_date): a for a in state.plan.amendments.all()} if state.plan else {}
    new = {(a["act_number"], a["act_date"]): a for a in pf.amendments}
    for key, a in new.items():
        if key not in old:
            changes.amendments["added"].append(RowChange(f"No. {key[0]} ({key[1]:%d.%m.%Y})", a["note"]))
        elif (old[key].act_kind, old[key].note) != (a["act_kind"], a["note"]):
            fields = _diff(
                {"act_kind": old[key].act_kind, "note": old[key].note}, {"act_kind": a["act_kind"], "note": a["note"]}
            )
            changes.amendments.setdefault("changed", []).append(RowChange(f"No. {key[0]}", fields=fields))
    for key in old.keys() - new.keys():
        changes.amendments["removed"].append(RowChange(f"No. {key[0]} ({key[1]:%d.%m.%Y})"))


def _compare_directions(pf: PlanFile, state: DatabaseState, changes: PlanChanges) -> None:
    old = {
        m.direction.number: {lang: getattr(m.direction, f"title_{lang}") for lang in LANGUAGES}
        for m in state.measures.values()
    }
    new: dict[int, dict[str, str]] = {}
    for m in pf.measures:
        new.setdefault(m.direction_number, m.direction_title)
    for number, titles in new.items():
        if number not in old:
            changes.directions["added"].append(RowChange(str(number), _first(titles)))
        elif old[number] != titles:
            fields = _diff(
                {f"title_{k}": v for k, v in old[number].items()}, {f"title_{k}": v for k, v in titles.items()}
            )
            changes.directions["changed"].append(RowChange(str(number), fields=fields))
    changes.directions["removed"] = [RowChange(str(n), _first(t)) for n, t in sorted(old.items()) if n not in new]


def _first(texts: dict[str, str]) -> str:
    return next((t for t in texts.values() if t), "")


def match_measures(pf: PlanFile, state: DatabaseState, check: Checker) -> dict[int, Measure]:
    """The existing measure each row of the file continues: the one named in its ``previous_number``,
    otherwise the one with its number unless another row took that one over (then the row is new)."""
    claimed = {m.previous_number for m in pf.measures if m.previous_number is not None}
    matched = {}
    for m in pf.measures:
        if m.previous_number is not None and m.previous_number not in state.measures:
            message = _("measure %(number)s: plan %(plan)s has no measure %(previous)s")
            check.add(
                "measures",
                m.row,
                "previous_number",
                message % {"number": m.number, "plan": pf.code, "previous": m.previous_number},
            )
        elif m.previous_number is not None:
            matched[m.row] = state.measures[m.previous_number]
        elif m.number in state.measures and m.number not in claimed:
            matched[m.row] = state.measures[m.number]
    return matched


def _check_moved_reports(pf: PlanFile, state: DatabaseState, matched: dict[int, Measure], check: Checker) -> None:
    """A measure with reports whose title turns up under another number would take the other's reports."""
    reported_titles = {
        normalize(title): n
        for n in state.reports
        for title in (getattr(state.measures[n], f"title_{lang}") for lang in LANGUAGES)
        if title
    }
    for m in pf.measures:
        titles = (normalize(m.values[f"title_{lang}"]) for lang in LANGUAGES)
        taken = (reported_titles[t] for t in titles if t in reported_titles and reported_titles[t] != m.number)
        old_number = next(taken, None)
        if old_number is not None and m.previous_number is None and old_number != m.number:
            message = _(
                "measure %(number)s has the title of measure %(old)s, which has %(reports)s report(s); if it was "
                "renumbered, write %(old)s in its previous_number column so that its reports move with it"
            )
            check.add(
                "measures",
                m.row,
                "number",
                message % {"number": m.number, "old": old_number, "reports": state.reports[old_number]},
            )
    continued = {id(measure) for measure in matched.values()}
    dropped = sorted(n for n, measure in state.measures.items() if id(measure) not in continued and n in state.reports)
    if dropped:
        numbers = ", ".join(str(n) for n in dropped)
        check.add(
            "measures",
            None,
            "number",
            _("measures %(numbers)s have reports and cannot be removed from the plan") % {"numbers": numbers},
        )


def _compare_measures(pf: PlanFile, state: DatabaseState, changes: PlanChanges, check: Checker) -> dict[int, Measure]:
    matched = match_measures(pf, state, check)
    _check_moved_reports(pf, state, matched, check)
    for m in pf.measures:
        old = matched.get(m.row)
        secret = m.values["classified"]
        label = "" if secret else _first({lang: m.values[f"title_{lang}"] for lang in LANGUAGES})[:120]
        if old is None:
            changes.measures["added"].append(RowChange(str(m.number), label, classified=secret))
            continue
        fields = _diff(db_measure_fields(old), file_measure_fields(m))
        if old.number != m.number:
            fields.insert(0, FieldChange("number", str(old.number), str(m.number)))
        if fields:
            changes.measures["changed"].append(
                RowChange(str(m.number), label, fields, state.reports.get(old.number, 0), classified=secret)
            )
    continued = {id(x) for x in matched.values()}
    changes.measures["removed"] = [
        RowChange(str(n), "" if x.classified else x.title[:120], classified=x.classified)
        for n, x in sorted(state.measures.items())
        if id(x) not in continued
    ]
    return matched


def _compare_periods(pf: PlanFile, state: DatabaseState, changes: PlanChanges, check: Checker) -> None:
    kept = kept_years(pf, state)
    wanted = wanted_periods(pf.plan, kept)
    for key, bounds in wanted.items():
        old = state.periods.get(key)
        label = ReportingPeriod(year=key[0], number=key[1], start=bounds[0], end=bounds[1]).label
        if old is None:
            changes.periods["added"].append(
                RowChange(label, f"{bounds[0]:%d.%m.%Y}–{bounds[1]:%d.%m.%Y} → {bounds[2]:%d.%m.%Y}")
            )
            continue
        names = ("start", "end", "agency_due", "ministry_due")
        fields = _diff(
            {n: getattr(old, n).isoformat() for n in names},
            {n: b.isoformat() for n, b in zip(names, bounds, strict=False)},
        )
        if fields:
            changes.periods["changed"].append(RowChange(label, fields=fields, reports=state.period_reports.get(key, 0)))
    for key, old in state.periods.items():
        if key not in wanted and key[0] not in kept:
            if state.period_reports.get(key):
                message = _("period %(period)s has %(reports)s report(s) and would fall outside the plan")
                check.add(
                    "plan", None, "first_year", message % {"period": old.label, "reports": state.period_reports[key]}
                )
            changes.periods["removed"].append(RowChange(old.label))


def plan_file_changes(
    plan_file: PlanFile, state: DatabaseState | None = None
) -> tuple[PlanChanges, dict[int, Measure]]:
    """What applying ``plan_file`` would change; `PlanFileInvalid` if a safety rule refuses it."""
    state = state or load_state(plan_file)
    check = Checker()
    changes = PlanChanges(code=plan_file.code, is_new=state.plan is None)
    _compare_plan(plan_file, state, changes, check)
    _compare_agencies(plan_file, state, changes, check)
    _compare_amendments(plan_file, state, changes)
    _compare_directions(plan_file, state, changes)
    matched = _compare_measures(plan_file, state, changes, check)
    _compare_periods(plan_file, state, changes, check)
    check.raise_if_any()
    return changes, matched


__all__ = ["FieldChange", "PlanChanges", "Problem", "RowChange", "load_state", "plan_file_changes"]
