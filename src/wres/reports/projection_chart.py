"""The pipeline projection's chart (methods.md §12) as a Vega-Lite specification, rendered offline like the report's
other charts (:mod:`wres.reports.charts`).

One band set per chart: for each scenario the median projected BME share as a line with a point per year and its
95% interval as a pale band of the same colour, the reference share as a dashed red rule labelled with its value,
and years on the x axis. Meaning does not rest on colour alone: each scenario's line has its own dash pattern and
point shape, the legend names them, and the caller puts the sentences and the data table beside the chart. A plain
dict, written out directly (Altair is not a dependency of wres).
"""

from __future__ import annotations

import math
from typing import Any, Final

import pandas as pd

from wres.reports.charts import CONFIG, DARK, FONT, SCHEMA, Spec, render_svg

__all__ = ["projection_chart", "projection_description", "projection_svg"]

WIDTH: Final = 560
HEIGHT: Final = 300
NARROW_WIDTH: Final = 215
NARROW_HEIGHT: Final = 220
"""The phone's version (``narrow=True``): the web page shows it below 641 px instead of the wide chart, which would
scroll; the title and subtitle are broken into lines and the x axis labels every other year."""
TARGET_RED: Final = "#da291c"
COLOURS: Final = ("#005EB8", "#007F3B", "#7C2855", "#ED8B00", "#330072", "#425563")
"""NHS Blue, Green, Plum, Orange, Purple, Dark grey: one per scenario, in order."""
DASHES: Final = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3])
SHAPES: Final = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")


def _plain(value: object) -> float | None:
    v = float(value)  # type: ignore[arg-type]
    return v if math.isfinite(v) else None


def projection_chart(
    shares: pd.DataFrame, *, band: str, reference: float, labels: dict[str, str], narrow: bool = False
) -> Spec:
    """The chart of ``band`` from a projection's shares (``scenario``, ``band``, ``year``, ``median``, ``low``,
    ``high``); ``labels`` maps each scenario's name to its legend label, in legend order; ``narrow``: the phone's
    version (:data:`NARROW_WIDTH`)."""
    rows = shares[shares["band"] == band]
    order = [labels[s] for s in labels if s in set(rows["scenario"])]
    records: list[dict[str, Any]] = [
        {
            "scenario": labels.get(str(s), str(s)),
            "year": int(y),
            "median": _plain(m),
            "low": _plain(lo),
            "high": _plain(hi),
        }
        for s, y, m, lo, hi in zip(
            rows["scenario"], rows["year"], rows["median"], rows["low"], rows["high"], strict=True
        )
    ]
    n = len(order)
    colour = {"field": "scenario", "type": "nominal", "scale": {"domain": order, "range": list(COLOURS[:n])}}
    legend = {"orient": "bottom", "direction": "vertical", "title": None, "labelFontSize": 11, "labelLimit": 400}
    width = NARROW_WIDTH if narrow else WIDTH
    x_axis: dict[str, Any] = {"labelAngle": 0}
    if narrow:
        years = sorted({r["year"] for r in records})
        x_axis["values"] = years[:: 2 if len(years) > 6 else 1]
    x = {"field": "year", "type": "ordinal", "title": "Year (31 March)", "axis": x_axis}
    y_axis = {"format": ".0%", "title": "BME share of staff in the band"}
    values: list[float] = [v for r in records for v in (r["low"], r["high"]) if v is not None] + [reference]
    high = min(1.0, max(values) * 1.1 + 0.01)
    y_scale = {"domain": [0, high], "nice": False}
    layers: list[Spec] = [
        {
            "mark": {"type": "area", "opacity": 0.15},
            "encoding": {
                "x": x,
                "y": {"field": "low", "type": "quantitative", "scale": y_scale, "axis": y_axis},
                "y2": {"field": "high"},
                "color": colour,
            },
        },
        {
            "mark": {"type": "line", "strokeWidth": 2, "point": {"filled": True, "size": 40}},
            "encoding": {
                "x": x,
                "y": {"field": "median", "type": "quantitative", "scale": y_scale, "axis": y_axis},
                "color": {**colour, "legend": legend},
                "strokeDash": {
                    "field": "scenario",
                    "type": "nominal",
                    "scale": {"domain": order, "range": list(DASHES[:n])},
                    "legend": legend,
                },
                "shape": {
                    "field": "scenario",
                    "type": "nominal",
                    "scale": {"domain": order, "range": list(SHAPES[:n])},
                    "legend": legend,
                },
            },
        },
        {
            "data": {"values": [{"reference": reference, "text": f"Workforce share {100 * reference:.1f}%"}]},
            "layer": [
                {
                    "mark": {"type": "rule", "color": TARGET_RED, "strokeDash": [6, 4], "strokeWidth": 1.5},
                    "encoding": {"y": {"field": "reference", "type": "quantitative", "scale": y_scale}},
                },
                {
                    "mark": {
                        "type": "text",
                        "align": "right",
                        "dy": -6,
                        "x": width,
                        "color": TARGET_RED,
                        "fontSize": 11,
                    },
                    "encoding": {
                        "y": {"field": "reference", "type": "quantitative", "scale": y_scale},
                        "text": {"field": "text"},
                    },
                },
            ],
        },
    ]
    title = "8a and above" if band == "8a and above" else band
    heading = f"Projected BME share, band {title}" if band != "all" else "Projected BME share, whole workforce"
    subtitle: str | list[str] = "Line: median of the runs; shaded: 95% interval; dashed red: the workforce share"
    if narrow:
        heading_lines: str | list[str] = [
            "Projected BME share,",
            f"band {title}" if band != "all" else "whole workforce",
        ]
        subtitle = ["Line: median of the runs", "Shaded: 95% interval", "Dashed red: the workforce share"]
    else:
        heading_lines = heading
    return {
        "$schema": SCHEMA,
        # symbolOpacity: the legend is shared with the interval band, whose opacity (0.15) would fade its symbols
        "config": {**CONFIG, "legend": {"labelColor": DARK, "labelFont": FONT, "symbolOpacity": 1}},
        "title": {
            "text": heading_lines,
            "subtitle": subtitle,
            "anchor": "start",
            "fontSize": 13,
            "subtitleFontSize": 11,
            "color": DARK,
            "subtitleColor": DARK,
        },
        "width": width,
        "height": NARROW_HEIGHT if narrow else HEIGHT,
        "data": {"values": records},
        "layer": layers,
    }


def projection_description(shares: pd.DataFrame, *, band: str, reference: float, labels: dict[str, str]) -> str:
    """The text alternative: every median and interval plotted, and the reference share."""
    rows = shares[shares["band"] == band]
    parts = [f"Reference (workforce) share {100 * reference:.1f}%."]
    for name, label in labels.items():
        sub = rows[rows["scenario"] == name]
        if sub.empty:
            continue
        points = ", ".join(
            f"{int(r.year)} {100 * float(r.median):.1f}% ({100 * float(r.low):.1f}–{100 * float(r.high):.1f}%)"  # type: ignore[call-overload, arg-type]
            for r in sub.itertuples()
            if _plain(r.median) is not None
        )
        parts.append(f"{label}: {points}.")
    return " ".join(parts)


def projection_svg(
    shares: pd.DataFrame,
    *,
    band: str,
    reference: float,
    labels: dict[str, str],
    uid: str,
    title: str,
    narrow: bool = False,
) -> str:
    """Accessible inline SVG of the chart (``role="img"``, ``<title>``, ``<desc>``)."""
    return render_svg(
        projection_chart(shares, band=band, reference=reference, labels=labels, narrow=narrow),
        uid=uid,
        title=title,
        description=projection_description(shares, band=band, reference=reference, labels=labels),
    )
