"""Dashboard tables. Headers are translated; ``value_*`` methods give exports plain values."""

from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

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
        parts = [
            f'<tr><td>{m.number}</td>'
            f'<td class="title" title="{escape(m.title)}">{marked_html(m.title, 70)}</td>'
        ]
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


class ScorecardTable(tables.Table):
    agency_code = tables.Column(verbose_name=_("Agency"))
    agency_name = tables.Column(verbose_name=_("Name"), attrs={"td": {"class": "muted"}})
    period = tables.Column(verbose_name=_("Period"), order_by=("period_key",))
    obligations = tables.Column(verbose_name=_("Obligations"), attrs=NUM)
    on_time = tables.Column(verbose_name=_("On time"), attrs=NUM)
    late = tables.Column(verbose_name=_("Late"), attrs=NUM)
    late_avg = tables.Column(verbose_name=_("Average days late"), attrs=NUM, default="—")
    missing = tables.Column(verbose_name=_("Missing"), attrs=NUM)
    returned = tables.Column(verbose_name=_("Returned"), attrs=NUM)
    rate = tables.Column(verbose_name=_("On-time rate"), attrs=NUM, default="—")

    class Meta:
        order_by = ("agency_code", "period")
        per_page = 25

    def render_agency_code(self, record):
        return format_html('<span title="{}">{}</span>', record["agency_name"], record["agency_code"])

    def value_agency_code(self, record):
        return record["agency_code"]

    def render_missing(self, value):
        return format_html('<span class="late">{}</span>', value) if value else value

    def value_missing(self, value):
        return value

    def render_rate(self, value):
        return _percent(value)

    def value_rate(self, value):
        return value


class OverdueTable(tables.Table):
    plan = tables.Column(verbose_name=_("Plan"), accessor="period__plan__code")
    period = tables.Column(verbose_name=_("Period"), accessor="period", order_by=("period__start",))
    measure = tables.Column(verbose_name=_("Measure"), order_by=("measure__number",))
    agency = tables.Column(verbose_name=_("Agency"), order_by=("agency__code",))
    due = tables.DateColumn(verbose_name=_("Report due"), format="d.m.Y")
    days_late = tables.Column(verbose_name=_("Days late"), accessor="due", order_by=("due",), attrs=NUM)
    status = tables.Column(verbose_name=_("Status"))
    reminders_sent = tables.Column(verbose_name=_("Reminders sent"), attrs=NUM)
    escalation = tables.Column(verbose_name=_("Escalation"))

    class Meta:
        per_page = 25

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def render_period(self, value):
        return value.label

    def render_measure(self, value, record):
        text = str(value)[:120]
        url = report_url(record.pk)
        return format_html('<a href="{}">{}</a>', url, text) if url else text

    def value_measure(self, value):
        return str(value)

    def render_agency(self, value):
        return value.code

    def render_days_late(self, value):
        return (self.today - value).days

    def render_status(self, record):
        return format_html('<span class="status s-{}">{}</span>', record.status, record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()

    def render_escalation(self, value):
        return ESCALATION[value]


class BudgetTable(tables.Table):
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

    class Meta:
        per_page = 25

    def render_measure(self, record):
        return str(record)[:120]

    def render_funding_source(self, value):
        return marked_html(value)

    def value_funding_source(self, value):
        return marked_plain(value)

    def render_share(self, record):
        return _percent(record.spent_total / record.planned if record.planned else None)
