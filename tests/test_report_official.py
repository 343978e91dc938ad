"""The consolidated report as a ministry signs it: the cumulative state of each measure, the cover
letter, unhyphenated headers, numbers by locale, and an archival PDF/A declaring its language."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from plans.models import MeasureDueDate, Submission
from reports import selectors, services
from reports.models import GeneratedReport, ReportSettings

from .factories import MeasureFactory, ResponsibilityFactory, SubmissionFactory
from .report_data import build_small_plan

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2016, 1, 10, 10, tzinfo=dt.UTC)
S, P, R = Submission.Status, Submission.Progress, Submission.Role


@pytest.fixture
def data():
    with time_machine.travel(NOW):
        data = build_small_plan()
        # Measure 6 was completed in 2015Q3 by an order; nothing is asked of it in Q4.
        data.m6 = MeasureFactory(
            plan=data.plan,
            direction=data.m4.direction,
            number=6,
            title="Бұйрық қабылдау",
            form_kind="order",
            schedule={"once": []},
        )
        ResponsibilityFactory(measure=data.m6, agency=data.iim, is_lead=True)
        MeasureDueDate.objects.create(measure=data.m6, due=dt.date(2015, 9, 30))
        data.done = SubmissionFactory(
            measure=data.m6,
            period=data.q3,
            agency=data.iim,
            role=R.CONSOLIDATED,
            status=S.ACCEPTED,
            progress=P.COMPLETED,
            narrative="Бұйрық қабылданды",
            act_number="245",
            act_date=dt.date(2015, 9, 21),
            letter_number="17-4/88",
            letter_date=dt.date(2015, 9, 25),
            reviewed_at=dt.datetime(2015, 10, 9, 6, tzinfo=dt.UTC),
            spent=Decimal("96794.2999"),
        )
        yield data


def _html(data, lang, cover=None):
    context = selectors.consolidated_context(plan=data.plan, period=data.q4, lang=lang, as_of=NOW)
    context["cover"] = cover or {}
    return context, selectors.render_html(context, lang)


def test_it_shows_a_measure_completed_earlier_with_when_and_by_which_act(data):
    context, html = _html(data, "en")
    line = next(line for d, lines in context["directions"] for line in lines if line.measure == data.m6)
    assert line.status == "completed_earlier" and context["summary"].by_status["completed_earlier"] == 1
    assert "completed in an earlier period" in html
    assert "accepted 09 Oct 2015: report of" in html and "for 2015Q3" in html
    assert "act No. 245 of 21 Sep 2015" in html and "letter No. 17-4/88 of 25 Sep 2015" in html
    # This period's reports still count as reported on; the earlier completion does not.
    assert context["summary"].measures_reported_on == 3


def test_it_states_each_occurrence_of_a_recurring_measure(data):
    MeasureDueDate.objects.create(measure=data.m1, due=dt.date(2015, 1, 5))
    SubmissionFactory(measure=data.m1, period=data.q3, agency=data.labour, role=R.CONTRIBUTION)
    context, html = _html(data, "en")
    line = next(line for d, lines in context["directions"] for line in lines if line.measure == data.m1)
    assert [(o["due"], o["status"]) for o in line.occurrences] == [(dt.date(2015, 1, 5), "not_reported")]
    assert "05 Jan 2015: not reported" in html


def test_it_prints_the_cover_letter_and_numbers_by_locale(data):
    cover = {
        "outgoing_number": "12-01/345",
        "outgoing_date": dt.date(2016, 1, 14),
        "signatory_position": "Вице-министр национальной экономики",
        "signatory_name": "А. Б. Есімов",
        "executor_name": "Ә. Қасымова",
        "executor_phone": "+7 7172 74 00 00",
    }
    _context, html = _html(data, "ru", cover)
    assert "№ 12-01/345 от 14.01.2016" in html
    assert "Вице-министр национальной экономики" in html and "А. Б. Есімов" in html
    assert "Ә. Қасымова" in html and "+7 7172 74 00 00" in html
    assert "1\u00a0500,0" in html  # planned for 2015, by the Russian convention
    assert "96794" not in html.replace("96\u00a0794", "")  # no raw amount anywhere


def test_it_fills_the_cover_from_the_plans_settings_and_edits_it_until_final(data, django_capture_on_commit_callbacks):
    ReportSettings.objects.create(
        plan=data.plan,
        signatory_position="Министр",
        signatory_name="Т. Сүлейменов",
        executor_name="Ж. Ахметова",
        executor_phone="74-00-00",
    )
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            user=data.coordinator, kind="consolidated", plan=data.plan, period=data.q4, language="kk"
        )
    report.refresh_from_db()
    assert (report.signatory_name, report.executor_phone) == ("Т. Сүлейменов", "74-00-00")
    first_checksum = report.checksum
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.report_set_cover(
            report=report,
            user=data.coordinator,
            data={
                "outgoing_number": "01-7/15",
                "outgoing_date": dt.date(2016, 1, 14),
                "signatory_position": "Вице-министр",
                "signatory_name": "Р. Дәленов",
                "executor_name": "Ж. Ахметова",
                "executor_phone": "74-00-00",
            },
        )
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.READY and report.checksum != first_checksum
    text = " ".join(PdfReader(report.file.open("rb")).pages[0].extract_text().split())
    assert "01-7/15" in text and "14.01.2016" in text
    assert ReportSettings.objects.get(plan=data.plan).signatory_name == "Р. Дәленов"
    services.report_mark_final(report=report, user=data.coordinator)
    with pytest.raises(selectors.ReportError):
        services.report_set_cover(report=report, user=data.coordinator, data={"outgoing_number": "x"})
    with pytest.raises(PermissionDenied):
        services.report_set_cover(report=report, user=data.officer, data={"outgoing_number": "x"})


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_it_writes_an_archival_pdf_declaring_title_and_language_with_unhyphenated_headers(data, lang):
    context, html = _html(data, lang)
    pdf = selectors.render_pdf(html)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.metadata.title.startswith(context["heading"])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part[^0-9]*2", xmp) and re.search(r"pdfaid:conformance[^A-Z]*U", xmp)
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    assert all("/FontFile2" in f["/DescendantFonts"][0]["/FontDescriptor"] for f in fonts if "/DescendantFonts" in f)
    text = "\n".join(page.extract_text() for page in reader.pages)
    with translation.override(lang):
        headers = [
            _("Measure"),
            _("Responsible agencies"),
            _("Deadline"),
            _("Status"),
            _("What was done"),
            _("Spent / planned, thousand KZT"),
            _("Form of completion"),
        ]
    for header in headers:
        for word in header.split():
            # Every word of every header cell is whole on its line: never "тен-" + "ге".
            assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text), (lang, word)
    assert not re.search(r"\w-\n(ге|тус)\b", text)
