"""The rows of My quarter, built in Python.

Every officer opens My quarter on deadline day, and each of its rows (one per report: about twenty
for an agency) cost the template engine some forty tags and variables; a row built in one function
costs what it shows, as the dashboards' tables do (``dashboards.tables.FastTable``). The texts are
the same messages the template used, so the catalogues translate them as before.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import clock
from ..formatting import format_date
from ..models import Submission
from ..texts import marked_html

S = Submission.Status
EDITABLE = (S.DUE, S.DRAFT, S.RETURNED)


def _message(text: str, **values) -> SafeString:
    """A translated message with its values escaped, as ``{% blocktranslate %}`` writes it."""
    return mark_safe(text % {k: conditional_escape(localize(v)) for k, v in values.items()})


def _status(s: Submission, today) -> SafeString:
    parts = [format_html('<span class="status s-{}">{}</span>', s.status, s.get_status_display())]
    if s.is_late:
        late = ngettext("late %(days)s day", "late %(days)s days", s.days_late)
        parts.append(format_html('<span class="status s-late">{}</span>', _message(late, days=s.days_late)))
    elif overdue := s.overdue_days(today):
        text = ngettext("%(days)s day overdue", "%(days)s days overdue", overdue)
        parts.append(format_html('<span class="status s-overdue">{}</span>', _message(text, days=overdue)))
    if s.status == S.RETURNED and s.return_reason:
        parts.append(
            format_html(
                '<br><small class="return-reason"><strong>{}:</strong> {}</small>',
                _("Returned by the ministry"),
                Truncator(s.return_reason).chars(300),
            )
        )
    if s.status == S.CLOSED and s.closed_by:
        closer = s.closed_by
        closed = _(
            "Nothing more is asked: the report of %(agency)s for %(period)s "
            'saying "completed" was accepted on %(when)s.'
        )
        # The day in Almaty (the template's date filter converted to local time by itself).
        when = format_date(clock.local_date(closer.reviewed_at), short=True) if closer.reviewed_at else ""
        parts.append(
            format_html(
                '<br><small class="muted">{}</small>',
                _message(closed, agency=closer.agency.code, period=closer.period.label, when=when),
            )
        )
    return mark_safe(" ".join(parts))


def _action(s: Submission) -> SafeString:
    if s.status in EDITABLE:
        label = _("Fill in") if s.status == S.DUE else _("Continue")
        return format_html(
            '<a class="button primary" href="{}">{}</a>', reverse("plans:submission_edit", args=[s.pk]), label
        )
    return format_html('<a href="{}">{}</a>', reverse("plans:submission_detail", args=[s.pk]), _("Open"))


def row(s: Submission, today) -> SafeString:
    """One report's row: number, title (and the measure's own due date), role, status with its
    lateness, the ministry's reason or what closed it, and what the officer can do."""
    title = marked_html(s.measure.title, 160)
    if s.occurrence:
        title = format_html(
            '{}<br><small class="muted">{}: {}</small>',
            title,
            _("due date of the measure"),
            format_date(s.occurrence, short=True),
        )
    return format_html(
        '<tr><td>{}</td><td>{}</td><td class="hide-sm">{}</td><td>{}</td><td>{}</td></tr>',
        localize(s.measure.number),
        title,
        s.get_role_display(),
        _status(s, today),
        _action(s),
    )


def rows(submissions, today) -> SafeString:
    return mark_safe("".join(row(s, today) for s in submissions))
