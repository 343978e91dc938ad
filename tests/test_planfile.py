"""The plan file: the real Decree 1593 loaded exactly, validation, idempotency and round trips."""

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from plans.models import Agency, Measure, Plan, Submission
from plans.planfile import PlanFileInvalid, import_plan, parse_budget, parse_responsible, plan_document, write_plan

REAL_PLAN = Path(__file__).resolve().parent.parent / "plans" / "data" / "plan_1593"
pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_1593():
    return import_plan(REAL_PLAN).plan


@pytest.fixture
def plan_dir(tmp_path):
    target = tmp_path / "plan"
    shutil.copytree(REAL_PLAN, target)
    return target


def edit_csv(path: Path, key_value: str, **changes):
    """Change the measure numbered ``key_value`` (in other tables, the row whose first cell it is)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        header = list(rows[0].keys())
    key = "number" if "number" in header else header[0]
    for row in rows:
        if row[key] == key_value:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def test_it_loads_every_measure_of_decree_1593(plan_1593):
    plan = plan_1593
    assert (plan.act_number, plan.act_date.isoformat(), plan.first_year, plan.last_year) == (
        "1593",
        "2013-12-31",
        2014,
        2016,
    )
    assert plan.measures.count() == 49
    assert plan.directions.count() == 9
    assert list(plan.measures.filter(classified=True).values_list("number", flat=True)) == [35, 36, 40, 44, 45]
    assert [(a.act_number, a.act_date.isoformat()) for a in plan.amendments.all()] == [
        ("42", "2015-02-05"),
        ("208", "2015-04-09"),
    ]
    assert plan.ministry.code == "ҰЭМ"
    assert (plan.period_months, plan.agency_due_day, plan.ministry_due_day) == (3, 5, 15)


def test_it_keeps_the_budget_of_measure_15_exactly(plan_1593):
    m15 = plan_1593.measures.get(number=15)
    assert {b.year: b.amount for b in m15.budget_lines.all()} == {
        2014: Decimal("549642"),
        2015: Decimal("80612"),
        2016: Decimal("18324"),
    }
    assert (m15.funding_source_kk, m15.funding_source_ru) == ("Республикалық бюджет", "Республиканский бюджет")
    assert [(r.agency.code, r.is_lead, r.by_agreement) for r in m15.responsibilities.all()] == [
        ("ІІМ", True, False),
        ("ҰҚК", False, True),
        ("ДСӘДМ", False, False),
    ]
    assert [d.due.isoformat() for d in m15.due_dates.all()] == ["2016-01-05"]


def test_it_expands_akimat_phrases_to_each_akimat(plan_1593):
    m1 = plan_1593.measures.get(number=1)
    codes = [r.agency.code for r in m1.responsibilities.all()]
    assert codes[:3] == ["ІІМ", "ДСӘДМ", "ҰЭМ"]
    assert len(codes) == 3 + 14 + 2
    assert {"Ақмола облысы", "Шығыс Қазақстан облысы", "Астана қаласы", "Алматы қаласы"} <= set(codes)
    # "облыс әкімдіктері" (measure 11) is the regions only, without the two cities.
    m11 = plan_1593.measures.get(number=11)
    akimats = m11.responsibilities.filter(agency__kind=Agency.Kind.AKIMAT)
    assert akimats.count() == 14 and not akimats.filter(agency__territory="city").exists()


def test_it_reads_forms_of_completion_and_recurring_deadlines(plan_1593):
    measures = {m.number: m for m in plan_1593.measures.all()}
    assert measures[1].form_kind == Measure.FormKind.INFORMATION
    assert measures[2].form_kind == Measure.FormKind.PROPOSALS
    assert measures[16].form_kind == Measure.FormKind.ORDER
    assert measures[1].recurring and [d.due.isoformat() for d in measures[1].due_dates.all()] == [
        "2014-07-05",
        "2015-07-05",
        "2016-07-05",
    ]
    assert [d.due.isoformat() for d in measures[17].due_dates.all()] == ["2015-01-05", "2016-01-05"]
    assert [d.due.isoformat() for d in measures[2].due_dates.all()] == ["2014-05-31"]
    assert [d.due.isoformat() for d in measures[14].due_dates.all()] == ["2014-07-05", "2015-07-05"]


def test_it_gives_agencies_their_full_names(plan_1593):
    iim = Agency.objects.get(code="ІІМ")
    assert iim.name_kk == "Қазақстан Республикасы Ішкі істер министрлігі"
    assert iim.name_ru == "Министерство внутренних дел Республики Казахстан"
    assert plan_1593.agencies.count() == 22 + 16


def test_it_changes_nothing_when_the_same_file_is_imported_again(plan_1593):
    again = import_plan(REAL_PLAN)
    assert not again.changed
    assert again.plan.pk == plan_1593.pk
    assert Plan.objects.count() == 1


def test_it_updates_in_place_from_a_corrected_file(plan_1593, plan_dir):
    measure_pk = plan_1593.measures.get(number=4).pk
    edit_csv(plan_dir / "measures.csv", "4", deadline="2014 жылғы тамыз", responsible="ІІМ (жинақтау), ӨДМ")
    result = import_plan(plan_dir)
    assert result.counts["measures"]["updated"] == 1
    m4 = Measure.objects.get(pk=measure_pk)
    assert m4.deadline_text == "2014 жылғы тамыз"
    assert [d.due.isoformat() for d in m4.due_dates.all()] == ["2014-08-31"]
    assert [(r.agency.code, r.is_lead) for r in m4.responsibilities.all()] == [("ІІМ", True), ("ӨДМ", False)]


def test_it_lists_every_error_with_row_and_column_and_writes_nothing(plan_dir):
    edit_csv(plan_dir / "measures.csv", "3", responsible="ІІМ, ХХХ")
    edit_csv(plan_dir / "measures.csv", "5", deadline="келесі жылы")
    edit_csv(plan_dir / "measures.csv", "15", expenses="2014 жыл – 549 64x2 мың теңге")
    edit_csv(plan_dir / "measures.csv", "7", number="6")
    edit_csv(plan_dir / "agencies.csv", "ІІМ", kind="ministery")
    with pytest.raises(PlanFileInvalid) as caught:
        import_plan(plan_dir)
    messages = [str(p) for p in caught.value.problems]
    assert "measures, row 4, column responsible: measure 3: unknown agency code 'ХХХ'" in messages
    assert any(
        m.startswith("measures, row 6, column deadline: measure 5: cannot read the deadline 'келесі жылы'")
        for m in messages
    )
    assert any(m.startswith("measures, row 16, column expenses: measure 15:") for m in messages)
    assert "measures, row 8, column number: measure 6 is already on row 7" in messages
    assert any(m.startswith("agencies, row") and "column kind: 'ministery' is not one of" in m for m in messages)
    assert Plan.objects.count() == 0 and Agency.objects.count() == 0


def test_it_reports_a_missing_column_and_a_missing_plan_field(plan_dir):
    text = (plan_dir / "plan.csv").read_text(encoding="utf-8")
    (plan_dir / "plan.csv").write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("act_date")), encoding="utf-8"
    )
    with pytest.raises(PlanFileInvalid) as caught:
        import_plan(plan_dir)
    assert "plan, column act_date: act_date is required" in [str(p) for p in caught.value.problems]
    (plan_dir / "agencies.csv").write_text("code,name_kk\nІІМ,Ішкі істер министрлігі\n", encoding="utf-8")
    with pytest.raises(PlanFileInvalid) as caught:
        import_plan(plan_dir)
    assert "agencies, row 1, column kind: column is missing" in [str(p) for p in caught.value.problems]


def test_it_refuses_to_drop_a_measure_that_has_reports(plan_1593, plan_dir):
    from tests.factories import SubmissionFactory

    period = plan_1593.periods.first()
    SubmissionFactory(measure=plan_1593.measures.get(number=49), period=period, agency=Agency.objects.get(code="ІІМ"))
    lines = (plan_dir / "measures.csv").read_text(encoding="utf-8").splitlines()
    (plan_dir / "measures.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(PlanFileInvalid, match="measures 49 have reports"):
        import_plan(plan_dir)
    assert plan_1593.measures.count() == 49 and Submission.objects.count() == 1


@pytest.mark.parametrize("fmt, name", [("json", "plan.json"), ("xlsx", "plan.xlsx"), ("csv", "plan-folder")])
def test_it_reproduces_the_plan_from_its_export(plan_1593, tmp_path, fmt, name):
    before = plan_document(plan_1593)
    write_plan(plan_1593, fmt, tmp_path / name)
    Plan.objects.all().delete()
    reimported = import_plan(tmp_path / name).plan
    assert plan_document(reimported) == before


def test_it_exports_the_whole_plan_as_json_from_the_command(plan_1593, capsys):
    call_command("export_plan", "1593", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    m15 = next(m for m in data["measures"] if m["number"] == 15)
    assert m15["budget"]["per_year"] == {"2014": "549642", "2015": "80612", "2016": "18324"}
    assert m15["deadline"] == {
        "wording": "2016 жылғы 5 қаңтар",
        "schedule": {
            "once": [{"year": 2016, "month": 1, "day": 5}],
            "annual_month": None,
            "annual_day": None,
            "annual_from": None,
        },
        "due_dates": ["2016-01-05"],
    }
    assert m15["form"]["kind"] == "information"
    assert next(m for m in data["measures"] if m["number"] == 35) == {
        "number": 35,
        "direction": {
            "number": 6,
            "title": {
                "kk": "Жоғары білікті шетелдік жұмыс күшін тарту тетігін жетілдіру",
                "ru": "Совершенствование механизма привлечения высококвалифицированной иностранной рабочей силы",
                "en": "Improving the mechanism for attracting highly qualified foreign labour",
            },
        },
        "classified": True,
    }


def test_it_fails_the_import_command_with_every_problem_listed(plan_dir, capsys):
    edit_csv(plan_dir / "measures.csv", "2", responsible="")
    with pytest.raises(CommandError, match="1 problem\\(s\\); nothing was imported"):
        call_command("import_plan", str(plan_dir))
    assert "measures, row 3, column responsible: measure 2: is empty" in capsys.readouterr().err
    with pytest.raises(CommandError, match="no plan with code 'nope'"):
        call_command("export_plan", "nope")


def test_it_reads_russian_responsibility_marks_and_akimat_phrases():
    agencies = {
        "МВД": {"kind": "ministry", "territory": ""},
        "МИД": {"kind": "ministry", "territory": ""},
        "Акмолинская": {"kind": "akimat", "territory": "region"},
        "Астана": {"kind": "akimat", "territory": "city"},
        "Шымкент": {"kind": "akimat", "territory": "city"},
    }
    parsed, problems = parse_responsible(
        "МВД (свод), МИД (по согласованию), акиматы областей, городов Астаны и Алматы", agencies
    )
    assert problems == []
    assert parsed == [
        ("МВД", True, False),
        ("МИД", False, True),
        ("Акмолинская", False, False),
        ("Астана", False, False),
    ]
    _, problems = parse_responsible("МВД (свод), МИД (свод)", agencies)
    assert problems == ["more than one lead agency (жинақтау)"]


def test_it_reads_budgets_and_rejects_what_it_cannot_read():
    assert parse_budget("Талап етілмейді", 2014, 2016) == ({}, "Талап етілмейді", [])
    assert parse_budget("2015 год – 1 250,5 тыс. тенге", 2014, 2016) == ({2015: Decimal("1250.5")}, "", [])
    assert parse_budget("2019 жыл – 10 мың теңге", 2014, 2016)[2] == ["year 2019 is outside the plan period 2014–2016"]
    assert parse_budget("12 345", 2014, 2016)[2][0].startswith("cannot read amounts in '12 345'")
