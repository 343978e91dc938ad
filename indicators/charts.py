"""Time-series charts as inline SVG built on the server, in the style of ``reports/charts.py``:
no JavaScript, every text escaped. One line per kind of period (years, half-years …), one dot per
observation, so two sources that disagree show as two dots on the same period."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString

from dashboards.charts import _svg

LINE_COLOURS = ["#0b4f8a", "#e66100", "#1e7b34", "#7b2cbf", "#9aa3ad"]
WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 560, 220, 64, 16, 44


def _y(value: float, low: float, high: float) -> float:
    span = (high - low) or 1
    return TOP + (high - value) / span * (HEIGHT - TOP - BOTTOM)


def line_chart(series: list[tuple[str, list[tuple[str, object, Decimal, str]]]], *, title: str) -> SafeString:
    """``series``: (legend, [(x key, sortable position, value, tooltip)]) — points of all series share
    one x axis ordered by position; the y axis runs from min(0, lowest) to the highest value."""
    positions = sorted({(pos, key) for _legend, points in series for key, pos, _v, _t in points})
    xs = {
        key: LEFT + 20 + i * ((WIDTH - LEFT - 40) / max(len(positions) - 1, 1)) for i, (_p, key) in enumerate(positions)
    }
    values = [float(v) for _legend, points in series for _k, _p, v, _t in points]
    low, high = min([0.0, *values]), max([0.0, *values]) or 1.0
    body = [
        f'<line x1="{LEFT}" y1="{_y(0, low, high):.1f}" '
        f'x2="{WIDTH - 10}" y2="{_y(0, low, high):.1f}" stroke="#9aa3ad"/>',
        (
            f'<text x="{LEFT - 6}" y="{_y(high, low, high) + 4:.1f}" '
            f'font-size="11" text-anchor="end">{high:,.0f}</text>'
        ).replace(",", " "),
    ]
    if low < 0:
        body.append(
            (
                f'<text x="{LEFT - 6}" y="{_y(low, low, high) + 4:.1f}" '
                f'font-size="11" text-anchor="end">{low:,.0f}</text>'
            ).replace(",", " ")
        )
    for _p, key in positions:
        body.append(
            f'<text x="{xs[key]:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" '
            f'text-anchor="middle">{escape(key)}</text>'
        )
    for n, (legend, points) in enumerate(series):
        colour = LINE_COLOURS[n % len(LINE_COLOURS)]
        ordered = sorted(points, key=lambda p: p[1])
        path = " ".join(f"{xs[k]:.1f},{_y(float(v), low, high):.1f}" for k, _p, v, _t in ordered)
        if len(ordered) > 1:
            body.append(f'<polyline class="series" points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for key, _pos, value, tip in ordered:
            x, y = xs[key], _y(float(value), low, high)
            body.append(
                f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">'
                f"<title>{escape(tip)}</title></circle>"
            )
            body.append(
                f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="11" text-anchor="middle">{escape(_num(value))}</text>'
            )
        lx = LEFT + n * 150
        body.append(f'<rect x="{lx}" y="{HEIGHT - 14}" width="10" height="10" fill="{colour}"/>')
        body.append(f'<text x="{lx + 14}" y="{HEIGHT - 5}" font-size="11">{escape(legend)}</text>')
    return _svg(WIDTH, HEIGHT, title, body)


def _num(value: Decimal) -> str:
    value = Decimal(value)
    if value == value.to_integral():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value.normalize():f}"
