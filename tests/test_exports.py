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
    response = client_for(client, dash.users.coordinator).get(
        reverse("dashboards:scorecard"), {"period": "2014-3", "_export": "csv"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="scorecard-20141020.csv"'
    rows = _csv(response)
    assert rows[0][:3] == ["Agency", "Name", "Period"]
    assert sorted((r[0], r[2], r[3], r[7]) for r in rows[1:]) == [
        ("АЛМ", "2014Q3", "2", "1"),
        ("МИН", "2014Q3", "2", "1"),
    ]


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


def _add_overdue_reports(dash, count: int, first: int) -> None:
    """``count`` more outstanding reports of the fixture's plan, all past their due date."""
    from plans.models import Measure, Submission

    measures = Measure.objects.bulk_create(
        [
            Measure(
                plan=dash.plan, direction=dash.d1, number=n, title_kk=f"Іс-шара {n}: көші-қон", schedule={"once": []}
            )
            for n in range(first, first + count)
        ]
    )
    Submission.objects.bulk_create(
        [
            Submission(
                period=dash.periods[3],
                measure=m,
                agency=dash.al,
                role=Submission.Role.OWN,
                due=dash.periods[3].agency_due,
            )
            for m in measures
        ]
    )


def _download_peak(c, fmt: str) -> tuple[int, int]:
    """(peak bytes allocated while the download is produced and read, its size)."""
    import tracemalloc

    tracemalloc.start()
    response = c.get(reverse("dashboards:overdue"), {"_export": fmt})
    assert response.streaming
    size = sum(len(piece) for piece in response.streaming_content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # Reading the stream to its end closed the response (the test client's closing wrapper); closing
    # it again here would close the test's own database connection on PostgreSQL.
    return peak, size


@time_machine.travel(TODAY, tick=False)
def test_it_streams_a_large_download_with_bounded_memory(client, dash, monkeypatch):
    from dashboards import exports

    monkeypatch.setattr(exports, "CHUNK", 200)  # the same code path as 1000-row chunks, with a quicker test
    c = client_for(client, dash.users.coordinator)
    _add_overdue_reports(dash, 800, first=100)
    small = {fmt: _download_peak(c, fmt) for fmt in ("csv", "xlsx")}
    _add_overdue_reports(dash, 2400, first=1000)
    large = {fmt: _download_peak(c, fmt) for fmt in ("csv", "xlsx")}
    for fmt in ("csv", "xlsx"):
        assert large[fmt][1] > 3 * small[fmt][1]  # four times the rows …
        assert large[fmt][0] < 1.5 * small[fmt][0], (fmt, small[fmt], large[fmt])  # … in about the same memory
