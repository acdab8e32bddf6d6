"""The funnel chart rendered offline to SVG by vl-convert: both limit levels, the centre line with its value, and the
highlighted organisation appear (methods.md §9.6)."""

from __future__ import annotations

import html
import re

import numpy as np

from wres.analysis.funnel import proportion_funnel, ratio_funnel
from wres.reports.funnel_chart import BLUE, LIMIT_95, LIMIT_998, ORANGE, funnel_chart, funnel_description, funnel_svg

UNITS = [f"R{i:02d}" for i in range(20)]


def texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r">([^<>]+)</(?:text|tspan)>", svg)]


def colours(svg: str) -> set[str]:
    return {c.lower() for c in re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', svg)}


def _ratio_funnel():  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(4)
    n1, n2 = rng.integers(200, 3000, 20), rng.integers(200, 3000, 20)
    return ratio_funnel(rng.binomial(n1, 0.25), n1, rng.binomial(n2, 0.2), n2, units=UNITS)


def test_svg_has_limits_centre_and_highlight() -> None:
    f = _ratio_funnel()
    svg = funnel_svg(f, title="Indicator 2 by trust", y_title="Relative likelihood", uid="fun", highlight="R07")
    words = texts(svg)
    assert "95%" in words
    assert "99.8%" in words
    centre = f"England {f.centre:.2f}"
    assert centre in words
    assert "R07" in words
    assert "R08" not in words
    assert {LIMIT_95.lower(), LIMIT_998.lower(), ORANGE.lower(), BLUE.lower()} <= colours(svg)
    assert 'role="img"' in svg
    assert "<desc" in svg


def test_without_highlight_no_name_and_no_orange() -> None:
    svg = funnel_svg(_ratio_funnel(), title="t", y_title="y", uid="fun2")
    assert not any(w.startswith("R0") or w.startswith("R1") for w in texts(svg))
    assert ORANGE.lower() not in colours(svg)


def test_spec_highlight_is_a_hover_param() -> None:
    spec = funnel_chart(_ratio_funnel(), title="t", y_title="y", highlight="R03")
    params = [p for layer in spec["layer"] for p in layer.get("params", [])]
    assert params == [
        {
            "name": "highlight",
            "select": {"type": "point", "on": "pointerover", "fields": ["unit"], "clear": "pointerout"},
            "value": [{"unit": "R03"}],
        }
    ]
    limits = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "line")
    lines = {row["line"] for row in limits["data"]["values"]}
    assert lines == {"95% lower", "95% upper", "99.8% lower", "99.8% upper"}


def test_description_states_centre_and_every_unit() -> None:
    x = np.array([20, 30, 25, 60, 10])
    n = np.array([100, 150, 120, 200, 80])
    f = proportion_funnel(x, n, units=list("ABCDE"))
    text = funnel_description(f, centre_name="Region", highlight="D")
    assert f"Region {100 * x.sum() / n.sum():.1f}%" in text
    assert "Highlighted: D." in text
    for unit, value in zip("ABCDE", x / n, strict=True):
        assert f"{unit} {100 * value:.1f}%" in text
