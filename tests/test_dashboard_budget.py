from decimal import Decimal

import time_machine
from django.urls import reverse

from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401

URL = reverse("dashboards:budget")


def _measures(response):
    return {m.number: (m.planned, m.spent_total, m.balance) for m in response.context["table"].data}


@time_machine.travel(TODAY, tick=False)
def test_it_compares_planned_and_spent_per_measure_direction_year_and_source(client, dash):
    response = client_for(client, dash.users.coordinator).get(URL)
    # Contributions are inside the lead's consolidated report; returned reports do not count.
    assert _measures(response) == {1: (150, 15, 135), 2: (20, 0, 20), 4: (0, 0, 0), 5: (30, 7, 23)}
    summaries = response.context["summaries"]
    assert [(r["number"], r["planned"], r["spent"]) for r in summaries["direction"]] == [(1, 170, 15), (2, 30, 7)]
    assert [(r["key"], r["planned"], r["spent"]) for r in summaries["year"]] == [(2014, 120, 22), (2015, 80, 0)]
    assert {r["key"]: (r["planned"], r["spent"]) for r in summaries["source"]} == {
        "Республикалық бюджет": (170, 15),
        "Жергілікті бюджет": (30, 7),
    }
    assert response.context["classified_hidden"] == 1
    assert "999" not in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_it_shows_an_agency_its_own_measures_and_spending(client, dash):
    response = client_for(client, dash.users.akimat).get(URL)
    assert _measures(response) == {1: (150, 4, 146), 4: (0, 0, 0), 5: (30, 7, 23)}
    assert response.context["summaries"]["year"][0]["spent"] == Decimal(11)


@time_machine.travel(TODAY, tick=False)
def test_it_sums_the_chosen_plan_per_direction(client, dash):
    c = client_for(client, dash.users.coordinator)
    assert [(r["key"], r["planned"], r["spent"]) for r in c.get(URL).context["summaries"]["plan"]] == [
        ("dash", 200, 22)
    ]
    html = c.get(URL).content.decode()
    assert "Per direction" in html and "Кадрларды сақтау" in html
