"""Downloads and the admin are safe: no cell becomes a live formula in any CSV or XLSX we write,
and classified measures show their number and direction only, whatever is stored."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.exports import csv_stream, xlsx_file
from ops.spreadsheet import csv_safe, csv_unquote
from plans.planfile import write_plan
from tests import factories as f

pytestmark = pytest.mark.django_db
ATTACKS = ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.mark.parametrize("value", ATTACKS)
def test_it_neutralises_every_formula_start_in_csv_and_reads_it_back(value):
    assert csv_safe(value) == "'" + value and csv_unquote(csv_safe(value)) == value


def test_it_leaves_numbers_and_plain_text_alone():
    assert [csv_safe(v) for v in ["-5", "+3.5", "Көші-қон", "", 12]] == ["-5", "+3.5", "Көші-қон", "", 12]
    assert csv_unquote("'hello") == "'hello"


def test_it_writes_dashboard_exports_without_live_formulas():
    header, rows = ["Agency", "Days"], [["=1+1", "-3"], ["@evil", "4"]]
    text = b"".join(csv_stream(header, rows, "en")).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [["Agency", "Days"], ["'=1+1", "-3"], ["'@evil", "4"]]
    xlsx = xlsx_file(header, rows).read()
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet1.xml")


@pytest.fixture
def plan_with_secrets():
    plan = f.PlanFactory(code="x1")
    direction = f.DirectionFactory(plan=plan, number=1)
    f.MeasureFactory(plan=plan, direction=direction, number=1, title='=HYPERLINK("http://evil")', schedule={})
    # Stored against the rule (import leaves these empty): exports must not carry it anyway.
    f.MeasureFactory(
        plan=plan,
        direction=direction,
        number=35,
        classified=True,
        title="SECRET TITLE",
        form_text="SECRET FORM",
        deadline_text="SECRET DEADLINE",
        funding_source="SECRET FUND",
    )
    return plan


def test_it_neutralises_and_masks_the_plan_export_in_csv(plan_with_secrets, tmp_path):
    write_plan(plan_with_secrets, "csv", tmp_path)
    text = (tmp_path / "measures.csv").read_text(encoding="utf-8-sig")  # with the BOM Excel needs
    rows = {r["number"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["1"]["title_kk"] == '\'=HYPERLINK("http://evil")' and "SECRET" not in text
    assert rows["35"]["classified"] == "yes" and rows["35"]["direction_number"] == "1"


def test_it_neutralises_and_masks_the_plan_export_in_xlsx_and_json(plan_with_secrets):
    book = load_workbook(io.BytesIO(write_plan(plan_with_secrets, "xlsx", None)))
    cells = [c for row in book["measures"].iter_rows() for c in row]
    formula = next(c for c in cells if c.value == '=HYPERLINK("http://evil")')
    assert formula.data_type == "s" and not any("SECRET" in str(c.value) for c in cells)
    assert b"SECRET" not in write_plan(plan_with_secrets, "json", None)


def test_it_masks_classified_measures_in_the_admin(client, plan_with_secrets):
    client.force_login(f.UserFactory(username="admin", role="coordinator", is_staff=True, is_superuser=True))
    secret = plan_with_secrets.measures.get(number=35)
    listing = client.get(reverse("admin:plans_measure_changelist")).content.decode()
    page = client.get(reverse("admin:plans_measure_change", args=[secret.pk])).content.decode()
    assert "SECRET" not in listing and "SECRET" not in page and "classified" in listing
    found = client.get(reverse("admin:plans_measure_changelist"), {"q": "SECRET"}).content.decode()
    assert "0 measures" in found or "0 results" in found
