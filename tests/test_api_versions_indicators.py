"""A plan's versions and the outcome indicators through the API: what a reader gets, in their
language, filtered, paged, with every revision and its source, and a clear 400 for a bad filter."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Observation, Territory
from indicators.services import import_file
from plans.models import PlanVersion
from tests.api_world import api
from tests.indicators_fixture import catalogue  # noqa: F401

pytestmark = pytest.mark.django_db
HEADER = "DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE_TITLE,SOURCE_ISSUER,SOURCE_PLACE\n"


def test_it_lists_a_plans_versions_newest_first_with_the_act_and_who_applied_it(api_world):
    coordinator = api_world["users"]["coordinator"]
    coordinator.first_name, coordinator.last_name = "Айгүл", "Сапарова"
    coordinator.save()
    PlanVersion.objects.create(
        plan=api_world["plan"],
        number=2,
        kind=PlanVersion.Kind.AMENDMENT,
        act_kind="decree",
        act_number="42",
        act_date=dt.date(2015, 2, 5),
        applied_by=coordinator,
        applied_at=api_world["version"].applied_at,
        file_name="plan-42.xlsx",
        file_content=b"PK secret bytes",
        checksum="a" * 64,
    )
    listed = api(api_world, "officer").get(f"/api/v1/plans/{api_world['plan'].code}/versions/").json()
    assert [(v["number"], v["kind"], v["act_number"], v["file_name"]) for v in listed] == [
        (2, "amendment", "42", "plan-42.xlsx"),
        (1, "approval", "1593", "plan.xlsx"),
    ]
    assert listed[0]["applied_by"] == "Айгүл Сапарова" and listed[0]["checksum"] == "a" * 64
    plan = api(api_world, "reader").get(f"/api/v1/plans/{api_world['plan'].code}/").json()
    assert plan["versions"] == listed
    assert "secret" not in str(plan)  # the file itself is the coordinators' download on the page


def test_it_reads_plans_with_their_versions_in_a_fixed_number_of_queries(api_world):
    client = api(api_world, "coordinator")
    client.get("/api/v1/plans/")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/plans/")
    for n in range(2, 6):
        PlanVersion.objects.create(
            plan=api_world["plan"], number=n, kind="correction", applied_at=api_world["version"].applied_at
        )
    with CaptureQueriesContext(connection) as five:
        assert len(client.get("/api/v1/plans/").json()["results"][0]["versions"]) == 5
    assert len(five) == len(one)


def _load(rows: str):
    import_file(name="figures.csv", data=(HEADER + rows).encode())


def test_it_gives_indicators_in_the_readers_language_with_their_territories(api_world, catalogue):  # noqa: F811
    _load("X,arrivals,KZ-75,2025,5000,A,Release,Bureau,t1\n")
    kk = api(api_world, "outsider", HTTP_ACCEPT_LANGUAGE="kk").get("/api/v1/indicators/arrivals/").json()
    ru = api(api_world, "outsider", HTTP_ACCEPT_LANGUAGE="ru").get("/api/v1/indicators/arrivals/").json()
    assert kk["name_language"] == "kk" and ru["name_language"] == "ru" and kk["name"] != ru["name"]
    assert kk["unit"] == "persons" and kk["territories"] == ["KZ", "KZ-75"]
    codes = [i["code"] for i in api(api_world, "reader").get("/api/v1/indicators/?page_size=200").json()["results"]]
    assert "arrivals" in codes and len(codes) > 10
    almaty = api(api_world, "reader", HTTP_ACCEPT_LANGUAGE="ru").get("/api/v1/territories/?page_size=200").json()
    assert {"code": "KZ-75", "name": Territory.objects.get(code="KZ-75").name_ru} in [
        {"code": t["code"], "name": t["name"]} for t in almaty["results"]
    ]


def test_it_keeps_every_revision_with_its_source(api_world, catalogue):  # noqa: F811
    _load("X,arrivals,KZ-75,2025-Q1,1000,P,Release,Bureau,table 1\n")
    _load("X,arrivals,KZ-75,2025-Q1,1020.5,A,Release,Bureau,table 2\n")
    old, new = Observation.objects.filter(territory__code="KZ-75").order_by("pk")
    client = api(api_world, "officer")
    current = client.get("/api/v1/observations/?territory=KZ-75").json()["results"]
    assert [(o["id"], o["value"], o["status"], o["period"], o["revises"]) for o in current] == [
        (new.pk, "1020.5", "A", "2025-Q1", [old.pk])
    ]
    assert current[0]["source"]["title"] == "Release" and current[0]["place"] == "table 2"
    every = client.get("/api/v1/observations/?territory=KZ-75&history=true").json()["results"]
    assert [(o["value"], o["current"], o["superseded_by"]) for o in every] == [
        ("1000", False, new.pk),
        ("1020.5", True, None),
    ]
    assert client.get(f"/api/v1/observations/{old.pk}/").json()["superseded_by"] == new.pk


def test_it_filters_observations_by_indicator_period_year_and_time_recorded(api_world, catalogue):  # noqa: F811
    _load("X,arrivals,KZ,2024,100,A,Release,Bureau,\nX,departures,KZ,2025-S1,7,A,Release,Bureau,\n")
    client = api(api_world, "coordinator")

    def values(query):
        return sorted(o["value"] for o in client.get(f"/api/v1/observations/?{query}").json()["results"])

    assert values("indicator=arrivals") == ["100", "23761"]  # 23761: the world's own figure for 2025
    assert values("year=2025") == ["23761", "7"]
    assert values("period=2025-S1") == ["7"]
    assert values("period=2025-S1&indicator=arrivals") == []
    later = Observation.objects.order_by("recorded_at").last().recorded_at
    assert values(f"updated_since={later.isoformat().replace('+00:00', 'Z')}") == ["7"]


def test_it_pages_observations_by_cursor(api_world, catalogue):  # noqa: F811
    _load("".join(f"X,arrivals,KZ,{year},{year},A,Release,Bureau,\n" for year in range(2000, 2012)))
    client = api(api_world, "reader")
    first = client.get("/api/v1/observations/?page_size=5").json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == len(second["results"]) == 5
    assert not {o["id"] for o in first["results"]} & {o["id"] for o in second["results"]}
    assert len(client.get("/api/v1/observations/?page_size=100000").json()["results"]) == 13  # at most 200


@pytest.mark.parametrize(
    ("query", "field"),
    [("period=2025-Q5", "period"), ("year=abc", "year"), ("updated_since=yesterday", "updated_since")],
)
def test_it_refuses_a_bad_filter_with_400_naming_it_in_the_readers_language(api_world, query, field):
    response = api(api_world, "reader", HTTP_ACCEPT_LANGUAGE="ru").get(f"/api/v1/observations/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["fields"]
    assert body["message"] != "The request has errors; see the fields."  # said in Russian
