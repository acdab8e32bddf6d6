"""A funnel plot (methods.md §9) as a Vega-Lite specification, rendered offline like the report's other charts
(:mod:`wres.reports.charts`) or handed to vega-embed on a web page.

One point per organisation at its own x (denominator for a proportion funnel, precision ``1/s`` for a log relative-
likelihood funnel, whose y axis is logarithmic), the 95% limits as dashed lines and the 99.8% limits as solid lines, the
upper ones labelled "95%" and "99.8%" at their right-hand ends, and the centre line with its value written beside it
(e.g. "England 1.24"). One organisation can be highlighted: a ``highlight`` point selection (``unit`` field) whose
initial value is that organisation, so a web page's hover (or a table row, by setting the param) moves the highlight;
the highlighted point is drawn larger in NHS Orange with its name beside it, so the static SVG shows it too. Meaning
never rests on colour alone: the subtitle names the line styles, and the caller puts the data table beside the chart.
The text alternative (:func:`funnel_description`) states the centre, the overdispersion and each organisation's value
and position against the limits. A plain dict, written out directly (Altair is not a dependency of wres).
"""

from __future__ import annotations

import math
from typing import Any, Final

from wres.analysis.funnel import Funnel
from wres.reports.charts import CONFIG, DARK, FONT, SCHEMA, Spec, render_svg

__all__ = ["LABEL_WORDS", "funnel_chart", "funnel_description", "funnel_svg"]

WIDTH: Final = 560
HEIGHT: Final = 320
BLUE: Final = "#005EB8"
ORANGE: Final = "#ED8B00"
"""NHS Orange: the highlighted organisation."""
LIMIT_95: Final = "#768692"
LIMIT_998: Final = "#425563"
CENTRE: Final = "#212B32"
LABEL_WORDS: Final[dict[str, str]] = {
    "high_998": "above the 99.8% limit",
    "high_95": "above the 95% limit",
    "within_95": "within the 95% limits",
    "better_998": "better than the 99.8% limit",
    "better_95": "better than the 95% limit",
    "worse_95": "worse than the 95% limit",
    "worse_998": "worse than the 99.8% limit",
    "low_95": "below the 95% limit",
    "low_998": "below the 99.8% limit",
    "not_computed": "not computed",
}


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _format(funnel: Funnel, value: float) -> str:
    return f"{100 * value:.1f}%" if funnel.kind == "proportion" else f"{value:.2f}"


def funnel_chart(
    funnel: Funnel,
    *,
    title: str,
    y_title: str,
    centre_name: str = "England",
    highlight: str | None = None,
) -> Spec:
    """The chart of ``funnel``; ``centre_name`` names the centre line (e.g. "England", "Peer group", "Parity"),
    ``highlight`` an organisation (a ``unit`` of the points) to highlight initially."""
    proportion = funnel.kind == "proportion"
    points = [
        {
            "unit": str(r.unit),
            "x": _plain(r.x),
            "value": _plain(r.value),
            "position": LABEL_WORDS.get(str(r.label), str(r.label)),
        }
        for r in funnel.points.itertuples()
        if _plain(r.value) is not None and _plain(r.x) is not None
    ]
    limit_rows: list[dict[str, Any]] = []
    for r in funnel.limits.itertuples():
        level = "99.8%" if float(r.level) > 0.99 else "95%"  # type: ignore[arg-type]
        for side, value in (("lower", r.lower), ("upper", r.upper)):
            v = _plain(value)
            if v is None or (not proportion and v <= 0):
                continue
            limit_rows.append({"x": _plain(r.x), "y": v, "line": f"{level} {side}", "level": level})
    ends = []
    for line in ("95% upper", "99.8% upper"):  # the upper lines are apart; the subtitle names both styles
        rows = [r for r in limit_rows if r["line"] == line]
        if rows:
            last = max(rows, key=lambda r: r["x"])
            ends.append({**last, "text": line.split()[0]})
    ys = [r["y"] for r in limit_rows] + [p["value"] for p in points] + [funnel.centre]
    y_low, y_high = min(ys), max(ys)
    if proportion:
        pad = 0.05 * (y_high - y_low)
        y_scale: Spec = {"domain": [max(0.0, y_low - pad), min(1.0, y_high + pad)], "nice": False, "zero": False}
    else:
        y_scale = {"type": "log", "domain": [y_low / 1.05, y_high * 1.05], "nice": False}
    y_axis: Spec = {"title": y_title, "format": ".0%" if proportion else "~g"}
    x_enc: Spec = {
        "field": "x",
        "type": "quantitative",
        "title": "Denominator (people)" if proportion else "Precision (1 / standard error of the log ratio)",
        "scale": {"zero": False},
    }
    y_enc: Spec = {"field": "y", "type": "quantitative", "scale": y_scale, "axis": y_axis}
    centre_text = f"{centre_name} {_format(funnel, funnel.centre)}"
    highlight_param: Spec = {
        "name": "highlight",
        "select": {"type": "point", "on": "pointerover", "fields": ["unit"], "clear": "pointerout"},
    }
    if highlight is not None:
        highlight_param["value"] = [{"unit": str(highlight)}]
    layers: list[Spec] = [
        {
            "data": {"values": limit_rows},
            "mark": {"type": "line", "strokeWidth": 1.5, "interpolate": "monotone"},
            "encoding": {
                "x": x_enc,
                "y": y_enc,
                "detail": {"field": "line", "type": "nominal"},
                "color": {
                    "field": "level",
                    "type": "nominal",
                    "scale": {"domain": ["95%", "99.8%"], "range": [LIMIT_95, LIMIT_998]},
                    "legend": None,
                },
                "strokeDash": {
                    "field": "level",
                    "type": "nominal",
                    "scale": {"domain": ["95%", "99.8%"], "range": [[6, 4], [1, 0]]},
                    "legend": None,
                },
            },
        },
        {
            "data": {"values": ends},
            "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 10, "color": DARK},
            "encoding": {"x": x_enc, "y": y_enc, "text": {"field": "text"}},
        },
        {
            "data": {"values": [{"y": funnel.centre, "text": centre_text}]},
            "layer": [
                {
                    "mark": {"type": "rule", "color": CENTRE, "strokeWidth": 1.5},
                    "encoding": {"y": y_enc},
                },
                {
                    "mark": {"type": "text", "align": "left", "dy": -6, "x": 4, "color": CENTRE, "fontSize": 11},
                    "encoding": {"y": y_enc, "text": {"field": "text"}},
                },
            ],
        },
        {
            "data": {"values": points},
            "params": [highlight_param],
            "mark": {"type": "point", "filled": True, "opacity": 0.85},
            "encoding": {
                "x": x_enc,
                "y": {**y_enc, "field": "value"},
                "color": {"condition": {"param": "highlight", "empty": False, "value": ORANGE}, "value": BLUE},
                "size": {"condition": {"param": "highlight", "empty": False, "value": 160}, "value": 40},
                "tooltip": [
                    {"field": "unit", "title": "Organisation"},
                    {"field": "value", "title": "Value", "format": ".1%" if proportion else ".2f"},
                    {"field": "position", "title": "Position"},
                ],
            },
        },
        {
            "data": {"values": points},
            "transform": [{"filter": {"param": "highlight", "empty": False}}],
            "mark": {"type": "text", "align": "left", "dx": 8, "dy": -8, "fontSize": 11, "fontWeight": "bold"},
            "encoding": {
                "x": x_enc,
                "y": {**y_enc, "field": "value"},
                "text": {"field": "unit"},
                "color": {"value": DARK},
            },
        },
    ]
    od = funnel.overdispersion
    adjusted = f"; limits widened for overdispersion (τ² = {od.tau2:.3g})" if od.tau2 > 0 else ""
    return {
        "$schema": SCHEMA,
        "config": {**CONFIG, "legend": {"labelColor": DARK, "labelFont": FONT}},
        "title": {
            "text": title,
            "subtitle": f"Dashed: 95% limits; solid: 99.8% limits; centre line: {centre_text}{adjusted}",
            "anchor": "start",
            "fontSize": 13,
            "subtitleFontSize": 11,
            "color": DARK,
            "subtitleColor": DARK,
        },
        "width": WIDTH,
        "height": HEIGHT,
        "layer": layers,
    }


def funnel_description(funnel: Funnel, *, centre_name: str = "England", highlight: str | None = None) -> str:
    """The text alternative: the centre, the overdispersion, and every organisation's value and position."""
    od = funnel.overdispersion
    parts = [f"Funnel plot. Centre line: {centre_name} {_format(funnel, funnel.centre)}."]
    if od.tau2 > 0:
        parts.append(f"Limits widened for overdispersion (phi {od.phi:.2f}, tau squared {od.tau2:.3g}).")
    else:
        parts.append("Limits not widened for overdispersion.")
    if highlight is not None:
        parts.append(f"Highlighted: {highlight}.")
    rows = [
        f"{r.unit} {_format(funnel, float(r.value))}, "  # type: ignore[arg-type]
        f"{LABEL_WORDS.get(str(r.label), str(r.label))}"
        for r in funnel.points.itertuples()
        if _plain(r.value) is not None
    ]
    parts.append("; ".join(rows) + ".")
    return " ".join(parts)


def funnel_svg(
    funnel: Funnel,
    *,
    title: str,
    y_title: str,
    uid: str,
    centre_name: str = "England",
    highlight: str | None = None,
) -> str:
    """Accessible inline SVG of the chart (``role="img"``, ``<title>``, ``<desc>``)."""
    return render_svg(
        funnel_chart(funnel, title=title, y_title=y_title, centre_name=centre_name, highlight=highlight),
        uid=uid,
        title=title,
        description=funnel_description(funnel, centre_name=centre_name, highlight=highlight),
    )
