"""Inline SVG bar charts for the national summary: pure functions from numbers to markup."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 640
LABEL_WIDTH = 170
VALUE_ROOM = 60
BAR_HEIGHT = 12
GAP = 10
TOP = 30


@dataclass(frozen=True)
class Series:
    """One kind of bar: its legend label (translated) and its CSS class."""

    label: str
    css_class: str


@dataclass(frozen=True)
class ChartRow:
    """One group of bars: its label and one value per series."""

    label: str
    values: tuple[int, ...]


def grouped_bar_chart(
    rows: Sequence[ChartRow], series: Sequence[Series], title: str, description: str, chart_id: str
) -> Markup:
    """Horizontal bars, one group per row and one bar per series, scaled to the largest value.

    An image to assistive technology (role="img" labelled by its <title> and <desc>); the page
    shows the same numbers in a table, which is the accessible form of the data. Each bar has
    a <title> with its exact value.
    """
    group_height = len(series) * BAR_HEIGHT + GAP
    height = TOP + max(1, len(rows)) * group_height + 10
    scale = max((v for row in rows for v in row.values), default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" aria-labelledby="{escape(chart_id)}-title'
        f' {escape(chart_id)}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    x = LABEL_WIDTH
    for item in series:
        parts.append(
            f'<rect class="{escape(item.css_class)}" x="{x}" y="8" width="12" height="12"/>'
            f'<text x="{x + 16}" y="18">{escape(item.label)}</text>'
        )
        x += 16 + 9 * len(item.label) + 24
    for index, row in enumerate(rows):
        top = TOP + index * group_height
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{top + group_height / 2}" text-anchor="end">'
            f"{escape(row.label)}</text>"
        )
        for position, (item, value) in enumerate(zip(series, row.values, strict=True)):
            y = top + position * BAR_HEIGHT
            length = round(room * value / scale, 2) if scale > 0 and value > 0 else 0
            parts.append(
                f'<rect class="{escape(item.css_class)}" x="{LABEL_WIDTH}" y="{y}"'
                f' width="{length}" height="{BAR_HEIGHT - 2}">'
                f"<title>{escape(row.label)}, {escape(item.label)}: {value}</title></rect>"
                f'<text x="{LABEL_WIDTH + length + 4}" y="{y + BAR_HEIGHT - 3}">{value}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704  # every text escaped above
