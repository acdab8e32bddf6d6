"""The Making Data Count chart rendered offline to SVG by vl-convert: the icons' words are in the SVG as text, and
special-cause points carry their NHSRplotthedots colours (methods.md §8.3)."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from wres.analysis.spc import xmr
from wres.reports.spc_chart import spc_chart, spc_description, spc_svg

ORANGE, BLUE, PURPLE, GREY = "#e46c0a", "#00b0f0", "#490092", "#a6a6a6"
MONTHS = pd.date_range("2023-01-01", periods=21, freq="MS")
SHIFT_UP = [11.0, 9.0] * 7 + [10.5] * 7
"""14 points around 10, then seven above the mean: a shift upwards (the latest point is special cause)."""


def texts(svg: str) -> list[str]:
    """Every line of text in the SVG (a multi-line title is one ``<text>`` of ``<tspan>`` lines)."""
    return [html.unescape(t) for t in re.findall(r">([^<>]+)</(?:text|tspan)>", svg)]


def fills(svg: str) -> set[str]:
    return {f.lower() for f in re.findall(r'fill="(#[0-9a-fA-F]{6})"', svg)}


@pytest.mark.parametrize(
    ("direction", "colour", "variation", "absent"),
    [
        ("increase", BLUE, "Variation: Special cause: improvement (higher values)", {ORANGE, PURPLE}),
        ("decrease", ORANGE, "Variation: Special cause: concern (higher values)", {BLUE, PURPLE}),
        ("neutral", PURPLE, "Variation: Special cause: higher values, neither improvement nor concern", {BLUE, ORANGE}),
    ],
)
def test_special_cause_colours_and_the_variation_label(
    direction: str, colour: str, variation: str, absent: set[str]
) -> None:
    result = xmr(SHIFT_UP, MONTHS, improvement_direction=direction)
    svg = spc_svg(result, uid="spc", title="Test series", value_title="Rate")
    assert variation in texts(svg)
    assert colour in fills(svg)
    assert GREY in fills(svg)  # the common-cause points
    assert not fills(svg) & absent


def test_common_cause_only_has_no_special_colours() -> None:
    result = xmr([11.0, 9.0] * 8, MONTHS[:16], improvement_direction="increase")
    svg = spc_svg(result, uid="spc", title="Test series", value_title="Rate")
    assert "Variation: Common cause: no significant change" in texts(svg)
    assert not fills(svg) & {BLUE, ORANGE, PURPLE}


def test_assurance_and_trial_limits_are_written_out() -> None:
    """Rebasing leaves a last segment of 7 points (12, 14, …: mean 90/7, limits ± 5.32, UPL about 18.2): trial
    limits; target 30 above its UPL when higher is better: consistently failing."""
    y = [11.0, 9.0] * 7 + [12.0, 14.0, 12.0, 14.0, 12.0, 14.0, 12.0]
    result = xmr(y, MONTHS, improvement_direction="increase", target=30.0, rebase=[MONTHS[14]])
    svg = spc_svg(result, uid="spc", title="Test series", value_title="Rate")
    words = texts(svg)
    assert "Assurance: Consistently failing target" in words
    assert "Trial limits: a segment has fewer than 12 points; the limits will be revised" in words
    assert any("Dashed red line: target." in w for w in words)
    assert "#da291c" in svg.lower()  # the target line


def test_svg_is_accessible_and_its_description_lists_every_point() -> None:
    result = xmr(SHIFT_UP, MONTHS, improvement_direction="decrease", target=15.0)
    svg = spc_svg(result, uid="spc1", title="Entries into the disciplinary process", value_title="Rate")
    assert 'role="img"' in svg
    assert '<title id="spc1-title">Entries into the disciplinary process</title>' in svg
    description = spc_description(result)
    assert "Variation: Special cause: concern (higher values)" in description
    assert "Assurance: Consistently passing target" in description  # decrease: target above the UPL (about 13.7)
    assert description.count("2023-") + description.count("2024-") == 21 + 1  # every point, and the segment's start
    assert html.escape(description, quote=True) in svg


def test_a_one_point_segment_renders_without_limits() -> None:
    result = xmr([*SHIFT_UP[:14], 30.0], MONTHS[:15], improvement_direction="increase", rebase=[MONTHS[14]])
    spec = spc_chart(result, value_title="Rate")
    assert spec["data"]["values"][-1]["upl"] is None
    assert "too few points for limits" in spc_description(result)
    assert "<svg" in spc_svg(result, uid="spc", title="t", value_title="Rate")
