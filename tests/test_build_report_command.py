"""build_report: the same documents from the command line."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from .report_data import KAZAKH_TEXT, SECRET, build_small_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    with time_machine.travel(dt.datetime(2016, 1, 12, 9, tzinfo=dt.UTC)):
        yield build_small_plan()


def test_it_builds_the_consolidated_pdf_in_russian(data, tmp_path):
    out = tmp_path / "report.pdf"
    call_command(
        "build_report",
        "--plan",
        "t1593",
        "--period",
        "2015Q4",
        "--lang",
        "ru",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Министерство внутренних дел" in " ".join(text.split()) and SECRET not in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--kind", "agency", "--agency", "ІІМ", "--period", "2015Q4"], "Ішкі істер министрлігі"),
        (["--kind", "measure", "--measure", "1"], "Q3"),
    ],
)
def test_it_writes_the_html_of_the_other_reports(data, tmp_path, args, expected):
    out = tmp_path / "report.html"
    call_command("build_report", "--plan", "t1593", *args, "--html", "--output", str(out), stdout=io.StringIO())
    html = out.read_text(encoding="utf-8")
    assert expected in html and KAZAKH_TEXT in html and SECRET not in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "nope", "--period", "2015Q4"], "No plan with code 'nope'"),
        (["--plan", "t1593", "--period", "2019Q1"], "has no period '2019Q1'; its periods: 2015Q3, 2015Q4"),
        (["--plan", "t1593", "--kind", "agency", "--agency", "ЖОҚ", "--period", "2015Q4"], "No agency with code 'ЖОҚ'"),
        (["--plan", "t1593", "--kind", "agency", "--period", "2015Q4"], "Choose the reporting period and the agency"),
        (["--plan", "t1593", "--kind", "measure", "--measure", "3"], "classified measure has no report"),
        (["--plan", "t1593", "--kind", "measure", "--measure", "77"], "has no measure 77"),
    ],
)
def test_it_names_what_is_wrong_and_writes_nothing(data, tmp_path, args, message):
    out = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("build_report", *args, "--output", str(out))
    assert not out.exists()
