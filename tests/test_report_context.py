"""Steps 1 and 2 of the documents (reports/selectors.py): context and HTML, without WeasyPrint."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone, translation

from plans.models import Submission
from reports import selectors

from .factories import MeasureFactory, ResponsibilityFactory, SubmissionFactory
from .report_data import KAZAKH_TEXT, SECRET, build_small_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    with time_machine.travel(dt.datetime(2016, 1, 10, 10, tzinfo=dt.UTC)):
        yield build_small_plan()


def consolidated_html(data, lang="en") -> str:
    context = selectors.consolidated_context(plan=data.plan, period=data.q4, lang=lang, as_of=timezone.now())
    return selectors.render_html(context, lang)


def test_it_counts_measures_by_status_timeliness_and_budget(data):
    lines, summary, used = selectors.period_overview(data.plan, data.q4, "kk")
    assert summary.by_status == {
        "completed_earlier": 0,
        "completed": 1,
        "in_progress": 1,
        "not_started": 0,
        "not_completed": 0,
        "not_reported": 1,
    }
    assert summary.measures_reported_on == 3
    assert summary.classified == 1
    assert (summary.due, summary.on_time, summary.on_time_rate) == (5, 2, 40)
    assert [(a.agency.code, a.late) for a in summary.late_agencies] == [("Еңбекмині", [1])]
    assert sorted((a.agency.code, a.missing) for a in summary.missing_agencies) == [
        ("Алматы облысы", [2]),
        ("ДСӘДМ", [4]),
    ]
    # Planned for 2015 of the public measures; spent = accepted lead/own reports of Q3 and Q4.
    assert (summary.planned, summary.spent, summary.execution_rate) == (1500, 650, 43)
    assert {s.pk for s in used} == {data.lead.pk, data.own.pk}
    assert [line.status for line in lines] == ["completed", "in_progress", "", "not_reported", ""]


def test_it_takes_the_least_advanced_accepted_report_where_there_is_no_lead(data):
    SubmissionFactory(
        measure=data.m2,
        period=data.q4,
        agency=data.labour,
        role=Submission.Role.OWN,
        status=Submission.Status.ACCEPTED,
        progress=Submission.Progress.NOT_STARTED,
    )
    _, summary, _ = selectors.period_overview(data.plan, data.q4, "kk")
    assert summary.by_status["not_started"] == 1 and summary.by_status["in_progress"] == 0


def test_it_renders_measures_with_the_lead_marked_and_the_accepted_narrative(data):
    html = consolidated_html(data)
    assert "Ішкі көшіп-қонушылардың ағындарын зерделеу" in html
    assert KAZAKH_TEXT in html
    assert "No. 12-345" in html
    assert '<span class="lead">Ішкі істер министрлігі (lead)</span>' in html
    assert "Үлес" not in html  # a contribution is the lead's input, not the report
    assert "Ақмола облысында жұмыс жалғасуда." in html


def test_it_lists_classified_measures_by_number_only(data):
    html = consolidated_html(data)
    assert "measure 3 — classified" in html
    assert SECRET not in html
    assert "777" not in html  # nor its budget, not even in the totals


def test_it_renders_russian_with_russian_agency_names(data):
    html = consolidated_html(data, "ru")
    assert 'lang="ru"' in html
    assert "Министерство внутренних дел" in html
    assert "Ішкі істер министрлігі" not in html
    assert "ежегодно к 5 января (начиная с 2015 года)" in html  # the deadline in Russian wording
    assert "5 қаңтар жыл сайын" in consolidated_html(data, "kk")
    with translation.override("kk"):
        assert str(data.m3) in consolidated_html(data, "kk") and SECRET not in consolidated_html(data, "kk")


def test_it_names_late_and_missing_agencies_in_the_annex(data):
    annex = consolidated_html(data).split("annex")[-1]
    assert "Алматы облысының әкімдігі" in annex
    assert "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі" in annex


def test_it_gathers_the_consolidated_report_in_the_same_number_of_queries_for_more_data(
    data, django_assert_num_queries
):
    def gather():
        selectors.consolidated_context(plan=data.plan, period=data.q4, lang="kk", as_of=timezone.now())

    # 8 for the plan's report (with completions and due dates), 2 for the outcome indicators' annex.
    with django_assert_num_queries(10):
        gather()
    for n in range(6, 26):
        m = MeasureFactory(plan=data.plan, direction=data.m1.direction, number=n)
        ResponsibilityFactory(measure=m, agency=data.iim, is_lead=True)
        SubmissionFactory(
            measure=m,
            period=data.q4,
            agency=data.iim,
            role=Submission.Role.CONSOLIDATED,
            status=Submission.Status.ACCEPTED,
            progress=Submission.Progress.COMPLETED,
        )
    with django_assert_num_queries(10):
        gather()


def test_it_renders_an_agency_report_with_only_what_was_sent(data):
    context = selectors.agency_context(plan=data.plan, period=data.q4, agency=data.iim, lang="en", as_of=timezone.now())
    html = selectors.render_html(context, "en")
    assert KAZAKH_TEXT in html
    assert "measure 3 — classified" in html and SECRET not in html
    assert [s.pk for s in context["used"]] == [data.lead.pk]
    unsent = selectors.agency_context(plan=data.plan, period=data.q4, agency=data.dsad, lang="en", as_of=timezone.now())
    assert "not submitted" in selectors.render_html(unsent, "en")


def test_it_renders_a_measure_history_across_periods(data):
    context = selectors.measure_context(measure=data.m1, lang="kk", as_of=timezone.now())
    assert [entry["period"].label for entry in context["periods"]] == ["2015Q3", "2015Q4"]
    html = selectors.render_html(context, "kk")
    assert "Q3" in html and KAZAKH_TEXT in html


@translation.override("en")
def test_it_refuses_what_cannot_be_built_with_a_clear_message(data):
    with pytest.raises(selectors.ReportError, match="classified"):
        selectors.measure_context(measure=data.m3, lang="kk", as_of=timezone.now())
    with pytest.raises(selectors.ReportError, match="Еңбекмині has no reports"):
        selectors.agency_context(plan=data.plan, period=data.q3, agency=data.labour, lang="kk", as_of=timezone.now())
    with pytest.raises(selectors.ReportError, match="period"):
        selectors.build_context(kind="consolidated", plan=data.plan, lang="kk", as_of=timezone.now())


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_it_prints_page_x_of_y_as_css(lang):
    with translation.override(lang):
        css = selectors.page_counter_css()
    assert css.count("counter(page)") == css.count("counter(pages)") == 1
    if lang == "en":
        assert css == '"page " counter(page) " of " counter(pages)'


def test_it_uses_the_static_fonts_in_the_browser_and_files_in_the_pdf(data):
    context = selectors.consolidated_context(plan=data.plan, period=data.q4, lang="kk", as_of=timezone.now())
    assert "/static/fonts/DejaVuSerif.ttf" in selectors.render_html(context, "kk", for_browser=True)
    assert "file:///" in selectors.render_html(context, "kk") and "DejaVuSans.ttf" in selectors.render_html(
        context, "kk"
    )


def test_it_keeps_a_plan_title_inside_the_page_header_css(data):
    data.plan.title_kk = 'Жоспар "</style><script>x</script>'
    data.plan.save()
    context = selectors.consolidated_context(plan=data.plan, period=data.q4, lang="kk", as_of=timezone.now())
    html = selectors.render_html(context, "kk")
    assert "<script>" not in html and html.count("</style>") == 1


def test_it_labels_a_training_copy_on_every_page(data):
    data.plan.is_training = True
    data.plan.save()
    html = consolidated_html(data)
    assert "TRAINING COPY" in html  # in the @page footer, so on every page
    assert 'class="training"' in html
