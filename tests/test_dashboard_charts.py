import re

from dashboards.charts import horizontal_bars, stacked_bars


def test_it_makes_horizontal_bars_proportional_to_the_share():
    svg = horizontal_bars([("МИН", 0.5), ("АЛМ", 1.0), ("ТЫС", None)], title="Уақтылы", width=200)
    widths = [float(w) for w in re.findall(r'class="bar-rate"[^>]*width="([\d.]+)"', svg)]
    assert widths == [100.0, 200.0]
    assert "50%" in svg and "100%" in svg and "—" in svg


def test_it_stacks_bars_in_proportion_to_their_totals():
    svg = stacked_bars(
        [("2014Q1", {"accepted": 6, "missing": 2}), ("2014Q2", {"accepted": 2, "missing": 2})],
        [("accepted", "қабылданды"), ("missing", "жоқ")],
        title="t",
    )
    heights = [float(h) for h in re.findall(r'<rect class="bar-[a-z]+"[^>]*height="([\d.]+)"', svg)]
    assert heights[0] == 3 * heights[2] and heights[1] == heights[3] == heights[2]
    assert "қабылданды" in svg


def test_it_escapes_labels_and_titles():
    svg = horizontal_bars([("<script>alert(1)</script>", 0.2)], title='"><b>')
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg


def test_it_draws_an_empty_chart_without_dividing_by_zero():
    assert "<svg" in stacked_bars([("2014Q1", {})], [("accepted", "a")], title="t")
    assert "<svg" in horizontal_bars([], title="t")
