"""The generated reports' contents, built from a plan in three steps:

1. a selector gathers each report's context (``consolidated_context``, ``agency_context``,
   ``measure_context``) in a fixed number of queries;
2. a template under ``templates/pdf/`` renders it as HTML (``render_html``), testable alone and
   served to the browser as well;
3. WeasyPrint turns that HTML into PDF (``render_pdf``).

Classified measures appear only as ``str(measure)`` ("measure N — classified"): no title, agency,
status, narrative or money of theirs reaches a document, including the summary's totals.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.template.defaultfilters import truncatechars
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.selectors import annex as indicator_annex
from plans import clock
from plans.formatting import document_ref, sort_by_name
from plans.models import Agency, Measure, Plan, ReportingPeriod, Responsibility, Submission, localized

# WeasyPrint logs every layout step at INFO; the report's own log lines are enough.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)
FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
AKIMATS_LISTED = 3  # more akimats than this on one measure are summarised as one entry
PDF_VARIANT = "pdf/a-2u"
REPORTING_ROLES = (Submission.Role.CONSOLIDATED, Submission.Role.OWN)

MS = Measure.Status
# A measure's status in a period, as the consolidated report counts it (in this order).
PERIOD_STATUSES = (
    MS.COMPLETED_EARLIER,
    MS.COMPLETED,
    MS.IN_PROGRESS,
    MS.NOT_STARTED,
    MS.NOT_COMPLETED,
    MS.NOT_REPORTED,
)
# Where agencies report without a lead, the measure is as far as its least advanced report.
_LEAST_ADVANCED_FIRST = [MS.NOT_COMPLETED, MS.NOT_STARTED, MS.IN_PROGRESS, MS.COMPLETED]


class ReportError(ValueError):
    """A report that cannot be built from what was asked (the message says why)."""


def period_title(period: ReportingPeriod) -> str:
    if period.plan.period_months == 3:
        return _("quarter %(number)s of %(year)s") % {"number": period.number, "year": period.year}
    return period.label


def deadline_wording(measure: Measure, lang: str) -> str:
    """The deadline in the report's language; as the decree wrote it where no schedule was read."""
    try:
        return measure.get_schedule().describe(lang) or measure.deadline_text
    except (KeyError, ValueError):  # a partial schedule (hand-made data) still has its text
        return measure.deadline_text


def form_wording(measure: Measure, lang: str) -> str:
    """The form as written in the report's language; without a text in that language, the
    translated kind of form."""
    text = localized(measure, "form_text", lang)
    return text if text and not text.fallback else measure.get_form_kind_display()


def letter_ref(sub: Submission) -> str:
    return document_ref(sub.letter_number, sub.letter_date)


def measure_status(reports: list[Submission]) -> Measure.Status:
    """The lead's accepted report decides; without a lead, the least advanced accepted OWN report."""
    accepted = [MS(s.progress) for s in reports if s.status == Submission.Status.ACCEPTED and s.progress]
    if not accepted:
        return MS.NOT_REPORTED
    return min(accepted, key=_LEAST_ADVANCED_FIRST.index)


@dataclass
class AgencyLine:
    agency: Agency
    missing: list[int] = field(default_factory=list)
    late: list[int] = field(default_factory=list)


@dataclass
class MeasureLine:
    measure: Measure
    label: str
    responsible: list[tuple[str, bool, bool]] = field(default_factory=list)
    deadline: str = ""
    form: str = ""
    status: str = ""
    narratives: list[tuple[str, str]] = field(default_factory=list)
    letters: list[str] = field(default_factory=list)
    planned: Decimal | None = None
    spent: Decimal | None = None
    # The accepted report that completed the measure (in this period or before), and for a
    # recurring measure the state of each occurrence due so far.
    completion: dict | None = None
    occurrences: list[dict] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(MS(self.status).label) if self.status else _("no report due yet")


@dataclass
class Summary:
    by_status: dict[str, int]
    measures_reported_on: int
    classified: int
    due: int  # obligations whose due date has passed or that were sent: the on-time rate's base
    on_time: int
    planned: Decimal
    spent: Decimal
    agencies: list[AgencyLine]

    @property
    def on_time_rate(self) -> int | None:
        return round(100 * self.on_time / self.due) if self.due else None

    @property
    def execution_rate(self) -> int | None:
        return round(100 * self.spent / self.planned) if self.planned else None

    @property
    def late_agencies(self) -> list[AgencyLine]:
        return [a for a in self.agencies if a.late]

    @property
    def missing_agencies(self) -> list[AgencyLine]:
        return [a for a in self.agencies if a.missing]


def _plan_measures(plan: Plan):
    return (
        plan.measures.select_related("direction")
        .prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("agency").order_by("order")),
            "budget_lines",
            "due_dates",
        )
        .order_by("direction__number", "number")
    )


# Every central body's name starts or ends with the country's; in a table it only takes room.
_COUNTRY = re.compile(r"^Қазақстан Республикасы(ның)?\s+|\s+Республики Казахстан$|\s+of the Republic of Kazakhstan$")


def short_name(agency: Agency) -> str:
    return _COUNTRY.sub("", agency.name) or agency.name


def _responsible(measure: Measure) -> list[tuple[str, bool, bool]]:
    """(name, is lead, by agreement) of each responsible agency. A long run of akimats (the decree's
    "облыстардың, Астана мен Алматы қалаларының әкімдіктері") is one entry, as the decree writes it;
    the annex names any akimat that did not report."""
    responsibilities = list(measure.responsibilities.all())
    akimats = [r for r in responsibilities if r.agency.kind == Agency.Kind.AKIMAT and not r.is_lead]
    if len(akimats) <= AKIMATS_LISTED:
        akimats = []
    named = [(short_name(r.agency), r.is_lead, r.by_agreement) for r in responsibilities if r not in akimats]
    if akimats:
        named.append((_("akimats of %(count)s regions and cities") % {"count": len(akimats)}, False, False))
    return named


def _spent_to_date(plan: Plan, period: ReportingPeriod) -> dict[int, Decimal]:
    """Accepted spending of each measure from the start of the period's year to its end."""
    rows = (
        Submission.objects.filter(
            period__plan=plan,
            period__year=period.year,
            period__start__lte=period.start,
            status=Submission.Status.ACCEPTED,
            role__in=REPORTING_ROLES,
            spent__isnull=False,
        )
        .values("measure")
        .annotate(total=Sum("spent"))
    )
    return {row["measure"]: row["total"] for row in rows}


@dataclass
class _Tally:
    """What the consolidated report's summary counts, gathered measure by measure."""

    today: dt.date
    agencies: dict[int, AgencyLine] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PERIOD_STATUSES, 0))
    due: int = 0
    on_time: int = 0
    classified: int = 0
    planned: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)

    def count_timeliness(self, measure: Measure, subs: list[Submission]) -> None:
        T = Submission.Timeliness
        for sub in subs:
            timeliness = sub.timeliness(self.today)
            self.due += timeliness != T.PENDING
            self.on_time += timeliness == T.ON_TIME
            agency = self.agencies.setdefault(sub.agency_id, AgencyLine(agency=sub.agency))
            if timeliness == T.MISSING:
                agency.missing.append(measure.number)
            elif timeliness == T.LATE:
                agency.late.append(measure.number)

    def summary(self) -> Summary:
        return Summary(
            by_status=self.by_status,
            measures_reported_on=sum(n for key, n in self.by_status.items() if key != MS.COMPLETED_EARLIER),
            classified=self.classified,
            due=self.due,
            on_time=self.on_time,
            planned=self.planned,
            spent=self.spent,
            agencies=sort_by_name(self.agencies.values(), name=lambda a: short_name(a.agency)),
        )


def _accepted_content(line: MeasureLine, reporting: list[Submission]) -> list[Submission]:
    """Put the accepted reports' narratives and letters on the line; return those reports."""
    accepted = [sub for sub in reporting if sub.status == Submission.Status.ACCEPTED]
    for sub in accepted:
        if sub.narrative or sub.reason:
            line.narratives.append((short_name(sub.agency), "\n".join(t for t in (sub.narrative, sub.reason) if t)))
        if ref := letter_ref(sub):
            line.letters.append(f"{short_name(sub.agency)}: {ref}" if len(reporting) > 1 else ref)
    return accepted


def _measure_line(measure: Measure, period: ReportingPeriod, lang: str, spent: dict[int, Decimal]) -> MeasureLine:
    line = MeasureLine(measure=measure, label=str(measure))
    if measure.classified:
        return line
    line.responsible = _responsible(measure)
    line.deadline = deadline_wording(measure, lang)
    line.form = form_wording(measure, lang)
    line.planned = next((b.amount for b in measure.budget_lines.all() if b.year == period.year), None)
    line.spent = spent.get(measure.pk)
    return line


def _completions(plan: Plan, period: ReportingPeriod) -> dict[int, list[Submission]]:
    """Accepted "completed" reports of the lead or an own reporter, up to the period, by measure."""
    rows = (
        Submission.objects.filter(
            period__plan=plan,
            period__start__lte=period.start,
            status=Submission.Status.ACCEPTED,
            progress=Submission.Progress.COMPLETED,
            role__in=REPORTING_ROLES,
        )
        .select_related("period", "agency")
        .order_by("period__start", "agency__code")
    )
    by_measure: dict[int, list[Submission]] = {}
    for sub in rows:
        by_measure.setdefault(sub.measure_id, []).append(sub)
    return by_measure


def completion_facts(sub: Submission) -> dict:
    """When and by which accepted report a measure was completed, with its letter and act."""
    return {
        "accepted": clock.local_date(sub.reviewed_at) if sub.reviewed_at else None,
        "period": sub.period.label,
        "agency": short_name(sub.agency),
        "letter": letter_ref(sub),
        "act": document_ref(sub.act_number, sub.act_date),
    }


def _occurrences(
    measure: Measure, period: ReportingPeriod, done: list[Submission], subs: list[Submission]
) -> list[dict]:
    """Each due date of a recurring measure up to the period's end: completed (by which report),
    reported this period (its state), or not reported."""
    out = []
    for due in sorted(d.due for d in measure.due_dates.all() if d.due <= period.end):
        completed = next((s for s in done if s.occurrence == due), None)
        current = [s for s in subs if s.occurrence == due and s.role in REPORTING_ROLES]
        if completed is not None:
            out.append({"due": due, "status": MS.COMPLETED, "facts": completion_facts(completed)})
        elif current:
            out.append({"due": due, "status": measure_status(current), "facts": None})
        else:
            out.append({"due": due, "status": MS.NOT_REPORTED, "facts": None})
    for entry in out:
        entry["label"] = str(MS(entry["status"]).label)
    return out


def _cumulative(line: MeasureLine, period: ReportingPeriod, done: list[Submission], subs: list[Submission]) -> None:
    """The measure's state as of the period, not only what this period's reports say."""
    if line.measure.recurring:
        line.occurrences = _occurrences(line.measure, period, done, subs)
        if line.occurrences and not line.status:
            states = {o["status"] for o in line.occurrences}
            line.status = MS.COMPLETED_EARLIER if states == {MS.COMPLETED} else MS.NOT_REPORTED
    elif done:
        line.completion = completion_facts(done[-1])
        if not line.status:
            line.status = MS.COMPLETED_EARLIER


def period_overview(
    plan: Plan, period: ReportingPeriod, lang: str, today: dt.date | None = None
) -> tuple[list[MeasureLine], Summary, list[Submission]]:
    """Every measure of the plan with its state in the period, the summary of the consolidated
    report and the submissions it was built from. Five queries whatever the plan's size.

    Timeliness as of ``today`` (default: today) is ``Submission.timeliness``, as in the scorecard."""
    subs_by_measure: dict[int, list[Submission]] = {}
    for sub in Submission.objects.filter(period=period).select_related("agency").order_by("agency__code"):
        subs_by_measure.setdefault(sub.measure_id, []).append(sub)
    spent = _spent_to_date(plan, period)
    completions = _completions(plan, period)
    tally = _Tally(today=today or clock.today())
    lines, used = [], []
    for measure in _plan_measures(plan):
        line = _measure_line(measure, period, lang, spent)
        lines.append(line)
        if measure.classified:
            tally.classified += 1
            continue
        tally.planned += line.planned or 0
        tally.spent += line.spent or 0
        subs = subs_by_measure.get(measure.pk, [])
        tally.count_timeliness(measure, subs)
        reporting = [s for s in subs if s.role in REPORTING_ROLES]
        if reporting:
            line.status = measure_status(reporting)
            used += _accepted_content(line, reporting)
        _cumulative(line, period, completions.get(measure.pk, []), subs)
        if line.status:
            tally.by_status[line.status] += 1
    return lines, tally.summary(), used


def _directions(lines: list[MeasureLine]) -> list[tuple[object, list[MeasureLine]]]:
    grouped: dict[int, tuple[object, list[MeasureLine]]] = {}
    for line in lines:
        grouped.setdefault(line.measure.direction_id, (line.measure.direction, []))[1].append(line)
    return list(grouped.values())


def _title_page(plan: Plan, as_of: dt.datetime) -> dict:
    return {
        "plan": plan,
        "plan_title": plan.title,
        "amendments": list(plan.amendments.all()),
        "as_of": timezone.localtime(as_of),
    }


def consolidated_context(*, plan: Plan, period: ReportingPeriod, lang: str, as_of: dt.datetime) -> dict:
    with translation.override(lang):
        lines, summary, used = period_overview(plan, period, lang, today=clock.local_date(as_of))
        return {
            **_title_page(plan, as_of),
            "kind": "consolidated",
            "heading": _("Information on the implementation of the plan"),
            "period": period,
            "period_title": period_title(period),
            "summary": summary,
            "status_counts": [(status.label, summary.by_status[status]) for status in PERIOD_STATUSES],
            "directions": _directions(lines),
            "used": used,
            "indicators": indicator_annex(plan),
        }


def agency_context(*, plan: Plan, period: ReportingPeriod, agency: Agency, lang: str, as_of: dt.datetime) -> dict:
    """What one agency sent for the period: its content once sent, only its status before that."""
    subs = list(
        Submission.objects.filter(period=period, agency=agency)
        .select_related("measure__direction")
        .prefetch_related(
            Prefetch("measure__responsibilities", queryset=Responsibility.objects.select_related("agency"))
        )
        .order_by("measure__number")
    )
    if not subs:  # said in the asker's language, not the report's
        raise ReportError(
            _("%(agency)s has no reports to file for %(period)s of plan %(plan)s.")
            % {"agency": agency.code, "period": period.label, "plan": plan.code}
        )
    today = clock.local_date(as_of)
    with translation.override(lang):
        rows = []
        for sub in subs:
            m = sub.measure
            sent = sub.submitted_at is not None and not m.classified
            rows.append(
                {
                    "sub": sub,
                    "label": str(m),
                    "classified": m.classified,
                    "sent": sent,
                    "deadline": "" if m.classified else deadline_wording(m, lang),
                    "responsible": [] if m.classified else _responsible(m),
                    "letter": letter_ref(sub) if sent else "",
                    "late": sub.timeliness(today) == Submission.Timeliness.LATE,
                }
            )
        return {
            **_title_page(plan, as_of),
            "kind": "agency",
            "heading": _("Report of %(agency)s on the implementation of the plan") % {"agency": short_name(agency)},
            "agency": agency,
            "period": period,
            "period_title": period_title(period),
            "rows": rows,
            "used": [r["sub"] for r in rows if r["sent"]],
        }


def measure_context(*, measure: Measure, lang: str, as_of: dt.datetime) -> dict:
    """One measure across every period of its plan: who reported what, and what was accepted."""
    if measure.classified:
        raise ReportError(_("%(measure)s: a classified measure has no report.") % {"measure": str(measure)})
    plan = measure.plan
    with translation.override(lang):
        subs = list(
            Submission.objects.filter(measure=measure)
            .select_related("agency", "period")
            .order_by("period__start", "role", "agency__code")
        )
        periods: dict[int, dict] = {}
        for sub in subs:
            entry = periods.setdefault(
                sub.period_id, {"period": sub.period, "title": period_title(sub.period), "subs": []}
            )
            entry["subs"].append(sub)
        for entry in periods.values():
            entry["status"] = measure_status([s for s in entry["subs"] if s.role in REPORTING_ROLES]).label
        return {
            **_title_page(plan, as_of),
            "kind": "measure",
            "heading": _("History of measure %(number)s") % {"number": measure.number},
            "measure": measure,
            "responsible": _responsible(measure),
            "deadline": deadline_wording(measure, lang),
            "form": form_wording(measure, lang),
            "budget": [(b.year, b.amount) for b in measure.budget_lines.all()],
            "periods": list(periods.values()),
            "used": [s for s in subs if s.status == Submission.Status.ACCEPTED],
        }


def build_context(
    *,
    kind: str,
    plan: Plan,
    lang: str,
    as_of: dt.datetime,
    period: ReportingPeriod | None = None,
    agency: Agency | None = None,
    measure: Measure | None = None,
) -> dict:
    if kind == "consolidated":
        if period is None:
            raise ReportError(_("Choose the reporting period."))
        return consolidated_context(plan=plan, period=period, lang=lang, as_of=as_of)
    if kind == "agency":
        if period is None or agency is None:
            raise ReportError(_("Choose the reporting period and the agency."))
        return agency_context(plan=plan, period=period, agency=agency, lang=lang, as_of=as_of)
    if kind == "measure":
        if measure is None or measure.plan_id != plan.pk:
            raise ReportError(_("Choose a measure of plan %(plan)s.") % {"plan": plan.code})
        return measure_context(measure=measure, lang=lang, as_of=as_of)
    raise ReportError(_("Unknown report kind %(kind)s.") % {"kind": kind})


def _css_string(text: str) -> str:
    # Inside <style>: a "<" could close the element, so it goes in as a CSS escape like quotes do.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'


def page_counter_css() -> str:
    """``page X of Y`` in the active language as a CSS ``content`` value."""
    words = _("page %(page)s of %(pages)s")
    out = []
    for chunk in words.replace("%(pages)s", "\0pages\0").replace("%(page)s", "\0page\0").split("\0"):
        if chunk in ("page", "pages"):
            out.append(f"counter({chunk})")
        elif chunk:
            out.append(_css_string(chunk))
    return " ".join(out)


def render_html(context: dict, lang: str, *, for_browser: bool = False) -> str:
    """Step 2: the same template for the browser and for WeasyPrint; only the font URLs differ."""
    with translation.override(lang):
        font_base = static("fonts/").rstrip("/") if for_browser else FONTS_DIR.as_uri()
        return render_to_string(
            f"pdf/{context['kind']}.html",
            {
                **context,
                "lang": lang,
                "font_base": font_base,
                "for_browser": for_browser,
                "page_counter": page_counter_css(),
                "training": context["plan"].is_training,
                "running_header": _css_string(f"{context['heading']} · {truncatechars(context['plan_title'], 90)}"),
            },
        )


def render_pdf(html: str) -> bytes:
    """Step 3. Imported here so that the web process pays for WeasyPrint only when it renders."""
    from weasyprint import HTML

    # Archival PDF/A: title and language come from <title> and <html lang>, fonts are embedded.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant=PDF_VARIANT)
