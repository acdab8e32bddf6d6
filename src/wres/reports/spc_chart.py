"""The Making Data Count XmR chart (methods.md §8) as a Vega-Lite specification, rendered offline like the
report's other charts (:mod:`wres.reports.charts`).

The NHS style of NHSRplotthedots (``R/ptd_create_ggplot.R``, colours ``R/ptd_spc_colours.R``): the process as a
grey line with a dot per period, the mean as a solid line and the process limits as dashed lines (broken at each
rebase, every segment its own), the target as a dashed red line, and each point coloured by its type — grey for
common cause, blue for improvement, orange for concern, purple for neither. Meaning never rests on colour alone
(methods.md §8.3): the variation and assurance icons are written out as text above the chart (their words, e.g.
"Special cause: concern (lower values)", "Consistently failing target"), with the trial-limits caution; the legend
names every point colour; the caller puts the data table beside the chart.

The specification is a plain dict written out directly, as :mod:`wres.reports.charts` explains (Altair is not a
dependency of wres, and a fixed shape needs no validation).
"""

from __future__ import annotations

import math
from typing import Any, Final

from wres.analysis.spc import XmrResult
from wres.analysis.spc.icons import POINT_COLOURS
from wres.analysis.spc.point_types import COMMON, CONCERN, IMPROVEMENT, NEUTRAL_HIGH, NEUTRAL_LOW
from wres.reports.charts import CONFIG, DARK, FONT, SCHEMA, Spec, render_svg

__all__ = ["POINT_LABELS", "spc_chart", "spc_description", "spc_headings", "spc_svg"]

WIDTH: Final = 560
HEIGHT: Final = 260
PROCESS_GREY: Final = "#a6a6a6"
LIMIT_GREY: Final = "#425563"
TARGET_RED: Final = "#da291c"
"""NHS Red, the target line."""

POINT_LABELS: Final[dict[str, str]] = {
    COMMON: "Common cause",
    IMPROVEMENT: "Special cause: improvement",
    CONCERN: "Special cause: concern",
    NEUTRAL_HIGH: "Special cause: neither (higher)",
    NEUTRAL_LOW: "Special cause: neither (lower)",
}
"""The legend's words for each point type, in legend order."""


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def spc_headings(result: XmrResult) -> list[str]:
    """The lines written above the chart: the variation icon's words, the assurance icon's (when there is a
    target and a direction), and the trial-limits caution."""
    s = result.summary
    lines = [f"Variation: {s['variation_label']}"] if s.get("variation_label") else []
    if s.get("assurance_label"):
        lines.append(f"Assurance: {s['assurance_label']}")
    if s.get("any_trial_limits"):
        threshold = result.options.get("trial_threshold")
        lines.append(f"Trial limits: a segment has fewer than {threshold} points; the limits will be revised")
    return lines


def spc_chart(result: XmrResult, *, value_title: str, value_format: str = ",.2f", time_format: str = "%b %Y") -> Spec:
    """The XmR chart of ``result`` (one series from :func:`wres.analysis.spc.xmr`).

    ``value_title`` names the measure on the y axis; ``value_format`` and ``time_format`` are d3 formats for the
    axis labels.
    """
    records = []
    for row in result.points.to_dict("records"):
        records.append(
            {
                "date": row["date"].date().isoformat(),
                "value": _plain(row["value"]),
                "segment": int(row["rebase_group"]),
                "mean": _plain(row["mean"]),
                "lpl": _plain(row["lpl"]),
                "upl": _plain(row["upl"]),
                "target": _plain(row["target"]),
                "type": POINT_LABELS[str(row["point_type"])],
            }
        )
    present = [k for k in POINT_LABELS if (result.points["point_type"] == k).any()]
    values = [v for r in records for v in (r["value"], r["lpl"], r["upl"], r["target"]) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.05 or 1.0
    x = {
        "field": "date",
        "type": "temporal",
        "title": None,
        "axis": {"format": time_format, "labelAngle": 0, "tickCount": 8},
    }
    y_scale = {"domain": [low - pad, high + pad], "nice": False, "zero": False}

    def y(field: str, title: str | None = None) -> Spec:
        out: Spec = {"field": field, "type": "quantitative", "scale": y_scale, "axis": {"format": value_format}}
        out["title"] = title
        return out

    def segment_line(field: str, dashed: bool, colour: str, width: float) -> Spec:
        mark: Spec = {"type": "line", "color": colour, "strokeWidth": width, "interpolate": "step-after"}
        if dashed:
            mark["strokeDash"] = [6, 4]
        return {
            "mark": mark,
            "encoding": {"x": x, "y": y(field, value_title), "detail": {"field": "segment", "type": "ordinal"}},
        }

    layers: list[Spec] = [
        segment_line("upl", True, LIMIT_GREY, 1.2),
        segment_line("lpl", True, LIMIT_GREY, 1.2),
        segment_line("mean", False, DARK, 1.5),
    ]
    if any(r["target"] is not None for r in records):
        layers.append(segment_line("target", True, TARGET_RED, 1.5))
    layers.append(
        {
            "mark": {"type": "line", "color": PROCESS_GREY, "strokeWidth": 1.5},
            "encoding": {"x": x, "y": y("value", value_title)},
        }
    )
    layers.append(
        {
            "mark": {"type": "point", "filled": True, "size": 45, "opacity": 1, "shape": "circle"},
            "encoding": {
                "x": x,
                "y": y("value", value_title),
                "color": {
                    "field": "type",
                    "type": "nominal",
                    "scale": {
                        "domain": [POINT_LABELS[k] for k in present],
                        "range": [POINT_COLOURS[k] for k in present],
                    },
                    "legend": {"title": None, "orient": "bottom", "direction": "horizontal", "columns": 3},
                },
            },
        }
    )
    lines = spc_headings(result)
    key = "Solid line: mean. Dashed grey lines: process limits." + (
        " Dashed red line: target." if any(r["target"] is not None for r in records) else ""
    )
    return {
        "$schema": SCHEMA,
        "config": {**CONFIG, "legend": {"labelFont": FONT, "labelFontSize": 10, "labelColor": DARK, "symbolSize": 60}},
        "data": {"values": records},
        "width": WIDTH,
        "height": HEIGHT,
        "title": {
            "text": lines or [""],
            "subtitle": key,
            "anchor": "start",
            "fontSize": 12,
            "fontWeight": "bold",
            "color": DARK,
            "subtitleFontSize": 10,
            "subtitleColor": DARK,
            "offset": 8,
        },
        "layer": layers,
    }


def spc_description(result: XmrResult, *, value_format: str = "{:,.2f}", points: bool = True) -> str:
    """The chart's text alternative: what the icons say, the latest limits and (``points``) every point with its
    type; leave the points out where a data table beside the chart gives them."""
    parts = [*spc_headings(result)]
    segments = result.segments.to_dict("records")
    for seg in segments:
        if math.isfinite(seg["lpl"]):
            parts.append(
                f"From {seg['first_date'].date().isoformat()}: mean {value_format.format(seg['mean'])}, "
                f"process limits {value_format.format(seg['lpl'])} to {value_format.format(seg['upl'])}"
            )
        else:
            parts.append(f"From {seg['first_date'].date().isoformat()}: too few points for limits")
    for row in result.points.to_dict("records") if points else []:
        parts.append(
            f"{row['date'].date().isoformat()}: {value_format.format(row['value'])}, "
            f"{POINT_LABELS[str(row['point_type'])].lower()}"
        )
    return ". ".join(parts) + "."


def spc_svg(result: XmrResult, *, uid: str, title: str, value_title: str, value_format: str = ",.2f") -> str:
    """Accessible inline SVG of the chart (``role="img"``, a ``<title>`` and the :func:`spc_description`)."""
    return render_svg(
        spc_chart(result, value_title=value_title, value_format=value_format),
        uid=uid,
        title=title,
        description=spc_description(result),
    )
