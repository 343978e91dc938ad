"""Dates read as each language writes them: in prose "2015 жылғы 5 қаңтар", "5 января 2015 г.",
"5 January 2015"; in tables "05.01.2015" (kk, ru) or "05 Jan 2015" (en) — on pages, in e-mails
and in the PDF."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from plans import reminders
from plans.formatting import format_date
from reports import services

from .reminders_world import quarter_world
from .report_data import build_small_plan

pytestmark = pytest.mark.django_db
ALMATY = dt.timezone(dt.timedelta(hours=5))


@pytest.mark.parametrize(
    ("lang", "prose", "table", "moment"),
    [
        ("kk", "2015 жылғы 5 қаңтар", "05.01.2015", "2015 жылғы 5 қаңтар, 09:05"),
        ("ru", "5 января 2015 г.", "05.01.2015", "5 января 2015 г., 09:05"),
        ("en", "5 January 2015", "05 Jan 2015", "5 January 2015, 09:05"),
    ],
)
def test_it_writes_a_date_in_prose_and_in_tables_by_language(settings, lang, prose, table, moment):
    settings.TIME_ZONE = "Asia/Almaty"
    day = dt.date(2015, 1, 5)
    assert format_date(day, lang) == prose
    assert format_date(day, lang, short=True) == table
    # A moment is read in local time (Almaty was UTC+6 in 2015), whatever zone it was stored in.
    assert format_date(dt.datetime(2015, 1, 5, 3, 5, tzinfo=dt.UTC), lang) == moment
    assert format_date(None, lang) == ""


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("kk", "2014 жылғы 5 шілде"), ("ru", "5 июля 2014 г."), ("en", "5 July 2014")],
)
def test_it_shows_an_officers_deadline_in_their_language(client, lang, expected):
    w = quarter_world()
    assert w.period.agency_due == dt.date(2014, 7, 5)
    w.officer_a.language = lang
    w.officer_a.save(update_fields=["language"])
    client.force_login(w.officer_a)
    with time_machine.travel(dt.datetime(2014, 7, 1, 9, tzinfo=ALMATY), tick=False):
        page = client.get(reverse("plans:my_quarter")).content.decode()
    assert f"Reports are due by {expected}." in page if lang == "en" else expected in page
    if lang == "ru":  # "г." ends the sentence: no second full stop after it
        assert f"{expected}." not in page


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("kk", "2014 жылғы 12 шілде"), ("ru", "12 июля 2014 г."), ("en", "12 July 2014")],
)
def test_it_writes_the_due_date_in_a_reminder_in_the_recipients_language(
    lang, expected, mailoutbox, django_capture_on_commit_callbacks
):
    w = quarter_world()
    w.officer_b.language = lang
    w.officer_b.save(update_fields=["language"])
    with (
        time_machine.travel(dt.datetime(2014, 7, 5, 9, tzinfo=ALMATY), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders.reminders_run(today=dt.date(2014, 7, 5))
    mail = next(m for m in mailoutbox if m.to == [w.officer_b.email])
    assert expected in mail.body and expected in mail.alternatives[0][0]


@pytest.mark.parametrize(
    ("lang", "act_date", "period_dates"),
    [
        ("kk", "2013 жылғы 31 желтоқсан", "01.10.2015 – 31.12.2015"),
        ("ru", "31 декабря 2013 г.", "01.10.2015 – 31.12.2015"),
        ("en", "31 December 2013", "01 Oct 2015 – 31 Dec 2015"),
    ],
)
def test_it_writes_dates_in_the_pdf_in_the_reports_language(
    lang, act_date, period_dates, django_capture_on_commit_callbacks
):
    now = dt.datetime(2016, 1, 10, 10, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=False):
        data = build_small_plan()
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(
                user=data.coordinator, kind="consolidated", plan=data.plan, period=data.q4, language=lang
            )
    report.refresh_from_db()
    text = " ".join(PdfReader(report.file.open("rb")).pages[0].extract_text().split())
    assert act_date in text and period_dates in text
    # The as-of moment in prose, in local time.
    assert format_date(now, lang) in text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ru", "постановление Правительства от 5 февраля 2015 г. № 42"),
        ("en", "Government decree No. 42 of 5 February 2015"),
        ("kk", "2015 жылғы 5 ақпан № 42"),
    ],
)
def test_it_names_an_amending_act_on_the_title_page_as_the_language_writes_it(lang, expected):
    from plans.models import Amendment, Plan
    from reports import selectors

    now = dt.datetime(2016, 1, 10, 10, tzinfo=dt.UTC)
    with time_machine.travel(now, tick=False):
        data = build_small_plan()
    decree = Plan.ActKind.DECREE
    Amendment.objects.create(plan=data.plan, act_kind=decree, act_number="42", act_date=dt.date(2015, 2, 5))
    context = selectors.consolidated_context(plan=data.plan, period=data.q4, lang=lang, as_of=now)
    assert expected in selectors.render_html(context, lang)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ru", "№ 17-4/88 от 25.09.2015"), ("kk", "25.09.2015 № 17-4/88"), ("en", "No. 17-4/88 of 25 Sep 2015")],
)
def test_it_names_a_reports_letter_on_its_page_as_the_language_writes_it(client, lang, expected):
    w = quarter_world()
    w.sub_a.letter_number, w.sub_a.letter_date = "17-4/88", dt.date(2015, 9, 25)
    w.sub_a.save(update_fields=["letter_number", "letter_date"])
    w.officer_a.language = lang
    w.officer_a.save(update_fields=["language"])
    client.force_login(w.officer_a)
    page = client.get(reverse("plans:submission_detail", args=[w.sub_a.pk])).content.decode()
    assert expected in page
