"""Charts of the annual report: Vega-Lite specifications rendered offline to accessible SVG with vl-convert.

Every chart function takes a small frame of *plot points* that the caller has already reduced to what the tier may
show (public values only in the public tier; a suppressed point is simply absent) and returns a Vega-Lite
specification (a plain dict: the charts are a few fixed shapes, so they are written out directly rather than
built and validated through Altair, which costs more than rendering them). :func:`render_svg` turns a chart into
inline SVG markup that is accessible on its own: ``role="img"``, a ``<title>`` and a ``<desc>`` (the text
alternative, which lists every value plotted), ids made unique per chart, and Vega's own ARIA attributes on inner
marks removed (they describe marks, not the figure, and the figure's text alternative and data table say it
better). Meaning never rests on colour alone: the shaded range and the dashed reference line are named in the
chart's subtitle, and values are printed beside the marks. Charts are built first and rendered together
(:func:`to_svgs`). vl-convert renders one chart at a time (about 50 ms each, holding the GIL), and its engine
takes about half a second to start: :func:`warm_up` starts it ahead of time in the process that will render the
charts (:mod:`wres.reports.worker`).

Colours follow the NHS identity palette (NHS Blue ``#005EB8``, dark grey ``#425563``, pale grey ``#E8EDEE``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FONT",
    "Spec",
    "bar_chart",
    "gap_chart",
    "ratio_chart",
    "render_svg",
    "share_chart",
    "spec_of",
    "to_svg",
    "to_svgs",
    "warm_up",
]

Spec = dict[str, Any]
"""A Vega-Lite specification."""

FONT: Final = "DejaVu Sans"
BLUE: Final = "#005EB8"
DARK: Final = "#212B32"
GREY: Final = "#425563"
PALE: Final = "#E8EDEE"
WIDTH: Final = 360
ROW_HEIGHT: Final = 22
SCHEMA: Final = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
CONFIG: Final[Spec] = {
    "font": FONT,
    "background": "white",
    "axis": {
        "labelColor": DARK,
        "titleColor": DARK,
        "labelFontSize": 11,
        "titleFontSize": 11,
        "domainColor": GREY,
        "tickColor": GREY,
        "grid": False,
    },
    "view": {"stroke": None},
}


def _height(n: int) -> int:
    return max(60, ROW_HEIGHT * max(n, 1))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Plot points as plain records (NaN → None), given to Vega-Lite inline."""
    out = []
    for rec in frame.to_dict("records"):
        out.append({str(k): (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in rec.items()})
    return out


def _layer(points: pd.DataFrame, layers: list[Spec], subtitle: str | None = None) -> Spec:
    """One layered chart over ``points`` (inline data shared by the layers), with the report's configuration."""
    spec: Spec = {
        "$schema": SCHEMA,
        "config": CONFIG,
        "data": {"values": _records(points)},
        "width": WIDTH,
        "height": _height(len(points)),
        "layer": layers,
    }
    if subtitle:
        spec["title"] = {
            "text": subtitle,
            "anchor": "start",
            "fontSize": 10,
            "fontWeight": "normal",
            "color": DARK,
            "offset": 6,
        }
    return spec


def _x(field: str, scale: Spec, title: str | None = None) -> Spec:
    """A quantitative x encoding on ``scale``."""
    out: Spec = {"field": field, "type": "quantitative", "scale": scale}
    if title is not None:
        out["title"] = title
    return out


def _y(points: pd.DataFrame) -> Spec:
    """One row per point, in the frame's order."""
    return {
        "field": "label",
        "type": "nominal",
        "sort": list(points["label"]),
        "title": None,
        "axis": {"labelLimit": 220},
    }


def _interval_layers(points: pd.DataFrame, scale: Spec, axis_title: str) -> list[Spec]:
    """The interval (a thick line), the estimate (a dot) and the value printed above the dot, one row each."""
    y = _y(points)
    return [
        {
            "mark": {"type": "rule", "color": DARK, "strokeWidth": 2},
            "encoding": {"x": _x("lo", scale, axis_title), "x2": {"field": "hi"}, "y": y},
        },
        {
            "mark": {"type": "point", "filled": True, "size": 70, "color": BLUE, "shape": "circle", "opacity": 1},
            "encoding": {"x": _x("estimate", scale, axis_title), "y": y},
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 7, "dy": -8, "color": DARK, "fontSize": 10},
            "encoding": {"x": _x("estimate", scale, axis_title), "y": y, "text": {"field": "text", "type": "nominal"}},
        },
    ]


def _rule(value: float, scale: Spec) -> Spec:
    """A dashed vertical reference line at ``value``."""
    return {
        "data": {"values": [{"x": value}]},
        "mark": {"type": "rule", "color": GREY, "strokeDash": [5, 3], "strokeWidth": 1.5},
        "encoding": {"x": _x("x", scale)},
    }


def ratio_chart(points: pd.DataFrame, *, low: float, high: float, axis_title: str) -> Spec:
    """Ratios with 95% intervals on a log scale, the non-adverse range shaded, parity (1) dashed; the subtitle says
    what the shading and the dashed line are.

    ``points``: ``label`` (one row each, in display order), ``estimate``, ``lo``, ``hi`` (NaN when there is no
    interval) and ``text`` (the value as printed).
    """
    finite = [v for col in ("estimate", "lo", "hi") for v in points[col] if _finite(v) and v > 0]
    scale = {"type": "log", "domain": [min([low, *finite]) / 1.15, max([high, *finite]) * 1.15], "nice": False}
    band = {
        "data": {"values": [{"low": low, "high": high}]},
        "mark": {"type": "rect", "color": PALE},
        "encoding": {"x": _x("low", scale, axis_title), "x2": {"field": "high"}},
    }
    subtitle = f"Shaded: non-adverse range {low:.2f} to {high:.2f}. Dashed line: 1 = equal likelihood."
    return _layer(points, [band, _rule(1.0, scale), *_interval_layers(points, scale, axis_title)], subtitle)


def gap_chart(points: pd.DataFrame, *, axis_title: str) -> Spec:
    """Gaps in percentage points with 95% intervals; zero dashed (the subtitle says so).

    ``points``: ``label``, ``estimate``, ``lo``, ``hi``, ``text``.
    """
    finite = [v for col in ("estimate", "lo", "hi") for v in points[col] if _finite(v)]
    span = max([5.0, *(abs(v) for v in finite)]) * 1.15
    scale = {"domain": [-span, span], "nice": False}
    subtitle = "Dashed line: 0 = no difference. Right of it, BME staff fare worse."
    return _layer(points, [_rule(0.0, scale), *_interval_layers(points, scale, axis_title)], subtitle)


def share_chart(points: pd.DataFrame, *, benchmark: float | None, axis_title: str) -> Spec:
    """Shares (percent) with 95% intervals, and the whole-workforce share dashed (named in the subtitle).

    ``points``: ``label``, ``estimate``, ``lo``, ``hi`` (percent), ``text``.
    """
    finite = [v for col in ("estimate", "lo", "hi") for v in points[col] if _finite(v)]
    top = min(100.0, max([10.0, *finite, benchmark or 0.0]) * 1.1)
    scale = {"domain": [0, top], "nice": False}
    layers = _interval_layers(points, scale, axis_title)
    subtitle = None
    if benchmark is not None and _finite(benchmark):
        layers.insert(0, _rule(benchmark, scale))
        subtitle = f"Dashed line: BME share of the whole workforce, {benchmark:.1f}%."
    return _layer(points, layers, subtitle)


def bar_chart(points: pd.DataFrame, *, axis_title: str) -> Spec:
    """Horizontal bars (percent) with the value printed at the end of each bar.

    ``points``: ``label``, ``estimate`` (percent), ``text``.
    """
    finite = [v for v in points["estimate"] if _finite(v)]
    scale = {"domain": [0, min(100.0, max([10.0, *finite]) * 1.2)], "nice": False}
    y = _y(points)
    layers = [
        {
            "mark": {"type": "bar", "color": BLUE, "height": 14},
            "encoding": {"x": _x("estimate", scale, axis_title), "y": y},
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "color": DARK, "fontSize": 10},
            "encoding": {"x": _x("estimate", scale, axis_title), "y": y, "text": {"field": "text", "type": "nominal"}},
        },
    ]
    return _layer(points, layers)


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def spec_of(chart: Any) -> Spec:
    """The Vega-Lite specification of a chart: a spec as it is, or an Altair chart's (not validated)."""
    if isinstance(chart, dict):
        return chart
    spec: Spec = chart.to_dict(validate=False)
    return spec


def to_svg(chart: Any) -> str:
    """The chart (a Vega-Lite dict, or an Altair chart) as SVG, rendered offline by vl-convert (no network, no
    browser)."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(spec_of(chart))
    return svg


def to_svgs(charts: Sequence[Any], workers: int = 4) -> list[str]:
    """:func:`to_svg` for many charts, from a few threads (vl-convert renders one chart at a time, but the
    threads overlap the conversions in and out of it)."""
    if len(charts) <= 1:
        return [to_svg(c) for c in charts]
    specs = [spec_of(c) for c in charts]
    with ThreadPoolExecutor(max_workers=min(workers, len(specs))) as pool:
        return list(pool.map(to_svg, specs))


def warm_up() -> None:
    """Start vl-convert's JavaScript engine and load its fonts (about half a second, once per process), so that
    the first real chart renders at full speed."""
    to_svg(WARM_UP)


WARM_UP: Final[Spec] = {
    "$schema": SCHEMA,
    "config": CONFIG,
    "data": {"values": [{"label": "a", "estimate": 50.0, "text": "50%"}]},
    "width": WIDTH,
    "height": ROW_HEIGHT,
    "mark": {"type": "bar", "color": BLUE},
    "encoding": {
        "x": {"field": "estimate", "type": "quantitative", "title": "%"},
        "y": {"field": "label", "type": "nominal"},
        "text": {"field": "text", "type": "nominal"},
    },
}
"""A small chart with axes and text, rendered once to start vl-convert's engine and load its fonts."""

_ARIA = re.compile(r'\s(?:role|aria-[a-z-]+)="[^"]*"')
_ID = re.compile(r'\sid="([^"]+)"')
_XML_DECL = re.compile(r"^<\?xml[^>]*>\s*")
_INERT = re.compile(r'<path class="background" d="M0,0h0v0h0Z"[^>]*/>|\s(?:class|pointer-events)="[^"]*"|\sopacity="1"')
"""Markup that draws nothing in a static image: empty background paths, class names (no stylesheet reads them),
pointer events and full opacity. Dropping it makes the page smaller and the PDF quicker to lay out."""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def render_svg(chart: Any, *, uid: str, title: str, description: str) -> str:
    """Accessible inline SVG of ``chart``: ``role="img"`` labelled by a ``<title>`` and described by a ``<desc>``.

    ``uid`` must be unique in the page: every id in the SVG is prefixed with it.
    """
    return accessible_svg(to_svg(chart), uid=uid, title=title, description=description)


def accessible_svg(svg: str, *, uid: str, title: str, description: str) -> str:
    """Make vl-convert's SVG markup accessible and safe to inline (see :func:`render_svg`)."""
    svg = _XML_DECL.sub("", svg.strip())
    ids = set(_ID.findall(svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{uid}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"')
        svg = svg.replace(f"url(#{old})", f"url(#{new})")
        svg = svg.replace(f'href="#{old}"', f'href="#{new}"')
    svg = _INERT.sub("", _ARIA.sub("", svg))
    head_end = svg.index(">")
    root = svg[:head_end]
    root += (
        f' role="img" aria-labelledby="{uid}-title" aria-describedby="{uid}-desc" focusable="false" class="chart-svg"'
    )
    inner = f'<title id="{uid}-title">{_escape(title)}</title><desc id="{uid}-desc">{_escape(description)}</desc>'
    return root + ">" + inner + svg[head_end + 1 :]
