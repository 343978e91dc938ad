import time_machine
from django.urls import reverse

from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401

URL = reverse("dashboards:scorecard")


def _rows(response):
    return {(r["agency_code"], r["period"]): r for r in response.context["table"].data}


@time_machine.travel(TODAY, tick=False)
def test_it_counts_timeliness_per_agency_and_period(client, dash):
    rows = _rows(client_for(client, dash.users.coordinator).get(URL))

    def pick(r):
        return (r["obligations"], r["on_time"], r["late"], r["late_avg"], r["missing"], r["returned"], r["rate"])

    assert pick(rows["МИН", "2014Q1"]) == (2, 2, 0, None, 0, 0, 1.0)
    assert pick(rows["МИН", "2014Q2"]) == (2, 0, 1, 3.0, 0, 1, 0.0)
    assert pick(rows["МИН", "2014Q3"]) == (2, 0, 1, 2.0, 1, 0, 0.0)  # the classified report is not counted here
    assert pick(rows["МИН", "2014Q4"]) == (1, 0, 0, None, 0, 0, None)  # not due yet: no rate
    assert pick(rows["АЛМ", "2014Q3"]) == (2, 1, 0, None, 1, 0, 0.5)
    assert len(rows) == 7


@time_machine.travel(TODAY, tick=False)
def test_it_sums_the_totals_and_draws_the_rate_per_agency(client, dash):
    response = client_for(client, dash.users.coordinator).get(URL)
    totals = response.context["totals"]
    assert (totals["obligations"], totals["on_time"], totals["late"], totals["missing"], totals["returned"]) == (
        12,
        6,
        2,
        2,
        1,
    )
    assert totals["rate"] == round(6 / 11, 3)
    chart = str(response.context["rate_chart"])
    assert chart.index("АЛМ") < chart.index("МИН")  # best first: АЛМ 4/5, МИН 2/6
    assert "80%" in chart and "33%" in chart


@time_machine.travel(TODAY, tick=False)
def test_it_filters_by_agency_kind_period_and_lead_only(client, dash):
    c = client_for(client, dash.users.coordinator)
    assert set(_rows(c.get(URL, {"kind": "akimat"}))) == {("АЛМ", "2014Q1"), ("АЛМ", "2014Q2"), ("АЛМ", "2014Q3")}
    assert set(_rows(c.get(URL, {"period": "2014-3"}))) == {("МИН", "2014Q3"), ("АЛМ", "2014Q3")}
    lead = _rows(c.get(URL, {"lead_only": "on"}))
    assert {k: r["obligations"] for k, r in lead.items()} == {("МИН", "2014Q1"): 1, ("МИН", "2014Q2"): 1}


@time_machine.travel(TODAY, tick=False)
def test_it_shows_an_officer_their_own_scorecard_on_the_agency_home(client, dash):
    response = client_for(client, dash.users.officer).get(reverse("dashboards:agency_home"))
    assert response.status_code == 200
    assert {agency for agency, _ in _rows(response)} == {"МИН"}
    assert response.context["totals"]["rate"] == round(2 / 6, 3)


@time_machine.travel(TODAY, tick=False)
def test_it_sends_the_ministry_from_agency_home_without_an_agency_to_the_scorecard(client, dash):
    c = client_for(client, dash.users.coordinator)
    assert c.get(reverse("dashboards:agency_home")).url == URL
    response = c.get(reverse("dashboards:agency_home"), {"agency": dash.al.pk})
    assert {agency for agency, _ in _rows(response)} == {"АЛМ"}


def test_its_rows_sort_as_django_tables2_sorts_them():
    """``dashboards.tables.ListData`` reads each row's sort values once; the order is
    django-tables2's own for every column and direction, with missing rates, ties and values of
    different types."""
    import random

    from django_tables2.data import TableListData

    from dashboards.tables import ScorecardTable

    rng = random.Random(1593)
    rows = [
        {
            "agency_code": code,
            "agency_order": (code,),
            "agency_name": code.lower(),
            "period": f"2014Q{q}",
            "period_key": f"2014-0{q}",
            "rate": rng.choice([None, 0.0, 0.5, 1.0, 0.333]),
            **{k: rng.randint(0, 3) for k in ("obligations", "on_time", "late", "missing", "returned")},
            "late_avg": rng.choice([None, 1.5, 2.0, "n/a"]),  # a text among numbers: compared pair by pair
        }
        for code in ("МИН", "АЛМ", "ІІМ", "ҚМ", "ЕМ")
        for q in (1, 2, 3, 4)
    ]
    rng.shuffle(rows)
    for sort in (None, "rate", "-rate", "late_avg", "-late_avg", "agency_code", "-period", "missing", "-obligations"):
        ours = ScorecardTable(list(rows), order_by=sort)
        theirs = ScorecardTable(TableListData(list(rows)), order_by=sort)
        assert [id(r.record) for r in ours.rows] == [id(r.record) for r in theirs.rows], sort
