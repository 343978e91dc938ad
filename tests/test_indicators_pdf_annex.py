"""The consolidated report's annex "outcome indicators": latest values, change, source and findings,
in the report's language; the PDF keeps the Kazakh letters."""

import datetime as dt
import io

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from reports import selectors as documents
from tests.indicators_fixture import DOC_000, DOC_001, catalogue, seeded  # noqa: F401
from tests.report_data import build_small_plan

NOW = dt.datetime(2016, 1, 10, 10, tzinfo=dt.UTC)


@pytest.fixture
def data(seeded):  # noqa: F811
    with time_machine.travel(NOW):
        yield build_small_plan()


@pytest.mark.parametrize(("lang", "name"), [("kk", "Елге келгендер саны"), ("ru", "Число прибывших в страну")])
def test_it_adds_the_outcome_indicators_annex_in_the_reports_language(data, lang, name):
    context = documents.consolidated_context(plan=data.plan, period=data.q4, lang=lang, as_of=NOW)
    html = documents.render_html(context, lang)
    annex = html[html.index('class="indicators-annex"') :]
    with translation.override(lang):
        assert _("Annex. Outcome indicators") in annex and _("Annex. Outcome indicators") != "Annex. Outcome indicators"
    row = annex[annex.index(name) : annex.index("</tr>", annex.index(name))]
    # Figures grouped by thousands in the report's language, with a true minus sign.
    assert "23\u00a0761" in row and "29\u00a0282" in row and "−5\u00a0521" in row and DOC_000 in row
    # The sources' disagreement, in the same figures: −20,7 stated against −18,85 computed.
    assert "−20,7" in annex and "−18,85" in annex and DOC_001 in annex


def test_it_leaves_the_annex_out_when_no_figures_are_loaded(db):
    with time_machine.travel(NOW):
        data = build_small_plan()
    html = documents.render_html(
        documents.consolidated_context(plan=data.plan, period=data.q4, lang="kk", as_of=NOW), "kk"
    )
    assert 'class="indicators-annex"' not in html


def test_it_prints_the_annex_in_the_pdf(data):
    context = documents.consolidated_context(plan=data.plan, period=data.q4, lang="kk", as_of=NOW)
    pdf = documents.render_pdf(documents.render_html(context, "kk"))
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    with translation.override("kk"):
        assert _("Annex. Outcome indicators") in text
    assert "23 761" in text and "−20,7" in text
    assert "ТМД елдерінен келгендердің үлесі" in text.replace("- ", "-")
