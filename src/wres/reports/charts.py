"""Charts of the annual report: Altair specifications rendered offline to accessible SVG with vl-convert.

Every chart function takes a small frame of *plot points* that the caller has already reduced to what the tier may
show (public values only in the public tier; a suppressed point is simply absent) and returns an Altair chart.
:func:`render_svg` turns a chart into inline SVG markup that is accessible on its own: ``role="img"``, a
``<title>`` and a ``<desc>`` (the text alternative, which lists every value plotted), ids made unique per chart,
and Vega's own ARIA attributes on inner marks removed (they describe marks, not the figure, and the figure's text
alternative and data table say it better). Meaning never rests on colour alone: the shaded range and the dashed
reference line are named in the chart's subtitle, and values are printed beside the marks. Charts are built
first and rendered together (:func:`to_svgs`: vl-convert releases the GIL, so they render in parallel threads).

Colours follow the NHS identity palette (NHS Blue ``#005EB8``, dark grey ``#425563``, pale grey ``#E8EDEE``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import pandas as pd

__all__ = [
    "FONT",
    "bar_chart",
    "gap_chart",
    "ratio_chart",
    "render_svg",
    "share_chart",
    "spec_of",
    "to_svg",
    "to_svgs",
]

FONT: Final = "DejaVu Sans"
BLUE: Final = "#005EB8"
DARK: Final = "#212B32"
GREY: Final = "#425563"
PALE: Final = "#E8EDEE"
WIDTH: Final = 360
ROW_HEIGHT: Final = 22


def _alt() -> Any:
    import altair as alt

    return alt


def _height(n: int) -> int:
    return max(60, ROW_HEIGHT * max(n, 1))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Plot points as plain records (NaN → None), given to Vega-Lite inline (faster than a DataFrame)."""
    out = []
    for rec in frame.to_dict("records"):
        out.append({str(k): (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in rec.items()})
    return out


def _layer(points: pd.DataFrame, layers: list[Any], subtitle: str | None = None) -> Any:
    """One layered chart over ``points`` (inline data shared by the layers), with the report's configuration."""
    alt = _alt()
    config = alt.Config(
        font=FONT,
        background="white",
        axis=alt.AxisConfig(
            labelColor=DARK,
            titleColor=DARK,
            labelFontSize=11,
            titleFontSize=11,
            domainColor=GREY,
            tickColor=GREY,
            grid=False,
        ),
        view=alt.ViewConfig(stroke=None),
    )
    title = None
    if subtitle:
        title = alt.TitleParams(text=subtitle, anchor="start", fontSize=10, fontWeight="normal", color=DARK, offset=6)
    return alt.LayerChart(
        layer=layers,
        data=alt.InlineData(values=_records(points)),
        width=WIDTH,
        height=_height(len(points)),
        config=config,
        **({"title": title} if title is not None else {}),
    )


def _interval_layers(points: pd.DataFrame, scale: Any, axis_title: str) -> list[Any]:
    """The interval (a thick line), the estimate (a dot) and the value printed above the dot, one row each."""
    alt = _alt()
    y = alt.Y("label:N", sort=list(points["label"]), title=None, axis=alt.Axis(labelLimit=220))
    return [
        alt.Chart()
        .mark_rule(color=DARK, strokeWidth=2)
        .encode(x=alt.X("lo:Q", scale=scale, title=axis_title), x2="hi:Q", y=y),
        alt.Chart()
        .mark_point(filled=True, size=70, color=BLUE, shape="circle", opacity=1)
        .encode(x=alt.X("estimate:Q", scale=scale, title=axis_title), y=y),
        alt.Chart()
        .mark_text(align="left", dx=7, dy=-8, color=DARK, fontSize=10)
        .encode(x=alt.X("estimate:Q", scale=scale, title=axis_title), y=y, text="text:N"),
    ]


def _rule(value: float, scale: Any) -> Any:
    alt = _alt()
    return (
        alt.Chart(alt.InlineData(values=[{"x": value}]))
        .mark_rule(color=GREY, strokeDash=[5, 3], strokeWidth=1.5)
        .encode(x=alt.X("x:Q", scale=scale))
    )


def ratio_chart(points: pd.DataFrame, *, low: float, high: float, axis_title: str) -> Any:
    """Ratios with 95% intervals on a log scale, the non-adverse range shaded, parity (1) dashed; the subtitle says
    what the shading and the dashed line are.

    ``points``: ``label`` (one row each, in display order), ``estimate``, ``lo``, ``hi`` (NaN when there is no
    interval) and ``text`` (the value as printed).
    """
    alt = _alt()
    finite = [v for col in ("estimate", "lo", "hi") for v in points[col] if _finite(v) and v > 0]
    scale = alt.Scale(type="log", domain=[min([low, *finite]) / 1.15, max([high, *finite]) * 1.15], nice=False)
    band = (
        alt.Chart(alt.InlineData(values=[{"low": low, "high": high}]))
        .mark_rect(color=PALE)
        .encode(x=alt.X("low:Q", scale=scale, title=axis_title), x2="high:Q")
    )
    subtitle = f"Shaded: non-adverse range {low:.2f} to {high:.2f}. Dashed line: 1 = equal likelihood."
    return _layer(points, [band, _rule(1.0, scale), *_interval_layers(points, scale, axis_title)], subtitle)


def gap_chart(points: pd.DataFrame, *, axis_title: str) -> Any:
    """Gaps in percentage points with 95% intervals; zero dashed (the subtitle says so).

    ``points``: ``label``, ``estimate``, ``lo``, ``hi``, ``text``.
    """
    alt = _alt()
    finite = [v for col in ("estimate", "lo", "hi") for v in points[col] if _finite(v)]
    span = max([5.0, *(abs(v) for v in finite)]) * 1.15
    scale = alt.Scale(domain=[-span, span], nice=False)
    subtitle = "Dashed line: 0 = no difference. Right of it, BME staff fare worse."
    return _layer(points, [_rule(0.0, scale), *_interval_layers(points, scale, axis_title)], subtitle)


def share_chart(points: pd.DataFrame, *, benchmark: float | None, axis_title: str) -> Any:
    """Shares (percent) with 95% intervals, and the whole-workforce share dashed (named in the subtitle).

    ``points``: ``label``, ``estimate``, ``lo``, ``hi`` (percent), ``text``.
    """
    alt = _alt()
    finite = [v for col in ("estimate", "lo", "hi") for v in points[col] if _finite(v)]
    top = min(100.0, max([10.0, *finite, benchmark or 0.0]) * 1.1)
    scale = alt.Scale(domain=[0, top], nice=False)
    layers = _interval_layers(points, scale, axis_title)
    subtitle = None
    if benchmark is not None and _finite(benchmark):
        layers.insert(0, _rule(benchmark, scale))
        subtitle = f"Dashed line: BME share of the whole workforce, {benchmark:.1f}%."
    return _layer(points, layers, subtitle)


def bar_chart(points: pd.DataFrame, *, axis_title: str) -> Any:
    """Horizontal bars (percent) with the value printed at the end of each bar.

    ``points``: ``label``, ``estimate`` (percent), ``text``.
    """
    alt = _alt()
    finite = [v for v in points["estimate"] if _finite(v)]
    scale = alt.Scale(domain=[0, min(100.0, max([10.0, *finite]) * 1.2)], nice=False)
    y = alt.Y("label:N", sort=list(points["label"]), title=None, axis=alt.Axis(labelLimit=220))
    layers = [
        alt.Chart().mark_bar(color=BLUE, height=14).encode(x=alt.X("estimate:Q", scale=scale, title=axis_title), y=y),
        alt.Chart()
        .mark_text(align="left", dx=4, color=DARK, fontSize=10)
        .encode(x=alt.X("estimate:Q", scale=scale, title=axis_title), y=y, text="text:N"),
    ]
    return _layer(points, layers)


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def spec_of(chart: Any) -> dict[str, Any]:
    """The Vega-Lite specification of an Altair chart (not validated: the charts here are fixed shapes)."""
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec


def to_svg(chart: Any) -> str:
    """The chart (Altair, or a Vega-Lite dict) as SVG, rendered offline by vl-convert (no network, no browser)."""
    import vl_convert

    spec = chart if isinstance(chart, dict) else spec_of(chart)
    svg: str = vl_convert.vegalite_to_svg(spec)
    return svg


def to_svgs(charts: Sequence[Any], workers: int = 4) -> list[str]:
    """:func:`to_svg` for many charts; vl-convert releases the GIL, so they render in parallel threads."""
    if len(charts) <= 1:
        return [to_svg(c) for c in charts]
    specs = [c if isinstance(c, dict) else spec_of(c) for c in charts]
    with ThreadPoolExecutor(max_workers=min(workers, len(specs))) as pool:
        return list(pool.map(to_svg, specs))


_ARIA = re.compile(r'\s(?:role|aria-[a-z-]+)="[^"]*"')
_ID = re.compile(r'\sid="([^"]+)"')
_XML_DECL = re.compile(r"^<\?xml[^>]*>\s*")


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
    svg = _ARIA.sub("", svg)
    head_end = svg.index(">")
    root = svg[:head_end]
    root = re.sub(r'\sclass="[^"]*"', "", root)
    root += (
        f' role="img" aria-labelledby="{uid}-title" aria-describedby="{uid}-desc" focusable="false" class="chart-svg"'
    )
    inner = f'<title id="{uid}-title">{_escape(title)}</title><desc id="{uid}-desc">{_escape(description)}</desc>'
    return root + ">" + inner + svg[head_end + 1 :]
