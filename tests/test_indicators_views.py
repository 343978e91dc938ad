"""Indicator pages: who reads and who loads, the upload with its preview, the plan page's
directions with their indicators, languages, and query counts that do not grow with the data."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from indicators.models import Indicator, Observation, Target
from indicators.services import import_file
from plans.models import Direction
from tests import factories as f
from tests.indicators_fixture import CATALOGUE, SEEDS, catalogue, seeded  # noqa: F401

HEADER = (
    "DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,SOURCE_TITLE,SOURCE_ISSUER,SOURCE_DATE,SOURCE_PLACE\n"
)


@pytest.fixture
def people(db):
    return {
        "coordinator": f.UserFactory(username="saule", role=User.Role.COORDINATOR),
        "reader": f.UserFactory(username="galym", role=User.Role.READER),
        "officer": f.UserFactory(username="aigerim", role=User.Role.OFFICER),
    }


def as_(client, user):
    client.force_login(user)
    return client


READ_PAGES = [("indicators:dashboard", {}), ("indicators:detail", {"code": "arrivals"}), ("indicators:export", {})]
LOAD_PAGES = [("indicators:upload", {}), ("indicators:findings", {}), ("indicators:template", {})]


@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES + LOAD_PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(client, seeded, name, kwargs):  # noqa: F811
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["coordinator", "reader", "officer"])
def test_it_lets_everyone_who_works_here_read_the_indicators(client, seeded, people, who):  # noqa: F811
    c = as_(client, people[who])
    for name, kwargs in READ_PAGES:
        assert c.get(reverse(name, kwargs=kwargs)).status_code == 200
    page = c.get(reverse("indicators:detail", kwargs={"code": "arrivals"})).content.decode()
    assert "23761" in page and "29282" in page and "<svg" in page


@pytest.mark.parametrize("who", ["reader", "officer"])
def test_it_lets_only_coordinators_load_figures(client, seeded, people, who):  # noqa: F811
    c = as_(client, people[who])
    for name, kwargs in LOAD_PAGES:
        assert c.get(reverse(name, kwargs=kwargs)).status_code == 404
    upload = SimpleUploadedFile("x.csv", (HEADER + "X,arrivals,KZ,2026,1,A,R,B,,\n").encode())
    assert c.post(reverse("indicators:upload"), {"file": upload}).status_code == 404
    assert c.post(reverse("indicators:upload"), {"action": "confirm"}).status_code == 404
    assert not Observation.objects.filter(period_start__year=2026).exists()
    assert "Load figures" not in c.get(reverse("indicators:dashboard")).content.decode()


def test_it_answers_an_unknown_indicator_with_404(client, seeded, people):  # noqa: F811
    assert as_(client, people["reader"]).get(reverse("indicators:detail", kwargs={"code": "nope"})).status_code == 404


def test_it_previews_an_upload_and_imports_it_only_when_confirmed(client, seeded, people):  # noqa: F811
    c = as_(client, people["coordinator"])
    rows = (
        "X,arrivals,KZ,2025,23800,A,Бюллетень,Бюро,2026-03-01,кесте 1\n"
        "X,arrivals,KZ,2026-Q1,5000,P,Бюллетень,Бюро,2026-03-01,\n"
    )
    upload = SimpleUploadedFile("new.csv", (HEADER + rows).encode())
    page = c.post(reverse("indicators:upload"), {"file": upload}).content.decode()
    assert "2 new, 0 revised, 0 unchanged" in page and "Q1 2026" in page
    assert not Observation.objects.filter(source__title="Бюллетень").exists()

    response = c.post(reverse("indicators:upload"), {"action": "confirm"}, follow=True)
    assert "Imported new.csv: 2 new" in response.content.decode()
    assert Observation.objects.filter(source__title="Бюллетень").count() == 2
    # The new source disagrees with the release for 2025: shown, not corrected.
    page = c.get(reverse("indicators:detail", kwargs={"code": "arrivals"})).content.decode()
    assert "sources disagree" in page and "23800" in page and "23761" in page


def test_it_shows_problems_by_row_and_column_and_writes_nothing(client, seeded, people):  # noqa: F811
    c = as_(client, people["coordinator"])
    upload = SimpleUploadedFile("bad.csv", (HEADER + "X,arrivals,KZ-99,2025,abc,A,R,B,,\n").encode())
    response = c.post(reverse("indicators:upload"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200 and "nothing was imported" in page
    assert "REF_AREA" in page and "unknown territory code “KZ-99”" in page and "“abc” is not a number" in page
    assert c.post(reverse("indicators:upload"), {"action": "confirm"}, follow=True).status_code == 200
    assert Observation.objects.count() == 57


def test_it_exports_a_selection_for_download(client, seeded, people):  # noqa: F811
    c = as_(client, people["officer"])
    response = c.get(reverse("indicators:export"), {"format": "sdmx-csv", "indicator": "net"})
    body = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="indicators.csv"'
    assert len(body.splitlines()) == 5 and all(",net," in line for line in body.splitlines()[1:])
    assert c.get(reverse("indicators:export"), {"format": "pdf"}).status_code == 400


def test_it_lists_the_findings_for_coordinators(client, seeded, people):  # noqa: F811
    page = as_(client, people["coordinator"]).get(reverse("indicators:findings")).content.decode()
    assert page.count('class="finding rule-') == 5
    assert "Аналитическая записка" in page and "−18.85" in page


def test_it_shows_each_directions_indicators_on_the_plan_page(client, db, people):
    plan = f.PlanFactory(code="1593")
    external = f.DirectionFactory(plan=plan, number=4, title="Сыртқы көші-қон")
    f.MeasureFactory(direction=external, number=35, title="құпия іс-шара", classified=True)
    import_file(name="catalogue.json", data=CATALOGUE.read_bytes())
    import_file(name="seeds.csv", data=SEEDS.read_bytes())
    Indicator.objects.get(code="arrivals").measures.add(external.measures.get())
    page = as_(client, people["officer"]).get(reverse("plans:plan_detail", kwargs={"code": "1593"}))
    if page.status_code == 404:  # an officer sees only plans naming the agency; the ministry sees all
        page = as_(client, people["reader"]).get(reverse("plans:plan_detail", kwargs={"code": "1593"}))
    html = page.content.decode()
    assert "outcome indicators" in html and "23,761" in html
    detail = client.get(reverse("indicators:detail", kwargs={"code": "arrivals"})).content.decode()
    assert "measure 35 (classified)" in detail and "құпия іс-шара" not in detail
    assert set(Direction.objects.get(pk=external.pk).indicators.values_list("code", flat=True)) >= {"arrivals", "net"}


@pytest.mark.parametrize(
    ("lang", "heading", "name"),
    [
        ("kk", "Нәтиже көрсеткіштері", "Елге келгендер саны"),
        ("ru", "Показатели результатов", "Число прибывших в страну"),
        ("en", "Outcome indicators", "Arrivals in the country"),
    ],
)
def test_it_speaks_the_users_language(client, seeded, people, lang, heading, name):  # noqa: F811
    people["reader"].language = lang
    people["reader"].save()
    page = as_(client, people["reader"]).get(reverse("indicators:dashboard")).content.decode()
    assert heading in page and name in page


def test_it_runs_the_same_number_of_queries_however_many_figures(client, seeded, people, django_assert_max_num_queries):  # noqa: F811
    c = as_(client, people["coordinator"])
    pages = [
        reverse("indicators:dashboard"),
        reverse("indicators:detail", kwargs={"code": "arrivals"}),
        reverse("indicators:findings"),
        reverse("indicators:dashboard") + "?region=interregional-net",
    ]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts():
        out = []
        for url in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert c.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    small = counts()
    rows = "".join(
        f"X,{code},KZ-{t},{year},{year + t},A,Big,Bureau,,\n"
        for code in ("arrivals", "departures", "net", "interregional-net")
        for t in (11, 15, 19, 23, 27, 31, 35)
        for year in range(2000, 2024)
    )
    import_file(name="big.csv", data=(HEADER + rows).encode())
    assert Observation.objects.count() > 700
    assert counts() == small
    with django_assert_max_num_queries(12):
        c.get(reverse("indicators:dashboard"))
    assert Decimal(0) < Observation.objects.filter(source__title="Big").first().value


def test_it_shows_the_copied_plans_indicators_on_a_training_copy_and_the_target(client, db, people):
    plan = f.PlanFactory(code="1593")
    training = f.PlanFactory(code="1593-training", is_training=True, source_plan=plan)
    for p in (plan, training):
        f.DirectionFactory(plan=p, number=4, title=f"Сыртқы көші-қон {p.code}")
    import_file(name="catalogue.json", data=CATALOGUE.read_bytes())
    import_file(name="seeds.csv", data=SEEDS.read_bytes())
    Target.objects.create(
        indicator=Indicator.objects.get(code="net"), plan=training, target=Decimal(20000), target_period="2026"
    )
    c = as_(client, people["reader"])
    html = c.get(reverse("plans:plan_detail", kwargs={"code": "1593-training"})).content.decode()
    assert "Net international migration" in html and "16,153" in html
    page = c.get(reverse("indicators:dashboard")).content.decode()
    assert "Target: 20000 2026" in page
