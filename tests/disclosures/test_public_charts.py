"""The budget chart: an accessible SVG whose bars match the numbers, and that escapes its text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from disclosures.charts import ChartText, PlannedActual, planned_actual_chart

SVG = "{http://www.w3.org/2000/svg}"
TEXT = ChartText(
    title="Reception budget 2016",
    description="Planned and actual spending by category",
    planned="Planned",
    actual="Actual",
    over="over budget",
)


def yuan(fen: int) -> str:
    return f"¥{fen / 100:,.2f}"


def render(rows, chart_id="budget-2016"):
    return ET.fromstring(str(planned_actual_chart(rows, TEXT, chart_id, yuan)))


def test_chart_is_labelled_image_with_title_and_description():
    svg = render([PlannedActual("Dining", 100_00, 50_00)])
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Reception budget 2016"
    assert svg.find(f"{SVG}desc").get("id") == desc_id


def test_bar_lengths_are_proportional_and_amounts_exact():
    rows = [
        PlannedActual("Accommodation", 200_000_00, 150_000_00),
        PlannedActual("Dining", 100_000_00, 120_000_00),
        PlannedActual("Vehicles", 0, 0),
    ]
    svg = render(rows)
    groups = svg.findall(f".//{SVG}g[@class]")
    bars = [g for g in groups if g.get("class", "").startswith("chart-row")]
    assert len(bars) == 3
    widths = [[float(r.get("width")) for r in g.findall(f"{SVG}rect")] for g in bars]
    longest = widths[0][0]
    assert longest > 0
    assert widths[0][1] == pytest.approx(longest * 0.75, abs=0.02)
    assert widths[1] == [pytest.approx(longest * 0.5, abs=0.02), pytest.approx(longest * 0.6)]
    assert widths[2] == [0, 0]
    titles = [t.text for t in bars[1].iter(f"{SVG}title")]
    assert titles == ["Dining, Planned: ¥100,000.00", "Dining, Actual: ¥120,000.00 (over budget)"]
    assert "chart-row-over" in bars[1].get("class")
    assert "chart-row-over" not in bars[0].get("class")


def test_text_is_escaped_and_id_sanitised():
    svg_text = str(
        planned_actual_chart(
            [PlannedActual("<script>alert(1)</script>", 1, 2)], TEXT, 'x" onload="y', yuan
        )
    )
    assert "<script>" not in svg_text
    assert 'onload="' not in svg_text
    ET.fromstring(svg_text)


def test_empty_chart_still_valid():
    svg = render([])
    assert svg.get("viewBox").startswith("0 0 640")
