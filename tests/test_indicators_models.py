"""Periods of different lengths, the territories of 2014 and today, revisions kept."""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.formats import FileInvalid
from indicators.models import Observation, Territory
from indicators.periods import Period, PeriodError
from indicators.services import import_file
from tests.indicators_fixture import catalogue  # noqa: F401

HEADER = "DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE_TITLE,SOURCE_ISSUER,SOURCE_PLACE\n"


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "code"),
    [
        ("2025", "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025"),
        ("2025-S2", "half", dt.date(2025, 7, 1), dt.date(2025, 12, 31), "2025-S2"),
        ("2024-Q1", "quarter", dt.date(2024, 1, 1), dt.date(2024, 3, 31), "2024-Q1"),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024-02"),
        ("2025-01/2025-06", "half", dt.date(2025, 1, 1), dt.date(2025, 6, 30), "2025-S1"),
        ("2025-01/2025-05", "span", dt.date(2025, 1, 1), dt.date(2025, 5, 31), "2025-01/2025-05"),
        ("2024-11/2025-02", "span", dt.date(2024, 11, 1), dt.date(2025, 2, 28), "2024-11/2025-02"),
    ],
)
def test_it_reads_periods_of_every_length(text, kind, start, end, code):
    period = Period.parse(text)
    assert (period.kind, period.start, period.end, period.code) == (kind, start, end, code)
    assert Period.parse(period.code) == period


def test_it_compares_a_period_with_the_same_months_a_year_earlier():
    assert Period.parse("2025-S1").year_before().code == "2024-S1"
    assert Period.parse("2025-01/2025-05").year_before().code == "2024-01/2024-05"


@pytest.mark.parametrize("text", ["", "25", "2025-S3", "2025-Q5", "2025-13", "2025-06/2025-01", "январь 2025"])
def test_it_refuses_what_is_not_a_period_with_a_reason(text):
    with pytest.raises(PeriodError, match="2025|period|month|ends|half"):
        Period.parse(text)


def test_it_knows_the_territories_of_2014_and_of_today(catalogue):  # noqa: F811
    def existing(year):
        return Territory.objects.exclude(since__gt=year).exclude(until__lte=year)

    today = existing(2025)
    assert today.filter(kind="region").count() == 17
    assert set(today.filter(kind="city").values_list("name_en", flat=True)) == {
        "Astana City",
        "Almaty City",
        "Shymkent City",
    }
    assert existing(2014).filter(kind="region").count() == 14
    assert existing(2014).filter(kind="city").count() == 2
    assert Territory.objects.get(code="KZ").kind == "country"


def test_it_links_territories_to_the_akimats_of_the_plan(db):
    from plans.models import Agency
    from tests.indicators_fixture import CATALOGUE

    akimat = Agency.objects.create(
        code="Астана қаласы", name_kk="Астана қаласының әкімдігі", kind="akimat", territory="city"
    )
    import_file(name="catalogue.json", data=CATALOGUE.read_bytes())
    assert Territory.objects.get(code="KZ-71").agency == akimat


def test_it_keeps_a_revised_figure_as_history(catalogue):  # noqa: F811
    row = "X,arrivals,KZ,2025,{v},{s},Release,Bureau,table 1\n"
    import_file(name="a.csv", data=(HEADER + row.format(v=23000, s="P")).encode())
    result = import_file(name="a.csv", data=(HEADER + row.format(v=23761, s="A")).encode())

    assert (result.created, result.revised) == (0, 1)
    old, new = Observation.objects.order_by("pk")
    assert old.superseded_by == new and new.is_current
    assert (old.value, old.status, new.value, new.status) == (Decimal(23000), "P", Decimal(23761), "A")
    assert list(Observation.objects.current()) == [new]


def test_it_keeps_a_figure_from_another_source_beside_the_first(catalogue):  # noqa: F811
    import_file(name="a.csv", data=(HEADER + "X,arrivals,KZ,2025,23761,A,Release,Bureau,\n").encode())
    import_file(name="b.csv", data=(HEADER + "X,arrivals,KZ,2025,24000,A,News,Ministry,\n").encode())
    assert sorted(Observation.objects.current().values_list("value", flat=True)) == [23761, 24000]


def test_it_refuses_the_same_observation_twice_in_one_file(catalogue):  # noqa: F811
    data = HEADER + "X,arrivals,KZ,2025,1,A,Release,Bureau,\nX,arrivals,KZ,2025-01/2025-12,2,A,Release,Bureau,\n"
    with pytest.raises(FileInvalid) as caught:
        import_file(name="a.csv", data=data.encode())
    assert "repeats row 2" in str(caught.value.problems[0])
    assert not Observation.objects.exists()
