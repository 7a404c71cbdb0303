"""Accessible server-rendered SVG charts: pure functions from numbers and labels to inline SVG."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 130
ROW_HEIGHT = 44
BAR_HEIGHT = 15
TOP = 34
BOTTOM = 12


@dataclass(frozen=True)
class PlannedActual:
    """One category of a budget: its label, and the planned and actual amounts in fen."""

    label: str
    planned: int
    actual: int

    @property
    def over(self) -> bool:
        return self.actual > self.planned


@dataclass(frozen=True)
class ChartText:
    """Every string the chart shows, already translated by the caller."""

    title: str
    description: str
    planned: str
    actual: str
    over: str


def _bar_length(value: int, scale: int, room: int) -> float:
    if scale <= 0 or value <= 0:
        return 0.0
    return round(room * value / scale, 2)


def planned_actual_chart(
    rows: Sequence[PlannedActual],
    text: ChartText,
    chart_id: str,
    format_amount: Callable[[int], str],
) -> Markup:
    """A horizontal bar chart of planned against actual amounts, one pair of bars per row.

    The SVG is an image to assistive technology (role="img", labelled by its own <title> and
    <desc>); each bar carries a <title> with its exact amount. The page shows the same numbers
    in a table beside it, which is the accessible form of the data. `chart_id` must be unique on
    the page; `format_amount` turns fen into the page's money format.
    """
    safe_id = "".join(ch for ch in chart_id if ch.isalnum() or ch in "-_") or "chart"
    title_id, desc_id = f"{safe_id}-title", f"{safe_id}-desc"
    height = TOP + ROW_HEIGHT * max(len(rows), 1) + BOTTOM
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    scale = max([max(row.planned, row.actual) for row in rows] or [0])
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-planned-actual" '
        f'id="{safe_id}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{title_id}">{escape(text.title)}</title>',
        f'<desc id="{desc_id}">{escape(text.description)}</desc>',
        '<g class="legend" aria-hidden="true">',
        f'<rect class="bar-planned" x="{LABEL_WIDTH}" y="8" width="14" height="12"/>',
        f'<text x="{LABEL_WIDTH + 20}" y="18">{escape(text.planned)}</text>',
        f'<rect class="bar-actual" x="{LABEL_WIDTH + 160}" y="8" width="14" height="12"/>',
        f'<text x="{LABEL_WIDTH + 180}" y="18">{escape(text.actual)}</text>',
        f'<rect class="bar-actual bar-over" x="{LABEL_WIDTH + 320}" y="8" width="14" height="12"/>',
        f'<text x="{LABEL_WIDTH + 340}" y="18">▲ {escape(text.over)}</text>',
        "</g>",
    ]
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        planned_len = _bar_length(row.planned, scale, room)
        actual_len = _bar_length(row.actual, scale, room)
        actual_class = "bar-actual bar-over" if row.over else "bar-actual"
        planned_text = format_amount(row.planned)
        actual_text = format_amount(row.actual)
        over_mark = f" ({text.over})" if row.over else ""
        parts += [
            f'<g class="chart-row{" chart-row-over" if row.over else ""}">',
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT + 4}" '
            f'text-anchor="end">{escape(row.label)}</text>',
            f'<rect class="bar-planned" x="{LABEL_WIDTH}" y="{y}" width="{planned_len}" '
            f'height="{BAR_HEIGHT}"><title>{escape(row.label)}, {escape(text.planned)}: '
            f"{escape(planned_text)}</title></rect>",
            f'<text class="chart-value" x="{LABEL_WIDTH + planned_len + 6}" '
            f'y="{y + BAR_HEIGHT - 3}">{escape(planned_text)}</text>',
            f'<rect class="{actual_class}" x="{LABEL_WIDTH}" y="{y + BAR_HEIGHT + 3}" '
            f'width="{actual_len}" height="{BAR_HEIGHT}"><title>{escape(row.label)}, '
            f"{escape(text.actual)}: {escape(actual_text)}{escape(over_mark)}</title></rect>",
            f'<text class="chart-value" x="{LABEL_WIDTH + actual_len + 6}" '
            f'y="{y + 2 * BAR_HEIGHT}">{escape(actual_text)}{" ▲" if row.over else ""}</text>',
            "</g>",
        ]
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704  # every interpolated string is escaped above
