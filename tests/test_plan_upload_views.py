"""Plans in the browser: a coordinator uploads, reads problems or the exact changes, applies a new
version; every other role gets 404 and nothing is written."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from plans.models import Agency, Plan, PlanUpload, PlanVersion, Submission
from plans.planfile import read_bytes
from tests import factories as f

from .planfiles import as_xlsx, as_zip, load_tables, set_cell

pytestmark = pytest.mark.django_db
BASE = load_tables()


@pytest.fixture
def coordinator(client):
    client.force_login(f.UserFactory(username="coordinator", role=User.Role.COORDINATOR))
    return client


def upload(client, data: bytes, name: str = "plan.zip"):
    return client.post(reverse("plans:plan_upload"), {"file": SimpleUploadedFile(name, data)})


def apply(client, response, **act):
    return client.post(
        response.url, {"kind": "approval", "act_kind": "decree", "act_number": "1593", "act_date": "2013-12-31", **act}
    )


def test_it_previews_a_new_plan_and_applies_it_as_version_1(coordinator):
    data = as_zip(BASE)
    response = upload(coordinator, data)
    assert response.status_code == 302 and Plan.objects.count() == 0
    page = coordinator.get(response.url).content.decode()
    assert "New plan 1593" in page and "Measures: added (49)" in page and "Reporting periods: added (12)" in page
    applied = apply(coordinator, response)
    assert applied.url == reverse("plans:plan_periods", args=["1593"])
    version = PlanVersion.objects.get()
    assert (version.number, version.kind, version.act_number, version.applied_by.username) == (
        1,
        "approval",
        "1593",
        "coordinator",
    )
    assert version.file_name == "plan.zip" and len(version.checksum) == 64 and bytes(version.file_content) == data
    detail = coordinator.get(reverse("plans:plan_detail", args=["1593"])).content.decode()
    assert "Versions of the plan" in detail and "version 1" in detail


def test_it_shows_a_corrected_file_field_by_field(coordinator):
    apply(coordinator, upload(coordinator, as_zip(BASE)))
    corrected = set_cell(copy.deepcopy(BASE), "measures", "4", "deadline", "2014 жылғы тамыз")
    response = upload(coordinator, as_zip(corrected), "corrected.zip")
    page = coordinator.get(response.url).content.decode()
    assert "Measures: changed (1)" in page
    assert "<code>deadline</code>: <del>2014 жылғы шілде</del> → <ins>2014 жылғы тамыз</ins>" in page
    apply(coordinator, response, kind="correction", act_kind="", act_number="", act_date="")
    version = Plan.objects.get().versions.first()
    assert (version.number, version.kind) == (2, "correction")
    assert version.changes["measures"]["changed"][0]["fields"][0]["field"] == "deadline"
    assert "2014 жылғы тамыз" in coordinator.get(reverse("plans:plan_version", args=["1593", 2])).content.decode()


def test_it_lists_every_problem_by_table_row_and_column_and_writes_nothing(coordinator):
    broken = set_cell(copy.deepcopy(BASE), "measures", "3", "responsible", "ІІМ, ХХХ")
    response = upload(coordinator, as_xlsx(broken), "plan.xlsx")
    page = coordinator.get(response.url).content.decode()
    assert "1 problem in the file — nothing was applied" in page
    assert (
        "<td>measures</td><td>4</td><td>responsible</td><td>measure 3: unknown agency code &#x27;ХХХ&#x27;</td>" in page
    )
    assert coordinator.post(response.url, {"kind": "correction"}).status_code == 200
    assert Plan.objects.count() == Agency.objects.count() == PlanVersion.objects.count() == 0


def test_it_answers_a_file_that_is_not_a_plan_with_a_message(coordinator):
    response = upload(coordinator, b"\xd0\xcf\x11\xe0" + b"\0" * 100, "secret.xlsx")
    assert "password-protected" in coordinator.get(response.url).content.decode()


def test_it_needs_the_act_of_an_amendment(coordinator):
    response = upload(coordinator, as_zip(BASE))
    page = coordinator.post(response.url, {"kind": "amendment"}).content.decode()
    assert "An approving act or an amendment needs its kind, number and date." in page
    assert Plan.objects.count() == 0


def test_it_serves_a_blank_template_with_instructions_that_imports_once_filled(coordinator):
    response = coordinator.get(reverse("plans:plan_template"), HTTP_ACCEPT_LANGUAGE="ru")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] in ("instructions", "инструкция", "нұсқаулық") and {
        "plan",
        "agencies",
        "measures",
    } <= set(book.sheetnames)
    for lang in ("kk", "ru", "en"):
        from plans.planfile.blank import blank_template

        book = load_workbook(io.BytesIO(blank_template(lang)))
        headers = {name: [c.value for c in book[name][1]] for name in ("plan", "amendments", "agencies", "measures")}
        filled = {name: [headers[name], *copy.deepcopy(BASE[name][1:])] for name in headers}
        # the template's columns follow the file format's order, BASE lacks the two optional ones
        filled["measures"] = [headers["measures"], *[[*r, "", ""] for r in BASE["measures"][1:]]]
        assert len(read_bytes("filled.xlsx", as_xlsx(filled))["measures"]) == 49


@pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.HEAD, User.Role.READER])
def test_it_answers_404_to_every_other_role(client, role):
    coordinator = f.UserFactory(username="coordinator", role=User.Role.COORDINATOR)
    pending = PlanUpload.objects.create(uploaded_by=coordinator, file_name="p.zip", content=as_zip(BASE), checksum="x")
    client.force_login(f.UserFactory(role=role))
    assert client.get(reverse("plans:plan_upload")).status_code == 404
    assert upload(client, as_zip(BASE)).status_code == 404
    assert client.get(reverse("plans:plan_upload_preview", args=[pending.pk])).status_code == 404
    assert (
        apply(client, type("R", (), {"url": reverse("plans:plan_upload_preview", args=[pending.pk])})).status_code
        == 404
    )
    assert client.get(reverse("plans:plan_template")).status_code == 404
    assert client.get(reverse("plans:plan_file_download", args=["1593", "xlsx"])).status_code == 404
    assert Plan.objects.count() == 0 and PlanUpload.objects.count() == 1


def test_it_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(reverse("plans:plan_upload"))
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.parametrize(
    ("language", "heading", "problems"),
    [
        ("kk", "Жоспарды жүктеу немесе өзгерту", "Файлда 1 қате бар — ештеңе қолданылмады"),
        ("ru", "Загрузить или изменить план", "В файле 1 ошибка — ничего не применено"),
    ],
)
def test_it_speaks_the_coordinators_language(client, language, heading, problems):
    client.force_login(f.UserFactory(username=f"coordinator-{language}", role=User.Role.COORDINATOR, language=language))
    assert heading in client.get(reverse("plans:plan_upload")).content.decode()
    response = upload(client, b"not a plan")
    assert response.status_code == 302
    assert problems in client.get(response.url).content.decode()


RU_EXAMPLE = Path(__file__).resolve().parent.parent / "plans" / "data" / "plan_ru_example"


@time_machine.travel(dt.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Asia/Almaty")))
def test_it_loads_the_russian_example_plan_and_opens_this_half_years_reports(
    coordinator, django_assert_max_num_queries
):
    data = as_zip(
        {
            name: list(csv.reader(io.StringIO((RU_EXAMPLE / f"{name}.csv").read_text(encoding="utf-8"))))
            for name in ("plan", "amendments", "agencies", "measures")
        }
    )
    response = upload(coordinator, data, "plan-ru.zip")
    page = coordinator.get(response.url).content.decode()
    assert "New plan ru-2026-trud" in page and "2026H2" in page
    applied = apply(coordinator, response, act_kind="order", act_number="118", act_date="2026-03-16")
    plan = Plan.objects.get(code="ru-2026-trud")
    assert (plan.title_kk, plan.period_months, plan.agency_due_day) == ("", 6, 10)
    # 2026H2 is open (agencies report by 10.01.2027): every measure asks its agencies — 2 (due June) until it is
    # reported completed, 4 (continuous) every period — except the classified 5.
    h2 = plan.periods.get(year=2026, number=2)
    assert h2.agency_due == dt.date(2027, 1, 10)
    assert set(Submission.objects.filter(period=h2).values_list("measure__number", flat=True)) == {1, 2, 3, 4, 6}
    assert not Submission.objects.filter(measure__classified=True).exists()
    with django_assert_max_num_queries(12):
        periods_page = coordinator.get(applied.url).content.decode()
    row = "<td>2026H2</td><td>01 Jul 2026</td><td>31 Dec 2026</td><td>10 Jan 2027</td><td>20 Jan 2027</td>"
    assert row in periods_page


def test_it_names_the_problems_of_a_file_in_kazakh_and_russian(client):
    broken = set_cell(copy.deepcopy(BASE), "measures", "3", "responsible", "ІІМ, ХХХ")
    for language, message in (
        ("kk", "3-іс-шара: белгісіз орган коды &#x27;ХХХ&#x27;"),
        ("ru", "мероприятие 3: неизвестный код органа &#x27;ХХХ&#x27;"),
    ):
        client.force_login(
            f.UserFactory(username=f"coordinator-{language}", role=User.Role.COORDINATOR, language=language)
        )
        response = upload(client, as_zip(broken))
        assert message in client.get(response.url).content.decode()


def test_it_never_shows_a_classified_measure_beyond_its_number(coordinator):
    response = upload(coordinator, as_zip(BASE))
    page = coordinator.get(response.url).content.decode()
    assert "<li><strong>35</strong> — <em>classified</em>" in page
    apply(coordinator, response)
    version = PlanVersion.objects.get()
    added = {row["key"]: row for row in version.changes["measures"]["added"]}
    assert added["35"]["label"] == "" and added["35"]["classified"] is True and added["35"]["fields"] == []


def test_it_refuses_a_file_over_the_size_limit_without_storing_it(coordinator, monkeypatch):
    monkeypatch.setattr("plans.views.plan_upload.MAX_FILE_BYTES", 1000)
    monkeypatch.setattr("plans.plan_uploads.MAX_FILE_BYTES", 1000)
    page = upload(coordinator, b"x" * 5000).content.decode()
    assert "1 problem in the file — nothing was applied" in page and "a plan file may be at most" in page
    assert PlanUpload.objects.count() == 0


def test_it_shows_the_versions_on_the_plan_page_in_a_fixed_number_of_queries(
    coordinator, django_assert_num_queries, django_assert_max_num_queries
):
    apply(coordinator, upload(coordinator, as_zip(BASE)))
    url = reverse("plans:plan_detail", args=["1593"])
    with django_assert_max_num_queries(50) as captured:
        assert coordinator.get(url).status_code == 200
    one_version = len(captured)
    for deadline in ("2014 жылғы тамыз", "2014 жылғы қыркүйек"):
        corrected = set_cell(copy.deepcopy(BASE), "measures", "4", "deadline", deadline)
        apply(
            coordinator,
            upload(coordinator, as_zip(corrected)),
            kind="correction",
            act_kind="",
            act_number="",
            act_date="",
        )
    with django_assert_num_queries(one_version):
        page = coordinator.get(url).content.decode()
    assert "version 3" in page and "Amendments" in page and "No. 208 of 09 Apr 2015" in page
