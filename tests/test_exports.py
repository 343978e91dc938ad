import csv
import io

import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dashboards.exports import csv_stream, xlsx_file
from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401


def _body(response) -> bytes:
    assert response.streaming  # downloads are streamed, never built whole in memory
    return b"".join(response.streaming_content)


def _csv(response):
    return list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))


@time_machine.travel(TODAY, tick=False)
def test_it_exports_exactly_the_filtered_scorecard_rows_to_csv(client, dash):
    response = client_for(client, dash.users.coordinator).get(reverse("dashboards:scorecard"), {"period": "2014-3", "_export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="scorecard-20141020.csv"'
    rows = _csv(response)
    assert rows[0][:3] == ["Agency", "Name", "Period"]
    assert sorted((r[0], r[2], r[3], r[7]) for r in rows[1:]) == [("АЛМ", "2014Q3", "2", "1"), ("МИН", "2014Q3", "2", "1")]


@time_machine.travel(TODAY, tick=False)
def test_it_exports_every_filtered_overdue_row_to_xlsx_unpaginated(client, dash, settings):
    c = client_for(client, dash.users.coordinator)
    response = c.get(reverse("dashboards:overdue"), {"agency": dash.mn.pk, "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(_body(response))).active
    values = list(sheet.values)
    assert values[0][2:6] == ("Measure", "Agency", "Report due", "Days late")
    assert sorted((r[3], r[5], r[7]) for r in values[1:]) == [("МИН", 15, 3), ("МИН", 107, 0)]
    assert "ҚҰПИЯ" not in str(values)


@time_machine.travel(TODAY, tick=False)
def test_it_exports_the_budget_without_classified_measures(client, dash):
    rows = _csv(client_for(client, dash.users.coordinator).get(reverse("dashboards:budget"), {"_export": "csv"}))
    assert [r[2][:2] for r in rows[1:]] == ["1.", "2.", "4.", "5."]
    assert "999" not in str(rows)


@time_machine.travel(TODAY, tick=False)
def test_it_writes_headers_in_the_users_language(client, dash):
    user = dash.users.coordinator
    user.language = "ru"
    user.save()
    with translation.override("ru"):
        expected = str(translation.gettext("Agency"))
    rows = _csv(client_for(client, user).get(reverse("dashboards:scorecard"), {"_export": "csv"}))
    assert rows[0][0] == expected


@time_machine.travel(TODAY, tick=False)
def test_it_refuses_an_unknown_export_format_with_a_clear_message(client, dash):
    response = client_for(client, dash.users.coordinator).get(reverse("dashboards:overdue"), {"_export": "pdf"})
    assert response.status_code == 400
    assert "pdf" in response.content.decode() and "csv or xlsx" in response.content.decode()


def test_it_keeps_kazakh_letters_in_both_formats():
    rows = [["Агенттік", "Сома"], ["әғқңөұүһі", 12.5]]
    assert "әғқңөұүһі" in b"".join(csv_stream(rows[0], rows[1:], "kk")).decode("utf-8-sig")
    sheet = load_workbook(xlsx_file(rows[0], rows[1:])).active
    assert list(sheet.values) == [("Агенттік", "Сома"), ("әғқңөұүһі", 12.5)]
