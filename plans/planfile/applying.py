"""Writing a validated plan file to the database in bulk: a bounded number of queries however many
measures the plan has, all in one transaction, after the safety rules in `changes` have passed."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from plans.models import (
    Agency,
    Amendment,
    BudgetLine,
    Direction,
    Measure,
    MeasureDueDate,
    Plan,
    PlanVersion,
    Responsibility,
)
from plans.periods import plan_generate_periods

from .changes import AGENCY_COMPARED, DatabaseState, PlanChanges, load_state, plan_file_changes
from .validation import PlanFile

MEASURE_FIELDS = (
    "number",
    "direction",
    "title_kk",
    "title_ru",
    "title_en",
    "form_kind",
    "form_text_kk",
    "form_text_ru",
    "form_text_en",
    "responsible_text",
    "deadline_text",
    "schedule",
    "expenses_text",
    "budget_note_kk",
    "budget_note_ru",
    "budget_note_en",
    "funding_source_kk",
    "funding_source_ru",
    "funding_source_en",
    "classified",
)
# Renumbered measures pass through numbers no measure has, so that two of them may swap numbers.
RENUMBER_OFFSET = 10000


@dataclass
class VersionInfo:
    """The act behind an applied file and the file itself; the act is inferred when not given."""

    kind: str = ""
    act_kind: str = ""
    act_number: str = ""
    act_date: object = None
    effective_date: object = None
    applied_by: object = None
    file_name: str = ""
    file_content: bytes = b""


@dataclass
class ImportResult:
    plan: Plan
    changes: PlanChanges
    version: PlanVersion | None = None

    @property
    def changed(self) -> bool:
        return not self.changes.is_empty

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        groups = {
            "agencies": self.changes.agencies,
            "amendments": self.changes.amendments,
            "directions": self.changes.directions,
            "measures": self.changes.measures,
            "periods": self.changes.periods,
        }
        names = {"added": "created", "changed": "updated", "removed": "deleted"}
        return {what: {names[k]: len(v) for k, v in g.items() if k in names} for what, g in groups.items()}

    def summary(self) -> str:
        if not self.changed:
            return f"Plan {self.plan.code}: already up to date, nothing changed"
        parts = [
            f"{what}: " + ", ".join(f"{n} {k}" for k, n in c.items() if n)
            for what, c in self.counts.items()
            if any(c.values())
        ]
        if self.changes.plan_fields:
            parts.insert(0, "plan fields: " + ", ".join(c.field for c in self.changes.plan_fields))
        return f"Plan {self.plan.code}: " + "; ".join(parts)


def _write_agencies(pf: PlanFile, state: DatabaseState) -> dict[str, Agency]:
    existing = dict(state.agencies)
    new = [Agency(**a) for code, a in pf.agencies.items() if code not in existing]
    Agency.objects.bulk_create(new)
    changed = []
    for code, agency in existing.items():
        values = {k: v for k, v in pf.agencies[code].items() if k in AGENCY_COMPARED and v and getattr(agency, k) != v}
        if values:
            for k, v in values.items():
                setattr(agency, k, v)
            changed.append(agency)
    Agency.objects.bulk_update(changed, AGENCY_COMPARED)
    if new:
        existing.update({a.code: a for a in Agency.objects.filter(code__in=[a.code for a in new])})
    return existing


def _write_plan(pf: PlanFile, state: DatabaseState, agencies: dict[str, Agency], extra: dict) -> Plan:
    values = {**{k: v for k, v in pf.plan.items() if k not in ("code", "ministry")}, **extra}
    values["ministry"] = agencies.get(pf.plan["ministry"])
    plan = state.plan
    if plan is None:
        plan = Plan.objects.create(code=pf.code, **values)
    else:
        changed = [k for k, v in values.items() if getattr(plan, k) != v]
        for k in changed:
            setattr(plan, k, values[k])
        if changed:
            plan.save(update_fields=changed)
    if state.plan is None or {a.pk for a in plan.agencies.all()} != {a.pk for a in agencies.values()}:
        plan.agencies.set(agencies.values())
    return plan


def _write_amendments(pf: PlanFile, plan: Plan) -> None:
    old = {(a.act_number, a.act_date): a for a in plan.amendments.all()}
    new = {(a["act_number"], a["act_date"]): a for a in pf.amendments}
    plan.amendments.filter(pk__in=[a.pk for k, a in old.items() if k not in new]).delete()
    Amendment.objects.bulk_create([Amendment(plan=plan, **a) for k, a in new.items() if k not in old])
    changed = []
    for key, a in old.items():
        if key in new and (a.act_kind, a.note) != (new[key]["act_kind"], new[key]["note"]):
            a.act_kind, a.note = new[key]["act_kind"], new[key]["note"]
            changed.append(a)
    Amendment.objects.bulk_update(changed, ["act_kind", "note"])


def _write_directions(pf: PlanFile, plan: Plan) -> dict[int, Direction]:
    existing = {d.number: d for d in plan.directions.all()}
    titles: dict[int, dict[str, str]] = {}
    for m in pf.measures:
        titles.setdefault(m.direction_number, m.direction_title)
    Direction.objects.bulk_create(
        [
            Direction(plan=plan, number=n, **{f"title_{k}": v for k, v in t.items()})
            for n, t in titles.items()
            if n not in existing
        ]
    )
    changed = [
        d
        for n, d in existing.items()
        if n in titles and any(getattr(d, f"title_{k}") != v for k, v in titles[n].items())
    ]
    for d in changed:
        for k, v in titles[d.number].items():
            setattr(d, f"title_{k}", v)
    Direction.objects.bulk_update(changed, ["title_kk", "title_ru", "title_en"])
    return {d.number: d for d in plan.directions.all()}


def _write_measures(pf: PlanFile, plan: Plan, directions: dict, matched: dict[int, Measure]) -> dict[int, Measure]:
    continued = {m.pk for m in matched.values()}
    plan.measures.exclude(pk__in=continued).delete()
    renumbered = [(m, matched[m.row]) for m in pf.measures if m.row in matched and matched[m.row].number != m.number]
    for _, old in renumbered:
        old.number += RENUMBER_OFFSET
    Measure.objects.bulk_update([old for _, old in renumbered], ["number"])
    changed, new = [], []
    for m in pf.measures:
        values = {**m.values, "number": m.number, "direction": directions[m.direction_number]}
        old = matched.get(m.row)
        if old is None:
            new.append(Measure(plan=plan, **values))
        elif any(getattr(old, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(old, k, v)
            changed.append(old)
    Measure.objects.bulk_update(changed, MEASURE_FIELDS)
    Measure.objects.bulk_create(new)
    plan.directions.exclude(number__in={m.direction_number for m in pf.measures}).delete()
    return {
        m.number: m for m in plan.measures.prefetch_related("responsibilities__agency", "budget_lines", "due_dates")
    }


def _write_details(pf: PlanFile, measures: dict[int, Measure], agencies: dict[str, Agency]) -> None:
    """Responsibilities, budget lines and due dates, rewritten only for the measures whose ones changed."""
    stale = {"responsibilities": [], "budget": [], "due": []}
    rows = {"responsibilities": [], "budget": [], "due": []}
    for m in pf.measures:
        measure = measures[m.number]
        if [(r.agency.code, r.is_lead, r.by_agreement) for r in measure.responsibilities.all()] != m.responsibilities:
            stale["responsibilities"].append(measure.pk)
            rows["responsibilities"] += [
                Responsibility(measure=measure, agency=agencies[code], is_lead=lead, by_agreement=agreed, order=order)
                for order, (code, lead, agreed) in enumerate(m.responsibilities)
            ]
        if {b.year: b.amount for b in measure.budget_lines.all()} != m.budget:
            stale["budget"].append(measure.pk)
            rows["budget"] += [BudgetLine(measure=measure, year=y, amount=a) for y, a in sorted(m.budget.items())]
        if [d.due for d in measure.due_dates.all()] != m.due_dates:
            stale["due"].append(measure.pk)
            rows["due"] += [MeasureDueDate(measure=measure, due=d) for d in m.due_dates]
    for key, model in (("responsibilities", Responsibility), ("budget", BudgetLine), ("due", MeasureDueDate)):
        if stale[key]:
            model.objects.filter(measure_id__in=stale[key]).delete()
            model.objects.bulk_create(rows[key])


def inferred_act(plan_file: PlanFile, changes: PlanChanges) -> dict:
    """The approving act for a new plan, the newest amendment the file adds, or else a correction."""
    if changes.is_new:
        p = plan_file.plan
        return {
            "kind": PlanVersion.Kind.APPROVAL,
            "act_kind": p["act_kind"],
            "act_number": p["act_number"],
            "act_date": p["act_date"],
        }
    added = {row.key for row in changes.amendments["added"]}
    new = [a for a in plan_file.amendments if f"No. {a['act_number']} ({a['act_date']:%d.%m.%Y})" in added]
    if new:
        a = max(new, key=lambda a: a["act_date"])
        return {
            "kind": PlanVersion.Kind.AMENDMENT,
            "act_kind": a["act_kind"],
            "act_number": a["act_number"],
            "act_date": a["act_date"],
        }
    return {"kind": PlanVersion.Kind.CORRECTION, "act_kind": "", "act_number": "", "act_date": None}


def _record_version(plan: Plan, plan_file: PlanFile, changes: PlanChanges, info: VersionInfo) -> PlanVersion:
    act = dict(inferred_act(plan_file, changes).items())
    if info.kind:
        act = {"kind": info.kind, "act_kind": info.act_kind, "act_number": info.act_number, "act_date": info.act_date}
    last = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        **act,
        effective_date=info.effective_date,
        applied_by=info.applied_by,
        applied_at=timezone.now(),
        file_name=info.file_name,
        file_content=info.file_content,
        checksum=hashlib.sha256(info.file_content).hexdigest(),
        changes=changes_as_json(changes),
    )


def changes_as_json(changes: PlanChanges) -> dict:
    return dataclasses.asdict(changes)


@transaction.atomic
def plan_file_apply(
    *, plan_file: PlanFile, training_of: Plan | None = None, year_offset: int = 0, version: VersionInfo | None = None
) -> ImportResult:
    """Bring the database in line with ``plan_file`` (refused by the safety rules as in the preview)."""
    state = load_state(plan_file, lock=True)
    changes, matched = plan_file_changes(plan_file, state)
    agencies = _write_agencies(plan_file, state)
    extra = {"is_training": training_of is not None, "source_plan": training_of, "year_offset": year_offset}
    plan = _write_plan(plan_file, state, agencies, extra)
    _write_amendments(plan_file, plan)
    directions = _write_directions(plan_file, plan)
    measures = _write_measures(plan_file, plan, directions, matched)
    _write_details(plan_file, measures, agencies)
    plan_generate_periods(plan=plan)
    recorded = None if changes.is_empty else _record_version(plan, plan_file, changes, version or VersionInfo())
    return ImportResult(plan=plan, changes=changes, version=recorded)
