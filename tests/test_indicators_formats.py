"""SDMX-CSV, JSON-stat 2.0 and XLSX: round trips, the hand-entry template, and bad input answered
with table, row, column and reason while nothing is written."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators import formats, selectors
from indicators.formats import FileInvalid
from indicators.models import Indicator, Observation, Source, Territory
from indicators.services import import_file
from tests.indicators_fixture import CATALOGUE, SEEDS, catalogue, seeded  # noqa: F401

HEADER = (
    "DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE_TITLE,SOURCE_ISSUER,SOURCE_DATE,SOURCE_PLACE\n"
)


def snapshot():
    return sorted(
        (
            o.indicator.code,
            o.territory.code,
            o.period.code,
            o.value,
            o.status,
            o.source.title,
            o.source.issuer,
            o.source.date,
            o.place,
            o.comment,
        )
        for o in selectors.export_selection()
    )


def reload(name: str, data: bytes):
    """Empties the observations and loads ``data`` instead."""
    Observation.objects.all().delete()
    Source.objects.all().delete()
    import_file(name=name, data=data)


def test_it_round_trips_sdmx_csv(seeded):  # noqa: F811
    before = snapshot()
    out = StringIO()
    call_command("export_indicators", "--format", "sdmx-csv", stdout=out)
    assert out.getvalue().splitlines()[0] == ",".join(formats.COLUMNS)
    reload("export.csv", out.getvalue().encode())
    assert snapshot() == before and len(before) == 57


def test_it_round_trips_json_stat(seeded, tmp_path):  # noqa: F811
    before = snapshot()
    target = tmp_path / "indicators.json"
    call_command("export_indicators", "--format", "json-stat", "--output", str(target), stderr=StringIO())
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert (doc["version"], doc["class"], doc["id"]) == ("2.0", "dataset", ["indicator", "territory", "time", "source"])
    assert len(doc["value"]) == 57 and doc["dimension"]["territory"]["category"]["label"]["KZ-71"] == "Astana City"
    reload("indicators.json", target.read_bytes())
    assert snapshot() == before


def test_it_round_trips_xlsx_and_reads_the_template(seeded):  # noqa: F811
    before = snapshot()
    reload("export.xlsx", formats.to_xlsx(selectors.export_selection()))
    assert snapshot() == before
    template = formats.template_xlsx(["arrivals"], ["KZ"])
    with pytest.raises(FileInvalid) as caught:  # the example row has no value and no source yet
        import_file(name="template.xlsx", data=template)
    assert {p.column for p in caught.value.problems} == {"OBS_VALUE", "SOURCE_TITLE", "SOURCE_ISSUER"}


def test_it_reads_semicolons_and_windows_1251_as_excel_saves_them(catalogue):  # noqa: F811
    text = HEADER.replace(",", ";") + "X;arrivals;KZ;2025;23 761;A;Бюллетень;Бюро;2026-02-09;таблица 1\n"
    result = import_file(name="excel.csv", data=text.encode("cp1251"))
    assert result.created == 1
    assert Observation.objects.get().source.title == "Бюллетень" and Observation.objects.get().value == 23761


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "neither UTF-8 nor Windows-1251"),
        (b"hello,world\n1,2\n", "header lacks"),
        (HEADER.encode(), "no observations"),
        (b"{not json", "not valid JSON"),
        (b'{"version": "2.0", "class": "collection"}', "JSON-stat"),
        (b'{"version": "2.0", "class": "dataset", "id": ["x"], "size": [1], "dimension": {}}', "usable JSON-stat"),
        (b"PK\x03\x04junk", "XLSX"),
    ],
)
def test_it_answers_junk_with_a_reason_and_writes_nothing(catalogue, data, reason):  # noqa: F811
    with pytest.raises(FileInvalid) as caught:
        import_file(name="upload.csv", data=data)
    assert reason in str(caught.value.problems[0])
    assert not Observation.objects.exists()


def test_it_lists_every_bad_cell_by_row_and_column_and_writes_nothing(catalogue):  # noqa: F811
    rows = (
        "X,arrivals,KZ,2025,23761,A,Release,Bureau,2026-02-09,\n"
        "X,arrivalz,KZ,2025,1,A,Release,Bureau,,\n"
        "X,net,KZ-99,2025-S3,many,Q,Release,,09.02.2026,\n"
    )
    with pytest.raises(FileInvalid) as caught:
        import_file(name="bad.csv", data=(HEADER + rows).encode())
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert problems == {
        (3, "INDICATOR"),
        (4, "REF_AREA"),
        (4, "TIME_PERIOD"),
        (4, "OBS_VALUE"),
        (4, "OBS_STATUS"),
        (4, "SOURCE_ISSUER"),
        (4, "SOURCE_DATE"),
    }
    assert "sdmx-csv, row 3, column INDICATOR: unknown indicator code “arrivalz”" in [
        str(p) for p in caught.value.problems
    ]
    assert not Observation.objects.exists() and not Source.objects.exists()


def test_it_says_what_a_dry_run_would_do_and_writes_nothing(catalogue):  # noqa: F811
    out = StringIO()
    call_command("import_indicators", str(SEEDS), "--dry-run", stdout=out)
    assert "dry run, nothing written: 57 new, 0 revised, 0 unchanged" in out.getvalue()
    assert not Observation.objects.exists()


def test_it_refuses_a_bad_file_on_the_command_line_without_a_traceback(catalogue, tmp_path):  # noqa: F811
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00junk")
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_indicators", str(bad), stderr=err)
    assert "neither UTF-8" in err.getvalue()
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_indicators", str(tmp_path / "missing.csv"))


def test_it_refuses_a_catalogue_that_links_an_unknown_indicator(db):
    doc = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    doc["indicators"][2]["arrivals"] = "arrivalz"
    doc["territories"][0]["kind"] = "planet"
    with pytest.raises(FileInvalid) as caught:
        import_file(name="catalogue.json", data=json.dumps(doc).encode())
    assert {(p.table, p.row, p.column) for p in caught.value.problems} == {
        ("indicators", 3, "arrivals"),
        ("territories", 1, "kind"),
    }
    assert not Indicator.objects.exists() and not Territory.objects.exists()


def test_it_exports_a_selection(seeded):  # noqa: F811
    out = StringIO()
    call_command("export_indicators", "--indicator", "interregional-net", "--territory", "KZ-71,KZ-79", stdout=out)
    lines = out.getvalue().splitlines()[1:]
    assert len(lines) == 4 and all(",interregional-net,KZ-7" in line for line in lines)
