"""Charts as inline SVG built on the server: no JavaScript, no internet, readable in any browser.

Pure functions from numbers to markup; every text is escaped.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The status colours of static/css/app.css, as fills.
COLOURS = {
    "accepted": "#1e7b34",
    "submitted": "#1a5fb4",
    "late": "#e66100",
    "returned": "#c99a00",
    "missing": "#b3261e",
    "due": "#9aa3ad",
    "rate": "#0b4f8a",
}

BAR, GAP, PLOT_HEIGHT, LABEL_HEIGHT = 34, 14, 160, 40


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    t = escape(title)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{t}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}"><title>{t}</title>{"".join(body)}</svg>'
    )


def stacked_bars(series: list[tuple[str, dict[str, int]]], keys: list[tuple[str, str]], *, title: str) -> SafeString:
    """One vertical bar per label, stacked by ``keys`` ((key, legend label), bottom first); bar
    heights are proportional to the totals, the tallest filling the plot."""
    tallest = max((sum(values.get(k, 0) for k, _ in keys) for _, values in series), default=0) or 1
    body: list[str] = []
    for i, (label, values) in enumerate(series):
        x = GAP + i * (BAR + GAP)
        y = PLOT_HEIGHT
        for key, legend in keys:
            value = values.get(key, 0)
            if not value:
                continue
            h = value / tallest * (PLOT_HEIGHT - 10)
            y -= h
            body.append(
                f'<rect class="bar-{escape(key)}" x="{x}" y="{y:.1f}" width="{BAR}" height="{h:.1f}" '
                f'fill="{COLOURS.get(key, "#777")}">'
                f"<title>{escape(label)} · {escape(legend)}: {value}</title></rect>"
            )
        body.append(
            f'<text x="{x + BAR / 2}" y="{PLOT_HEIGHT + 14}" font-size="11" text-anchor="middle">{escape(label)}</text>'
        )
    width = max(GAP + len(series) * (BAR + GAP), 320)
    legend_x = GAP
    for key, legend in keys:
        body.append(
            f'<rect x="{legend_x}" y="{PLOT_HEIGHT + 24}" width="10" height="10" fill="{COLOURS.get(key, "#777")}"/>'
        )
        body.append(f'<text x="{legend_x + 14}" y="{PLOT_HEIGHT + 33}" font-size="11">{escape(legend)}</text>')
        legend_x += 24 + 7 * len(str(legend))
    return _svg(max(width, legend_x), PLOT_HEIGHT + LABEL_HEIGHT, title, body)


def horizontal_bars(
    items: list[tuple[str, float | None]], *, title: str, width: int = 300, label_width: int = 220
) -> SafeString:
    """One bar per label for a share between 0 and 1 (e.g. the on-time rate); ``None`` is drawn
    as "—" with no bar (nothing was due)."""
    row = 20
    body: list[str] = []
    for i, (label, share) in enumerate(items):
        y = i * row
        body.append(f'<text x="{label_width - 6}" y="{y + 14}" font-size="12" text-anchor="end">{escape(label)}</text>')
        if share is None:
            body.append(f'<text x="{label_width + 4}" y="{y + 14}" font-size="12">—</text>')
            continue
        w = max(0.0, min(share, 1.0)) * width
        body.append(
            f'<rect class="bar-rate" x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{COLOURS["rate"]}"/>'
        )
        body.append(f'<text x="{label_width + w + 4:.1f}" y="{y + 14}" font-size="12">{share * 100:.0f}%</text>')
    return _svg(label_width + width + 50, max(len(items) * row, row), title, body)
