"""The dashboard's small trend charts: the headline of one indicator over the years, as accessible inline SVG.

Written as Vega-Lite specifications in the report's style and rendered offline by the report's own machinery
(:func:`wres.reports.charts.to_svgs`, in parallel threads, and :func:`wres.reports.charts.accessible_svg`:
``role="img"``, a ``<title>``, a ``<desc>`` listing every value plotted, ids unique in the page, no inline style).
Every point is a value the tier may show; a suppressed or missing year is absent from the plot (the description
and the data table beside the chart say which). The dashed reference line (1 for a ratio, 0 for a gap) is named in
the description, and each value is printed above its dot, so no meaning rests on colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from wres.reports.charts import BLUE, DARK, FONT, GREY, accessible_svg, to_svgs

__all__ = ["TrendChart", "TrendPoint", "render_trends", "trend_spec"]

WIDTH: Final = 190
HEIGHT: Final = 80


@dataclass(frozen=True)
class TrendPoint:
    """One year of a trend: ``value`` on the chart's scale (percent for shares) or None when not shown."""

    year: int
    value: float | None
    low: float | None
    high: float | None
    text: str


@dataclass(frozen=True)
class TrendChart:
    """A trend to render: ``uid`` unique in the page, the title and the text alternative (``description``)."""

    uid: str
    title: str
    description: str
    points: tuple[TrendPoint, ...]
    reference: float | None = None


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _domain(points: Sequence[TrendPoint], reference: float | None) -> tuple[float, float]:
    values = [v for p in points for v in (p.value, p.low, p.high) if v is not None and _finite(v)]
    if reference is not None:
        values.append(reference)
    if not values:
        return (0.0, 1.0)
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or max(abs(high) * 0.1, 1.0)
    return (low - pad, high + pad)


def trend_spec(chart: TrendChart) -> dict[str, Any]:
    """The Vega-Lite specification of a small trend chart: years along, values up, each year's 95% interval a
    vertical line, the value printed beside its dot (written out directly: a fixed shape, no Altair needed)."""
    years = [str(p.year) for p in chart.points]
    records = [
        {
            "year": str(p.year),
            "value": p.value if _finite(p.value) else None,
            "low": p.low if _finite(p.low) and _finite(p.high) else None,
            "high": p.high if _finite(p.low) and _finite(p.high) else None,
            "text": p.text if _finite(p.value) else "",
        }
        for p in chart.points
    ]
    low, high = _domain(chart.points, chart.reference)
    x = {
        "field": "year",
        "type": "ordinal",
        "scale": {"domain": years},
        "title": None,
        "axis": {"labelAngle": 0, "labelFontSize": 11},
    }
    y_scale = {"domain": [low, high], "nice": False, "zero": False}
    y = {
        "field": "value",
        "type": "quantitative",
        "scale": y_scale,
        "title": None,
        "axis": {"tickCount": 3, "labelFontSize": 10},
    }
    shown = {"filter": "datum.value != null"}
    layers: list[dict[str, Any]] = []
    if chart.reference is not None:
        layers.append(
            {
                "data": {"values": [{"r": chart.reference}]},
                "mark": {"type": "rule", "color": GREY, "strokeDash": [4, 3], "strokeWidth": 1},
                "encoding": {"y": {"field": "r", "type": "quantitative", "scale": y_scale}},
            }
        )
    layers += [
        {
            "transform": [{"filter": "datum.low != null"}],
            "mark": {"type": "rule", "color": DARK, "strokeWidth": 1.5},
            "encoding": {
                "x": x,
                "y": {"field": "low", "type": "quantitative", "scale": y_scale},
                "y2": {"field": "high"},
            },
        },
        {
            "mark": {"type": "line", "color": BLUE, "strokeWidth": 2, "invalid": "break-paths-show-domains"},
            "encoding": {"x": x, "y": y},
        },
        {
            "transform": [shown],
            "mark": {"type": "point", "filled": True, "size": 45, "color": BLUE, "shape": "circle", "opacity": 1},
            "encoding": {"x": x, "y": y},
        },
        {
            "transform": [shown],
            "mark": {"type": "text", "align": "left", "dx": 5, "dy": -8, "color": DARK, "fontSize": 10},
            "encoding": {"x": x, "y": y, "text": {"field": "text", "type": "nominal"}},
        },
    ]
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "axis": {"labelColor": DARK, "domainColor": GREY, "tickColor": GREY, "grid": False},
            "view": {"stroke": None},
        },
        "data": {"values": records},
        "width": WIDTH,
        "height": HEIGHT,
        "layer": layers,
    }


def render_trends(charts: Sequence[TrendChart]) -> list[str | None]:
    """Accessible inline SVG for each chart (None for a chart with no value to plot), rendered in parallel."""
    drawable = [c for c in charts if any(_finite(p.value) for p in c.points)]
    svgs = dict(zip((c.uid for c in drawable), to_svgs([trend_spec(c) for c in drawable]), strict=True))
    out: list[str | None] = []
    for c in charts:
        svg = svgs.get(c.uid)
        out.append(accessible_svg(svg, uid=c.uid, title=c.title, description=c.description) if svg else None)
    return out
