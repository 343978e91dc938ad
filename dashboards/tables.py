"""Dashboard tables. Headers are translated; ``value_*`` methods give exports plain values."""

from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableListData
from django_tables2.utils import Accessor, OrderBy

from plans.formatting import format_amount, format_date
from plans.models import Submission
from plans.texts import marked_html, marked_plain

from .selectors import MatrixRow, Outcome, State

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
ESCALATION = {0: _("none"), 1: _("agency head"), 2: _("ministry")}


def report_url(pk: int | None) -> str | None:
    """Link to one report (the submission workflow's page), if that page exists."""
    if pk is None:
        return None
    try:
        return reverse("plans:submission_detail", args=[pk])
    except NoReverseMatch:
        return None


SENTINEL = 999999999


def matrix_rows_html(rows: list[MatrixRow], periods: int) -> None:
    """Sets each matrix row's HTML, built in one pass: the matrix has thousands of cells, and
    through the template engine they took most of the page's time. Classified measures get
    their masked name only."""
    link = report_url(SENTINEL)
    titles = {state.value: escape(str(state.label)) for state in State}  # str(): escape() of a lazy string stays lazy
    outcomes = {outcome.value: escape(str(outcome.label)) for outcome in Outcome}
    for row in rows:
        m = row.measure
        if m.classified:
            row.html = format_html(
                '<tr class="classified"><td>{}</td><td colspan="{}">{}</td></tr>', m.number, periods + 2, str(m)
            )
            continue
        parts = [f'<tr><td>{m.number}</td><td class="title" title="{escape(m.title)}">{marked_html(m.title, 70)}</td>']
        for c in row.cells:
            inner = f'title="{titles[c.state]}">{c.mark}'
            if link and c.submission_id:
                parts.append(
                    f'<td class="c s-{c.state}">'
                    f'<a href="{link.replace(str(SENTINEL), str(c.submission_id))}" {inner}</a></td>'
                )
            else:
                parts.append(f'<td class="c s-{c.state}"><span {inner}</span></td>')
        parts.append(f'<td><span class="status o-{row.outcome}">{outcomes[row.outcome]}</span></td></tr>')
        row.html = mark_safe("".join(parts))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


class ListData(TableListData):
    """django-tables2's rows from a list, sorted by its rules with each row's sort values read
    once: its own sort reads them again through the accessors on every comparison, a fifth of the
    scorecard's time."""

    def order_by(self, aliases):
        order = []
        for alias in aliases:  # a column's current order, reversed where the alias asks
            column = self.table.columns[OrderBy(alias).bare]
            order += column.order_by.opposite if alias[0] != column.order_by_alias[0] else column.order_by
        accessors = [Accessor(o.bare) for o in order]
        descending = [o.is_descending for o in order]
        keyed = [([a.resolve(record, quiet=True) for a in accessors], record) for record in self.data]
        try:
            # One stable sort per value, the least significant first, compared by Python itself; an
            # empty value (None) first, as django-tables2 places it among numbers and texts.
            ordered = list(keyed)
            for i in reversed(range(len(accessors))):
                ordered.sort(key=lambda pair: (pair[0][i] is not None, pair[0][i]), reverse=descending[i])
            keyed = ordered
        except TypeError:  # values of different types: compared one pair at a time, from the rows' own order
            keyed.sort(key=lambda pair: _SortKey(pair[0], descending))
        self.data[:] = [record for _, record in keyed]  # in place, as django-tables2 sorts: views share the list


class _SortKey:
    """Orders rows as django-tables2 does: value by value, descending ones swapped; values that do
    not compare go by truth, then by type."""

    __slots__ = ("values", "descending")

    def __init__(self, values: list, descending: list[bool]):
        self.values, self.descending = values, descending

    def __lt__(self, other: _SortKey) -> bool:
        for a, b, descending in zip(self.values, other.values, self.descending, strict=True):
            if a == b:
                continue
            if descending:
                a, b = b, a
            try:
                return a < b
            except TypeError:
                if bool(a) is not bool(b):
                    return bool(a) < bool(b)
                return (repr(type(a)), id(type(a))) < (repr(type(b)), id(type(b)))
        return False


class FastTable(tables.Table):
    """django-tables2 decides the columns, headers, sorting and pagination; the cells come from
    ``cells(record)`` (HTML) and ``values(record)`` (plain values for downloads), one call per row.

    Going through django-tables2's per-cell accessors and ``render_*`` dispatch cost most of a
    page's time and 40–55 % of a download's; a row built in one function costs what it shows.
    """

    empty_reason = _("Nothing matches these filters.")

    class Meta:
        template_name = "dashboards/_table.html"
        per_page = 25

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(ListData(data) if isinstance(data, list) else data, *args, **kwargs)

    def cells(self, record) -> dict[str, str]:
        raise NotImplementedError

    def values(self, record) -> dict:
        raise NotImplementedError

    def body_html(self) -> SafeString:
        columns = [(c.name, c.attrs.get("td", {}).get("class")) for c in self.columns]
        tds = {name: f'<td class="{cls}">' if cls else "<td>" for name, cls in columns}
        rows = []
        for row in self.paginated_rows:
            cells = self.cells(row.record)
            rows.append("<tr>" + "".join(f"{tds[name]}{cells[name]}</td>" for name, _ in columns) + "</tr>")
        if not rows:
            rows.append(f'<tr><td colspan="{len(columns)}" class="empty">{escape(str(self.empty_reason))}</td></tr>')
        return mark_safe("".join(rows))

    def export_header(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    def export_rows(self, records):
        """Plain values of ``records`` (all the filtered rows, in the table's order) column by column."""
        names = [c.name for c in self.columns]
        for record in records:
            values = self.values(record)
            yield [values[name] for name in names]


class ScorecardTable(FastTable):
    # Agencies in the reader's alphabetical order (Қ after К, І after Ы in Kazakh), not codepoints.
    agency_code = tables.Column(verbose_name=_("Agency"), order_by=("agency_order",))
    agency_name = tables.Column(verbose_name=_("Name"), attrs={"td": {"class": "muted"}})
    period = tables.Column(verbose_name=_("Period"), order_by=("period_key",))
    obligations = tables.Column(verbose_name=_("Obligations"), attrs=NUM)
    on_time = tables.Column(verbose_name=_("On time"), attrs=NUM)
    late = tables.Column(verbose_name=_("Late"), attrs=NUM)
    late_avg = tables.Column(verbose_name=_("Average days late"), attrs=NUM, default="—")
    missing = tables.Column(verbose_name=_("Missing"), attrs=NUM)
    returned = tables.Column(verbose_name=_("Returned"), attrs=NUM)
    rate = tables.Column(verbose_name=_("On-time rate"), attrs=NUM, default="—")

    empty_reason = _("No reports are due from these agencies in this plan and period yet.")

    class Meta(FastTable.Meta):
        order_by = ("agency_code", "period")

    def cells(self, r):
        missing = f'<span class="late">{r["missing"]}</span>' if r["missing"] else "0"
        return {
            "agency_code": f'<span title="{escape(r["agency_name"])}">{escape(r["agency_code"])}</span>',
            "agency_name": escape(r["agency_name"]),
            "period": escape(r["period"]),
            "obligations": r["obligations"],
            "on_time": r["on_time"],
            "late": r["late"],
            "late_avg": "—" if r["late_avg"] is None else r["late_avg"],
            "missing": missing,
            "returned": r["returned"],
            "rate": _percent(r["rate"]),
        }

    def values(self, r):
        return {name: r[name] for name in self.base_columns}


class OverdueTable(FastTable):
    plan = tables.Column(verbose_name=_("Plan"), accessor="period__plan__code")
    period = tables.Column(verbose_name=_("Period"), accessor="period", order_by=("period__start",))
    measure = tables.Column(verbose_name=_("Measure"), order_by=("measure__number",))
    agency = tables.Column(verbose_name=_("Agency"), order_by=("agency__code",))
    due = tables.DateColumn(verbose_name=_("Report due"), format="SHORT_DATE_FORMAT")
    days_late = tables.Column(verbose_name=_("Days late"), accessor="due", order_by=("due",), attrs=NUM)
    status = tables.Column(verbose_name=_("Status"))
    reminders_sent = tables.Column(verbose_name=_("Reminders sent"), attrs=NUM)
    escalation = tables.Column(verbose_name=_("Escalation"))

    empty_reason = _("No report of this plan is past its due date with these filters: nothing is overdue.")

    class Meta(FastTable.Meta):
        pass

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.link = report_url(SENTINEL)
        self.status_labels = {value: escape(str(label)) for value, label in Submission.Status.choices}
        self.escalations = {k: escape(str(v)) for k, v in ESCALATION.items()}

    def cells(self, r):
        title = escape(Truncator(str(r.measure)).chars(120))
        measure = f'<a href="{self.link.replace(str(SENTINEL), str(r.pk))}">{title}</a>' if self.link else title
        return {
            "plan": escape(r.period.plan.code),
            "period": r.period.label,
            "measure": measure,
            "agency": escape(r.agency.code),
            "due": format_date(r.due, short=True),
            "days_late": (self.today - r.due).days,
            "status": f'<span class="status s-{r.status}">{self.status_labels[r.status]}</span>',
            "reminders_sent": r.reminders_sent,
            "escalation": self.escalations[r.escalation],
        }

    def values(self, r):
        return {
            "plan": r.period.plan.code,
            "period": r.period.label,
            "measure": str(r.measure),
            "agency": r.agency.code,
            "due": r.due,
            "days_late": (self.today - r.due).days,
            "status": str(Submission.Status(r.status).label),
            "reminders_sent": r.reminders_sent,
            "escalation": str(ESCALATION[r.escalation]),
        }


class BudgetTable(FastTable):
    plan = tables.Column(verbose_name=_("Plan"), accessor="plan__code")
    direction = tables.Column(verbose_name=_("Direction"), accessor="direction__number")
    measure = tables.Column(verbose_name=_("Measure"), accessor="number", order_by=("plan__code", "number"))
    funding_source = tables.Column(
        verbose_name=_("Funding source"), order_by=("funding_source_kk", "funding_source_ru", "funding_source_en")
    )
    planned = tables.Column(verbose_name=_("Planned, thousand KZT"), attrs=NUM)
    spent_total = tables.Column(verbose_name=_("Spent, thousand KZT"), attrs=NUM)
    balance = tables.Column(verbose_name=_("Balance"), attrs=NUM)
    share = tables.Column(verbose_name=_("Spent, %"), attrs=NUM, orderable=False, empty_values=())

    empty_reason = _("No public measure of this plan matches these filters.")

    class Meta(FastTable.Meta):
        pass

    def cells(self, m):
        return {
            "plan": escape(m.plan.code),
            "direction": m.direction.number,
            "measure": escape(Truncator(str(m)).chars(120)),
            "funding_source": marked_html(m.funding_source) or "—",
            "planned": format_amount(m.planned),
            "spent_total": format_amount(m.spent_total),
            "balance": format_amount(m.balance),
            "share": _percent(m.spent_total / m.planned if m.planned else None),
        }

    def values(self, m):
        return {
            "plan": m.plan.code,
            "direction": m.direction.number,
            "measure": str(m),
            "funding_source": marked_plain(m.funding_source),
            "planned": m.planned,
            "spent_total": m.spent_total,
            "balance": m.balance,
            "share": float(m.spent_total / m.planned) if m.planned else None,
        }
