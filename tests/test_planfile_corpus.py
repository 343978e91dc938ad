"""Malformed plan files: every one is answered by messages naming table, row, column and reason —
never a traceback — and nothing is written. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import copy
import json

import pytest

from plans.models import Agency, Measure, Plan
from plans.planfile import PlanFileInvalid, import_tables, preview_bytes, read_bytes

from .planfiles import as_json, as_xlsx, as_zip, load_tables, set_cell

pytestmark = pytest.mark.django_db
BASE = load_tables()


def edited(*edits):
    tables = copy.deepcopy(BASE)
    for table, key, column, value in edits:
        set_cell(tables, table, key, column, value)
    return tables


def with_rows(table, rows):
    tables = copy.deepcopy(BASE)
    tables[table] = [tables[table][0], *rows] if rows is not None else tables[table]
    return tables


def header_changed(table, old, new):
    tables = copy.deepcopy(BASE)
    tables[table][0] = [new if h == old else h for h in tables[table][0]]
    return tables


def formula_without_value(book):
    book["measures"]["B2"] = "=1+1"


def huge():
    tables = copy.deepcopy(BASE)
    header = tables["measures"][0]
    at = header.index("number")
    row = ["" if h.endswith(("_ru", "_en")) else c for h, c in zip(header, tables["measures"][1], strict=True)]
    tables["measures"] += [[*row[:at], str(100 + i), *row[at + 1 :]] for i in range(10000)]
    return as_zip(tables)


def plan_row(field):
    return next(r for r in BASE["plan"] if r[0] == field)


M, P, A = "measures", "plan", "agencies"
CASES = {
    "empty file": (b"", "the file is empty"),
    "only spaces": (b"   \n  ", "the file is empty"),
    "text named .xlsx": (b"just some text", "neither an XLSX workbook"),
    "one CSV file": (b"field,value\ncode,1593\n", "a CSV file holds one table"),
    "encrypted xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    "broken zip": (b"PK\x03\x04broken", "damaged"),
    "zip without CSV": (as_zip({}), "missing"),
    "zip without measures": (as_zip(BASE, skip=("measures",)), "measures.csv missing"),
    "broken JSON": (b'{"plan": {', "the JSON cannot be read (line 1"),
    "JSON list": (b"[]", "expected an object with 'plan'"),
    "JSON plan is a list": (b'{"plan": []}', "expected an object with 'plan'"),
    "JSON null": (b"null", "neither an XLSX"),
    "JSON measures not a list": (
        json.dumps({"plan": {"code": "x"}, "measures": {}}).encode(),
        "expected a list of objects",
    ),
    "JSON measure is text": (
        json.dumps({"plan": {"code": "x"}, "measures": ["one"]}).encode(),
        "expected an object, found text",
    ),
    "JSON deeply nested": (b"[" * 100000, "the JSON cannot be read"),
    "JSON title null": (
        as_json(edited((M, "1", "title_kk", ""), (M, "1", "title_ru", ""), (M, "1", "title_en", ""))).replace(
            b'"title_kk": ""', b'"title_kk": null'
        ),
        "column title_kk: measure 1: is empty",
    ),
    "JSON object in a cell": (
        as_json(edited((M, "2", "deadline", "X"))).replace(b'"deadline": "X"', b'"deadline": {"a": 1}'),
        "column deadline: expected text or a number, found an object",
    ),
    "JSON float year": (
        as_json(edited((P, "first_year", "value", "X"))).replace(b'"first_year": "X"', b'"first_year": 2014.5'),
        "'2014.5' is not a whole number",
    ),
    "xlsx without measures sheet": (as_xlsx({k: v for k, v in BASE.items() if k != M}), "sheet 'measures' is missing"),
    "xlsx formula without value": (as_xlsx(BASE, tweak=formula_without_value), "a formula without a saved value"),
    "UTF-16 with an unknown column": (
        as_zip(header_changed(M, "title_kk", "titel"), encoding="utf-16"),
        "measures, row 1, column titel: unknown column",
    ),
    "missing column": (as_zip(header_changed(A, "kind", "")), "agencies, row 1, column kind: column is missing"),
    "plan code too long": (as_zip(edited((P, "code", "value", "x" * 41))), "is 41 characters long; at most 40 fit"),
    "agency code too long": (as_zip(edited((A, "БП", "code", "Б" * 65))), "at most 64 fit"),
    "agency name too long": (as_zip(edited((A, "БП", "name_kk", "а" * 301))), "at most 300 fit"),
    "deadline too long": (as_zip(edited((M, "3", "deadline", "2014 жылғы мамыр " * 15))), "at most 200 fit"),
    "funding source too long": (as_zip(edited((M, "15", "funding_source_kk", "б" * 201))), "at most 200 fit"),
    "title too long": (as_zip(edited((M, "15", "title_kk", "б" * 5001))), "at most 5000 fit"),
    "measure number 0": (as_zip(edited((M, "4", "number", "0"))), "0 is outside 1–9999"),
    "measure number too big": (as_zip(edited((M, "4", "number", "100000"))), "100000 is outside 1–9999"),
    "measure number not a number": (as_zip(edited((M, "4", "number", "4а"))), "'4а' is not a whole number"),
    "measure number huge": (as_zip(edited((M, "4", "number", "9" * 30))), "is not a whole number"),
    "first year out of range": (as_zip(edited((P, "first_year", "value", "3000"))), "3000 is outside 1990–2100"),
    "period of 5 months": (as_zip(edited((P, "period_months", "value", "5"))), "period_months 5 must be 1, 3, 6 or 12"),
    "ministry due before agencies": (
        as_zip(edited((P, "ministry_due_day", "value", "3"))),
        "the ministry reports by day 3, before the agencies report to it (day 5)",
    ),
    "due day 32": (as_zip(edited((P, "agency_due_day", "value", "32"))), "32 is outside 1–31"),
    "no such date": (as_zip(edited((P, "act_date", "value", "31.02.2013"))), "'31.02.2013' is not a date"),
    "NUL byte": (as_zip(edited((M, "6", "title_kk", "Жоспар\x00"))), "contains a control character"),
    "amount with 4 decimals": (as_zip(edited((M, "15", "expenses", "2014 жыл – 1,1234 мың теңге"))), "is out of range"),
    "amount with 13 digits": (
        as_zip(edited((M, "15", "expenses", "2014 жыл – 1234567890123 мың теңге"))),
        "is out of range",
    ),
    "budget year outside": (
        as_zip(edited((M, "15", "expenses", "2019 жыл – 10 мың теңге"))),
        "year 2019 is outside the plan period",
    ),
    "unknown agency": (as_zip(edited((M, "3", "responsible", "ІІМ, ХХХ"))), "measure 3: unknown agency code 'ХХХ'"),
    "two leads": (
        as_zip(edited((M, "3", "responsible", "ІІМ (жинақтау), ӨДМ (жинақтау)"))),
        "more than one lead agency",
    ),
    "unknown mark": (as_zip(edited((M, "3", "responsible", "ІІМ (басшы)"))), "unknown mark '(басшы)'"),
    "unreadable deadline": (
        as_zip(edited((M, "5", "deadline", "келесі жылы"))),
        "cannot read the deadline 'келесі жылы'",
    ),
    "deadline outside": (
        as_zip(edited((M, "2", "deadline", "2018 жылғы мамыр"))),
        "31 May 2018 fall(s) outside the plan period 2014–2016",
    ),
    "deadline partly outside": (
        as_zip(edited((M, "2", "deadline", "5 июля 2014, 2017 годов"))),
        "05 Jul 2017 fall(s) outside",
    ),
    "annual from outside": (
        as_zip(edited((M, "2", "deadline", "5 қаңтар жыл сайын (2019 жылдан бастап)"))),
        "outside the plan period",
    ),
    "duplicate measure": (as_zip(edited((M, "7", "number", "6"))), "measure 6 is already on row 7"),
    "duplicate agency": (as_zip(edited((A, "БП", "code", "ҰҚК"))), "agency 'ҰҚК' is listed twice"),
    "classified maybe": (as_zip(edited((M, "35", "classified", "maybe"))), "'maybe' is not yes or empty"),
    "direction with two titles": (
        as_zip(edited((M, "2", "direction_title_kk", "Басқа"))),
        "direction 1 has another title",
    ),
    "akimat without territory": (as_zip(edited((A, "Астана қаласы", "territory", ""))), "an akimat needs territory"),
    "unknown plan field": (as_zip(with_rows(P, BASE[P][1:] + [["colour", "blue"]])), "unknown field 'colour'"),
    "plan field twice": (as_zip(with_rows(P, BASE[P][1:] + [plan_row("code")])), "'code' is given twice"),
    "no measures": (as_zip(with_rows(M, [])), "the plan has no measures"),
    "10,000 rows": (huge(), "a plan file holds at most 5000"),
    "title empty": (
        as_zip(edited((M, "8", "title_kk", ""), (M, "8", "title_ru", ""), (M, "8", "title_en", ""))),
        "column title_kk: measure 8: is empty",
    ),
    "kind unknown": (as_zip(edited((A, "БП", "kind", "ministery"))), "'ministery' is not one of"),
    "ministry unknown": (
        as_zip(edited((P, "ministry", "value", "ЖОҚ"))),
        "ministry 'ЖОҚ' is not in the agencies table",
    ),
    "form kind unknown": (
        as_json(edited((M, "9", "title_kk", "T"))).replace(b'"title_kk": "T"', b'"title_kk": "T", "form_kind": "memo"'),
        "'memo' is not one of",
    ),
    "no title in any language": (
        as_zip(edited((P, "title_kk", "value", ""), (P, "title_ru", "value", ""), (P, "title_en", "value", ""))),
        "a title in at least one language",
    ),
    "agency without any name": (
        as_zip(edited((A, "БП", "name_kk", ""), (A, "БП", "name_ru", ""), (A, "БП", "name_en", ""))),
        "a name in at least one language",
    ),
    "act kind unknown": (as_zip(edited((P, "act_kind", "value", "decret"))), "'decret' is not one of"),
    "amendment without date": (
        as_zip(edited(("amendments", "decree", "act_date", ""))),
        "amendments, row 2, column act_date: is empty",
    ),
}
MALFORMED = {name: case for name, case in CASES.items() if case[1] is not None}


def counts():
    return (Plan.objects.count(), Agency.objects.count(), Measure.objects.count())


def test_it_has_a_corpus_of_at_least_fifty_malformed_files():
    assert len(MALFORMED) >= 50


@pytest.mark.parametrize("name", MALFORMED)
def test_it_answers_a_malformed_file_with_a_message_and_writes_nothing(name):
    data, expected = MALFORMED[name]
    before = counts()
    with pytest.raises(PlanFileInvalid) as caught:
        preview_bytes(f"{name}.xlsx", data)
    messages = [str(p) for p in caught.value.problems]
    assert any(expected in m for m in messages), messages
    with pytest.raises(PlanFileInvalid):
        import_tables(read_bytes(f"{name}.xlsx", data))
    assert counts() == before
