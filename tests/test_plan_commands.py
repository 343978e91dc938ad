"""import_plan --dry-run prints the preview and writes nothing; open_periods opens by hand what the
daily job opens."""

from __future__ import annotations

import copy

import pytest
from django.core.management import CommandError, call_command

from plans.models import Measure, Plan, PlanVersion, Submission

from .planfiles import PLAN_1593, as_zip, load_tables, set_cell

pytestmark = pytest.mark.django_db


def test_it_prints_the_preview_of_a_dry_run_and_writes_nothing(capsys, tmp_path):
    call_command("import_plan", str(PLAN_1593), "--dry-run")
    out = capsys.readouterr().out
    assert out.startswith("Plan 1593: new plan") and "measure 15 added" in out and "period 2016Q4 added" in out
    assert Plan.objects.count() == 0
    call_command("import_plan", str(PLAN_1593))
    corrected = tmp_path / "corrected.zip"
    corrected.write_bytes(
        as_zip(set_cell(copy.deepcopy(load_tables()), "measures", "4", "deadline", "2014 жылғы тамыз"))
    )
    capsys.readouterr()
    call_command("import_plan", str(corrected), "--dry-run")
    out = capsys.readouterr().out
    assert "measure 4 changed" in out and "deadline: '2014 жылғы шілде' → '2014 жылғы тамыз'" in out
    assert Measure.objects.get(number=4).deadline_text == "2014 жылғы шілде"


def test_it_records_the_command_line_import_as_a_version_with_its_act(tmp_path):
    call_command("import_plan", str(PLAN_1593))
    version = PlanVersion.objects.get()
    assert (version.kind, version.act_kind, version.act_number, str(version.act_date)) == (
        "approval",
        "decree",
        "1593",
        "2013-12-31",
    )
    call_command("import_plan", str(PLAN_1593))
    assert PlanVersion.objects.count() == 1  # nothing changed, no new version


def test_it_refuses_a_file_with_problems_listing_them(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"plan": ', encoding="utf-8")
    with pytest.raises(CommandError, match="1 problem\\(s\\); nothing was imported"):
        call_command("import_plan", str(broken), "--dry-run")
    assert "the JSON cannot be read" in capsys.readouterr().err


def test_it_opens_periods_by_hand_as_of_a_date(capsys):
    call_command("import_plan", str(PLAN_1593))
    call_command("open_periods", "--as-of", "2015-04-03")
    out = capsys.readouterr().out
    assert "1593 2015Q1:" in out and "1593 2015Q2:" in out and "2 period(s) open on 03 Apr 2015" in out
    assert set(Submission.objects.values_list("period__year", "period__number").distinct()) == {(2015, 1), (2015, 2)}
    with pytest.raises(CommandError, match="--as-of '3 April' is not a date"):
        call_command("open_periods", "--as-of", "3 April")
