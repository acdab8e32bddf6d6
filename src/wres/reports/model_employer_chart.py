"""The Model Employer chart of the report (wres-domain.md §7.2) as a Vega-Lite specification, rendered offline like
the report's other charts (:mod:`wres.reports.charts`).

One band per chart: the trajectory (the target share each year from the baseline year to the target year) as a
dashed line, the actual BME share at each 31 March snapshot as a solid line with a point per year, and years on the
x axis. Meaning does not rest on colour alone: the two series differ in dash and point shape, the legend names them,
and the caller puts the data table beside the chart. A plain dict, written out directly (as the other charts).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from wres.reports.charts import CONFIG, DARK, FONT, SCHEMA, Spec

if TYPE_CHECKING:
    from wres.analysis.model_employer import BandProgress

__all__ = ["ACTUAL", "TARGET", "model_employer_chart", "model_employer_points"]

WIDTH: Final = 560
HEIGHT: Final = 260
TARGET: Final = "Target share (trajectory)"
ACTUAL: Final = "Actual BME share"
COLOURS: Final = ("#425563", "#005EB8")
"""Dark grey for the trajectory, NHS Blue for the actual shares."""


def model_employer_points(path: Sequence[BandProgress], band: str) -> list[dict[str, Any]]:
    """The chart's points of ``band``: a record per year and series (``series``, ``year``, ``share``), a share that
    is not known (a future year, a suppressed count, no target) left out."""
    out: list[dict[str, Any]] = []
    for p in path:
        if p.band != band:
            continue
        if p.target_share is not None:
            out.append({"series": TARGET, "year": p.year, "share": float(p.target_share)})
        if p.actual_share is not None:
            out.append({"series": ACTUAL, "year": p.year, "share": float(p.actual_share)})
    return out


def model_employer_chart(points: list[dict[str, Any]], *, band: str) -> Spec:
    """The chart of ``band`` from :func:`model_employer_points`."""
    years = sorted({int(p["year"]) for p in points})
    order = [TARGET, ACTUAL]
    top = max([float(p["share"]) for p in points] + [0.0])
    y_scale = {"domain": [0, min(1.0, top * 1.15 + 0.02)], "nice": False}
    encoding: Spec = {
        "x": {"field": "year", "type": "ordinal", "title": "Year (31 March)", "sort": years, "axis": {"labelAngle": 0}},
        "y": {
            "field": "share",
            "type": "quantitative",
            "scale": y_scale,
            "axis": {"format": ".0%", "title": "BME share of staff in the band"},
        },
        "color": {"field": "series", "type": "nominal", "scale": {"domain": order, "range": list(COLOURS)}},
        "strokeDash": {"field": "series", "type": "nominal", "scale": {"domain": order, "range": [[6, 4], [1, 0]]}},
        "shape": {"field": "series", "type": "nominal", "scale": {"domain": order, "range": ["square", "circle"]}},
    }
    legend = {"orient": "bottom", "direction": "horizontal", "title": None, "labelFontSize": 11, "labelLimit": 300}
    for channel in ("color", "strokeDash", "shape"):
        encoding[channel]["legend"] = legend
    name = band if band == "8a and above" else f"band {band}"
    return {
        "$schema": SCHEMA,
        "config": {**CONFIG, "legend": {"labelColor": DARK, "labelFont": FONT}},
        "title": {
            "text": f"Model Employer trajectory and actual BME share, {name}",
            "subtitle": "Dashed: the target share each year; solid: the actual share at 31 March",
            "anchor": "start",
            "fontSize": 13,
            "subtitleFontSize": 11,
            "color": DARK,
            "subtitleColor": DARK,
        },
        "width": WIDTH,
        "height": HEIGHT,
        "data": {"values": points},
        "mark": {"type": "line", "strokeWidth": 2, "point": {"filled": True, "size": 45}},
        "encoding": encoding,
    }
