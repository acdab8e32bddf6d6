"""The objective page's impact view: the linked measure's yearly values with their 95% intervals, the baseline,
the target and the trajectory between them, and below, on the same time axis, the dates of the objective's
actions (started, due, completed) and reviews.

Written as a Vega-Lite specification (a fixed shape, no Altair needed, as :mod:`wres.web.charts`) and rendered
offline by the report's machinery (:func:`wres.reports.charts.to_svgs`, :func:`wres.reports.charts.accessible_svg`).
A WRES year's value is drawn at its 31 March snapshot date, so a year and the actions taken before it share one
axis. No meaning rests on colour: the baseline is a square, the target a diamond, each year's value a dot with its
value printed beside it, the trajectory a dashed line; the timeline names each mark's row ("Action started",
"Action due", "Action completed", "Review") and labels it with the action's reference. The same figures are in
the table beside the chart (the page's), and the description lists them.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from wres.reports.charts import BLUE, DARK, FONT, GREY, accessible_svg, to_svgs

__all__ = ["ImpactChart", "Mark", "ValuePoint", "impact_spec", "render_impact", "snapshot_date"]

WIDTH: Final = 560
HEIGHT: Final = 220
LANE_HEIGHT: Final = 26
GREEN: Final = "#007F3B"
ORANGE: Final = "#8A4600"
LANES: Final = ("Action started", "Action due", "Action completed", "Review")


def snapshot_date(year: int) -> date:
    """Where a WRES year's value sits on the time axis: its 31 March snapshot."""
    return date(year, 3, 31)


@dataclass(frozen=True)
class ValuePoint:
    """One year's value on the chart's scale (a percentage for a share), None when the year has none to show."""

    year: int
    value: float | None
    low: float | None
    high: float | None
    text: str


@dataclass(frozen=True)
class Mark:
    """A dated event on the timeline: ``lane`` one of :data:`LANES`, ``label`` e.g. the action's reference."""

    day: date
    lane: str
    label: str


@dataclass(frozen=True)
class ImpactChart:
    uid: str
    title: str
    description: str
    axis_title: str
    points: tuple[ValuePoint, ...]
    baseline: tuple[int, float] | None
    target: tuple[int, float]
    trajectory: tuple[tuple[int, float], ...]
    """The trajectory's corners: (baseline year, baseline value), (target year, target value), and flat after it."""
    marks: tuple[Mark, ...] = ()
    reference: float | None = None
    """Parity (1 for a ratio) or no gap (0), drawn as a faint line."""


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _iso(day: date) -> str:
    return day.isoformat()


def _extent(chart: ImpactChart) -> tuple[date, date]:
    days = [snapshot_date(p.year) for p in chart.points]
    days += [snapshot_date(y) for y, _ in chart.trajectory]
    days += [m.day for m in chart.marks]
    days.append(snapshot_date(chart.target[0]))
    first, last = min(days), max(days)
    return date(first.year, 1, 1), date(last.year, 12, 31)


def _domain(chart: ImpactChart) -> tuple[float, float]:
    values: list[float] = [v for p in chart.points for v in (p.value, p.low, p.high) if v is not None and _finite(v)]
    values += [v for _, v in chart.trajectory]
    values.append(chart.target[1])
    if chart.baseline is not None:
        values.append(chart.baseline[1])
    if chart.reference is not None:
        values.append(chart.reference)
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or max(abs(high) * 0.1, 1.0)
    return (low - pad, high + pad)


def impact_spec(chart: ImpactChart) -> dict[str, Any]:
    """The Vega-Lite specification (see the module docstring): the values above, the timeline below, one x scale."""
    start, end = _extent(chart)
    x_scale = {"domain": [_iso(start), _iso(end)]}
    x = {
        "field": "day",
        "type": "temporal",
        "scale": x_scale,
        "title": None,
        "axis": {"format": "%Y", "tickCount": "year", "labelFontSize": 11, "grid": False},
    }
    low, high = _domain(chart)
    y_scale = {"domain": [low, high], "nice": False, "zero": False}

    def y(field: str) -> dict[str, Any]:
        return {
            "field": field,
            "type": "quantitative",
            "scale": y_scale,
            "title": chart.axis_title,
            "axis": {"tickCount": 5, "labelFontSize": 10, "titleFontSize": 11, "titleFontWeight": "normal"},
        }

    values = [
        {
            "day": _iso(snapshot_date(p.year)),
            "value": p.value if _finite(p.value) else None,
            "low": p.low if _finite(p.low) and _finite(p.high) else None,
            "high": p.high if _finite(p.low) and _finite(p.high) else None,
            "text": p.text if _finite(p.value) else "",
        }
        for p in chart.points
    ]
    trajectory = [{"day": _iso(snapshot_date(yr)), "value": v, "what": "Trajectory"} for yr, v in chart.trajectory]
    layers: list[dict[str, Any]] = []
    if chart.reference is not None:
        layers.append(
            {
                "data": {"values": [{"r": chart.reference}]},
                "mark": {"type": "rule", "color": GREY, "strokeDash": [2, 2], "strokeWidth": 1, "opacity": 0.6},
                "encoding": {"y": {"field": "r", "type": "quantitative", "scale": y_scale}},
            }
        )
    layers.append(
        {
            "name": "trajectory",
            "data": {"values": trajectory},
            "mark": {"type": "line", "color": GREEN, "strokeDash": [6, 4], "strokeWidth": 2},
            "encoding": {"x": x, "y": y("value")},
        }
    )
    if chart.baseline is not None:
        by, bv = chart.baseline
        layers.append(
            {
                "name": "baseline",
                "data": {"values": [{"day": _iso(snapshot_date(by)), "value": bv, "text": f"Baseline {by}"}]},
                "layer": [
                    {
                        "mark": {"type": "square", "size": 110, "color": GREEN, "filled": False, "strokeWidth": 2},
                        "encoding": {"x": x, "y": y("value")},
                    },
                    {
                        "mark": {"type": "text", "align": "left", "dx": 7, "dy": 12, "color": DARK, "fontSize": 10},
                        "encoding": {"x": x, "y": y("value"), "text": {"field": "text", "type": "nominal"}},
                    },
                ],
            }
        )
    ty, tv = chart.target
    layers.append(
        {
            "name": "target",
            "data": {"values": [{"day": _iso(snapshot_date(ty)), "value": tv, "text": f"Target {ty}"}]},
            "layer": [
                {
                    "mark": {
                        "type": "point",
                        "shape": "diamond",
                        "size": 140,
                        "color": GREEN,
                        "filled": True,
                        "opacity": 1,
                    },
                    "encoding": {"x": x, "y": y("value")},
                },
                {
                    "mark": {"type": "text", "align": "right", "dx": -8, "dy": -8, "color": DARK, "fontSize": 10},
                    "encoding": {"x": x, "y": y("value"), "text": {"field": "text", "type": "nominal"}},
                },
            ],
        }
    )
    layers += [
        {
            "name": "values",
            "data": {"values": values},
            "layer": [
                {
                    "transform": [{"filter": "datum.low != null"}],
                    "mark": {"type": "rule", "color": DARK, "strokeWidth": 1.5},
                    "encoding": {"x": x, "y": y("low"), "y2": {"field": "high"}},
                },
                {
                    "transform": [{"filter": "datum.value != null"}],
                    "mark": {"type": "line", "color": BLUE, "strokeWidth": 2},
                    "encoding": {"x": x, "y": y("value")},
                },
                {
                    "transform": [{"filter": "datum.value != null"}],
                    "mark": {"type": "point", "filled": True, "size": 50, "color": BLUE, "opacity": 1},
                    "encoding": {"x": x, "y": y("value")},
                },
                {
                    "transform": [{"filter": "datum.value != null"}],
                    "mark": {"type": "text", "align": "left", "dx": 6, "dy": -8, "color": DARK, "fontSize": 10},
                    "encoding": {"x": x, "y": y("value"), "text": {"field": "text", "type": "nominal"}},
                },
            ],
        }
    ]
    top = {"width": WIDTH, "height": HEIGHT, "layer": layers}
    marks = [{"day": _iso(m.day), "lane": m.lane, "label": m.label} for m in chart.marks]
    lanes = [lane for lane in LANES if any(m.lane == lane for m in chart.marks)]
    out: dict[str, Any] = {
        "config": {
            "font": FONT,
            "background": "white",
            "axis": {"labelColor": DARK, "titleColor": DARK, "domainColor": GREY, "tickColor": GREY},
            "view": {"stroke": None},
        },
        "resolve": {"scale": {"x": "shared"}},
    }
    if not lanes:
        out.update(top)
        return out
    lane_y = {
        "field": "lane",
        "type": "nominal",
        "scale": {"domain": lanes},
        "title": None,
        "axis": {"labelFontSize": 10, "ticks": False, "domain": False, "labelLimit": 130},
    }
    timeline = {
        "name": "timeline",
        "width": WIDTH,
        "height": LANE_HEIGHT * len(lanes),
        "data": {"values": marks},
        "layer": [
            {
                "mark": {"type": "tick", "orient": "vertical", "thickness": 2, "color": ORANGE},
                "encoding": {"x": x, "y": lane_y},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -6, "color": DARK, "fontSize": 9},
                "encoding": {"x": x, "y": lane_y, "text": {"field": "label", "type": "nominal"}},
            },
        ],
    }
    out["vconcat"] = [top, timeline]
    out["spacing"] = 12
    return out


_cache: OrderedDict[str, str] = OrderedDict()
_cache_lock = threading.Lock()
CACHE_SIZE: Final = 256


def render_impact(charts: Sequence[ImpactChart]) -> list[str]:
    """Accessible inline SVG of each chart. Rendered SVGs are kept (by their specification, the last
    :data:`CACHE_SIZE`): a plan edit changes the specification, and a page seen again costs no rendering."""
    specs = [impact_spec(c) for c in charts]
    keys = [hashlib.sha256(json.dumps(s, sort_keys=True).encode()).hexdigest() for s in specs]
    with _cache_lock:
        missing = [(k, s) for k, s in zip(keys, specs, strict=True) if k not in _cache]
    if missing:
        rendered = to_svgs([s for _, s in missing])
        with _cache_lock:
            for (k, _), svg in zip(missing, rendered, strict=True):
                _cache[k] = svg
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
    out: list[str] = []
    with _cache_lock:
        raw = [_cache.get(k) for k in keys]
    for c, spec, kept in zip(charts, specs, raw, strict=True):
        svg = kept if kept is not None else to_svgs([spec])[0]
        out.append(accessible_svg(svg, uid=c.uid, title=c.title, description=c.description))
    return out
