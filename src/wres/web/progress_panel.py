"""The indicator pages' "Is it getting better?" panel and the detectable change beside indicators 2, 3 and 4
(issue 16; methods.md §8.3, §8.6, §11.2 and §13).

**The panel.** For each series of the indicator (:data:`SERIES`: indicator 1, the BME share at band 8a and above and
at VSM; 2, the relative likelihood of appointment from shortlisting, each group's appointment rate and the rolling
twelve-month context line; 3, the disciplinary ratio and rates, quarterly; 4, the training ratio and rates) it shows
the Making Data Count XmR chart of :mod:`wres.reports.spc_chart` as accessible inline SVG, the variation (and
assurance) icon's meaning in words, the cautions (trial limits, sparse, small numbers), the plain-English sentence and,
in a details component, the table of the chart's points (period, value, mean, process limits, point type and the
counts behind it). A context line (rolling values, no SPC rules) shows its sentence only.

Indicator 1's series are monthly only where monthly staff-in-post extracts were imported: with only the 31 March
snapshots (one point a year) the panel says that monthly extracts would give a monthly series, and draws no chart.
Indicators 5 to 9 are annual measures (the staff survey, the board): one sentence says so.

**Tiers.** The internal tier shows :func:`wres.analysis.progress.progress_from_counts` with ``tier="internal"``; the
public tier only its ``tier="public"`` output (:mod:`wres.analysis.progress.public`: a chart from rounded counts,
or only the icon's words, the cautions and a sentence without values when the counts are too small to publish); the
internal summaries never reach a public page.

**Detectability** (:func:`wres.analysis.progress.detectability_for`) is computed from the tier's own rows
(:attr:`wres.reports.data.TierView.results`: the public tier's are the protected rows, from rounded counts, so a
suppressed count gives the "suppressed" sentence and no number).

**The chart.** :func:`wres.reports.spc_chart.spc_chart` takes an :class:`~wres.analysis.spc.XmrResult`; a
:class:`~wres.analysis.progress.SeriesSummary` keeps only the points, so :func:`xmr_of` rebuilds the result from
them (segments from each rebase group's first point). The specification is wrapped here, not changed: a
relative-likelihood series is plotted on its log scale (``ln RR``, methods.md §8.6) and its axis labels are the
ratios themselves (``exp``), rates and shares are labelled in percent, and the chart is drawn 1.4 times its print
size like the page's other charts (:func:`wres.web.indicator_page.legible_svg`).

**Caching.** The periodic counts are read once per organisation (:func:`periodic`), each tier's progress once per
organisation, year and tier (:func:`progress_for`) and each panel once per organisation, year, tier and indicator
(:func:`progress_panel`), all with :func:`wres.web.figures.memo`, so until the warehouse changes no request
recomputes them.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from wres.analysis.progress import (
    IndicatorDetectability,
    Progress,
    SeriesSummary,
    detectability_for,
    progress_from_counts,
)
from wres.analysis.progress.public import ROUNDING_CAUTION
from wres.analysis.progress.summary import format_value
from wres.analysis.spc import XmrResult
from wres.errors import WresError
from wres.indicators.periodic import PeriodicCounts
from wres.reports.charts import accessible_svg, to_svgs
from wres.reports.content import Cell, Table
from wres.reports.spc_chart import POINT_LABELS, spc_chart
from wres.web import figures as fig

__all__ = [
    "ANNUAL_MEASURE",
    "ANNUAL_ONLY",
    "SERIES",
    "Detectable",
    "ProgressPanel",
    "SeriesView",
    "annual_only",
    "detectable",
    "periodic",
    "progress_for",
    "progress_panel",
    "ratio_ticks",
    "time_ticks",
    "xmr_of",
]

log = logging.getLogger(__name__)

SERIES: Final[dict[str, tuple[str, ...]]] = {
    "1": ("senior_share", "vsm_share"),
    "2": ("appointment_ratio", "appointment_rate", "appointment_ratio_rolling"),
    "3": ("disciplinary_ratio", "disciplinary_rate"),
    "4": ("training_ratio", "training_rate"),
}
"""The progress series shown on each indicator's page (:mod:`wres.analysis.progress.series`), in this order."""

ANNUAL_ONLY: Final = (
    "The BME share at band 8a and above and at VSM can only be charted once a year here: the warehouse holds staff "
    "in post at 31 March only, too few points for a chart that shows change early. Importing monthly staff-in-post "
    "extracts (one for each month end) would give a monthly series."
)
ANNUAL_MEASURE: Final = {
    "survey": (
        "This indicator comes from the NHS Staff Survey, once a year, so there is no monthly or quarterly series to "
        "chart: the previous years above show its change."
    ),
    "board": (
        "The board's membership is counted once a year, at 31 March, so there is no monthly or quarterly series to "
        "chart: the previous years above show its change."
    ),
}
SUMMARY_ONLY: Final = (
    "The numbers behind this series are too small to publish its chart: only its reading is shown, without any value."
)
ROUNDED_SUMMARY_ONLY: Final = (
    "Counts rounded to 5 for publication would move this chart's points more than they move from one period to the "
    "next, so only its reading is shown, without any value."
)
QUARTERLY_FALLBACK: Final = "Shown by quarter: the monthly numbers are too small to publish."
CONTEXT_ONLY: Final = "A context line: no chart of its own."
DETECTABLE_NOTE: Final = (
    "The smallest relative likelihood that this organisation's numbers could tell apart from parity (1.00) with 80% "
    "power at the 95% level, from one year's data and from three or five years' pooled (steady volumes assumed). A "
    "real difference smaller than this can exist and go undetected."
)
_RATIO_GROUPS: Final = {"appointment": ("White", "BME"), "disciplinary": ("BME", "White"), "training": ("White", "BME")}
_AXIS_TITLES: Final = {"rate": "Rate", "share": "Share", "ln_ratio": "Relative likelihood (log scale)"}


@dataclass(frozen=True)
class SeriesView:
    """One series as the panel shows it: ``svg`` and ``table`` are None where the tier shows no chart."""

    uid: str
    heading: str
    variation: str | None
    assurance: str | None
    sentence: str
    cautions: tuple[str, ...]
    notes: tuple[str, ...]
    svg: str | None
    table: Table | None
    svg_narrow: str | None = None


@dataclass(frozen=True)
class Detectable:
    """The detectable change of one indicator: the 1-, 3- and 5-year ratios as text (empty when not computed) and
    the sentence of methods.md §13."""

    indicator: str
    sentence: str
    ratios: tuple[tuple[str, str], ...]
    note: str = DETECTABLE_NOTE


@dataclass(frozen=True)
class ProgressPanel:
    """What the "Is it getting better?" panel of one indicator's page shows."""

    number: str
    year: int
    tier: str
    series: tuple[SeriesView, ...]
    notes: tuple[str, ...]
    detectable: Detectable | None


def periodic(org: str) -> tuple[PeriodicCounts, PeriodicCounts]:
    """``org``'s monthly and quarterly counts (:func:`wres.indicators.periodic.periodic_counts`), read from the
    warehouse once and kept until it changes."""

    def make() -> tuple[PeriodicCounts, PeriodicCounts]:
        from wres.config import load_config
        from wres.indicators.periodic import periodic_counts
        from wres.indicators.source import from_store

        config = load_config()
        with fig.open_store() as store:
            src = from_store(store)
            quarterly = periodic_counts(src, config, "quarter", [org])
            monthly = periodic_counts(src, config, "month", [org])
        return monthly, quarterly

    return fig.memo("progress-counts", org, make=make)


def progress_for(org: str, year: int, tier: str) -> Progress:
    """Every progress series of ``org`` up to 31 March ``year`` in ``tier`` (``public``: the public tier's own
    output only), monthly where the records allow; kept until the warehouse changes."""

    def make() -> Progress:
        from wres.config import load_config

        monthly, quarterly = periodic(org)
        return progress_from_counts(monthly, quarterly, org, load_config(), year=year, tier=tier)

    return fig.memo("progress", org, year, tier, make=make)


def xmr_of(summary: SeriesSummary) -> XmrResult | None:
    """The :class:`~wres.analysis.spc.XmrResult` behind a summary's chart (None when it has none), as
    :func:`wres.reports.spc_chart.spc_chart` takes it."""
    points = summary.chart
    if points is None or points.empty:
        return None
    first = points.groupby("rebase_group", sort=True).head(1)
    segments = pd.DataFrame(
        {
            "rebase_group": first["rebase_group"].to_numpy(),
            "first_date": pd.to_datetime(first["date"]).to_numpy(),
            "mean": first["mean"].to_numpy(dtype=float),
            "lpl": first["lpl"].to_numpy(dtype=float),
            "upl": first["upl"].to_numpy(dtype=float),
            "trial_limits": first["trial_limits"].to_numpy(dtype=bool),
        }
    )
    summary_dict = {
        "variation_label": summary.variation_label,
        "assurance_label": summary.assurance_label,
        "trial_limits": summary.trial_limits,
        "any_trial_limits": bool(points["trial_limits"].astype(bool).any()),
    }
    options = {"trial_threshold": summary.options.get("trial_threshold", 12), **summary.options}
    return XmrResult(points=points, segments=segments, summary=summary_dict, options=options)


def _periods(text: str, period: str) -> int:
    """A period's ordinal (months or quarters since year 0) from its text (``2025-03``, ``2025 Q1``)."""
    if period == "month":
        y, m = text.split("-")
        return int(y) * 12 + int(m) - 1
    y, q = text.split(" Q")
    return int(y) * 4 + int(q) - 1


def annual_only(summary: SeriesSummary) -> bool:
    """The series has at most one point a year (staff in post at 31 March only): no chart is worth drawing."""
    if summary.n < 2 or summary.first_period is None or summary.last_period is None:
        return True
    per_year = 12 if summary.period == "month" else 4
    span = _periods(summary.last_period, summary.period) - _periods(summary.first_period, summary.period)
    return summary.n <= span // per_year + 1


def _heading(s: SeriesSummary) -> str:
    """The series' heading: its label without the scale (the chart's axis names it), and its period."""
    label = s.label.replace(", log scale", "")
    return f"{label[0].upper()}{label[1:]}, by {s.period}"


def _count(value: Any) -> str:
    number = float(value)
    return "–" if not math.isfinite(number) else f"{int(number):,}"


def _counts_text(s: SeriesSummary, row: Mapping[Hashable, Any]) -> str:
    if s.kind == "rate":
        return f"{_count(row['n_events'])} of {_count(row['n_people'])}"
    if s.kind == "share":
        return f"{_count(row['n_group'])} of {_count(row['n_total'])}"
    a, b = _RATIO_GROUPS.get(s.measure, ("Group A", "Group B"))
    return (
        f"{a} {_count(row['n_events_a'])} of {_count(row['n_people_a'])}; "
        f"{b} {_count(row['n_events_b'])} of {_count(row['n_people_b'])}"
    )


def _value(value: Any, kind: str) -> str:
    number = float(value)
    return format_value(number if math.isfinite(number) else None, kind)


def _period_text(date: Any, period: str) -> str:
    stamp = pd.Timestamp(date)
    return f"{stamp.year}-{stamp.month:02d}" if period == "month" else f"{stamp.year} Q{(stamp.month - 1) // 3 + 1}"


def points_table(s: SeriesSummary, uid: str) -> Table:
    """The chart's points as a table: period, value, mean, process limits, point type and the counts behind it."""
    assert s.chart is not None
    rows = []
    for row in s.chart.to_dict("records"):
        lpl, upl = float(row["lpl"]), float(row["upl"])
        limits = f"{_value(lpl, s.kind)} to {_value(upl, s.kind)}" if math.isfinite(lpl) else "–"
        rows.append(
            [
                Cell(_period_text(row["date"], s.period), header=True),
                Cell(_value(row["value"], s.kind), "num"),
                Cell(_value(row["mean"], s.kind), "num"),
                Cell(limits, "num"),
                Cell(POINT_LABELS[str(row["point_type"])]),
                Cell(_counts_text(s, row), "count"),
            ]
        )
    counts_head = "People behind it" if s.kind != "ln_ratio" else "Events of people, by group"
    head = ["Period", "Value", "Mean", "Process limits", "Point", counts_head]
    caption = f"{_heading(s)}: the chart's {len(rows)} points"
    return Table(f"{uid}-data", caption, head, rows)


def _spec(s: SeriesSummary, result: XmrResult, *, narrow: bool = False) -> dict[str, Any]:
    """:func:`wres.reports.spc_chart.spc_chart`'s specification, its y axis labelled for a board (see the module
    docstring); ``narrow``: the phone's version (:data:`NARROW`)."""
    fmt = ".1%" if s.kind in ("rate", "share") else ",.2f"
    spec = spc_chart(
        result,
        value_title=_AXIS_TITLES.get(s.kind, "Value"),
        value_format=fmt,
        time_format="%b %Y" if s.period == "month" else "%Y Q%q",
    )
    if s.kind == "ln_ratio":
        low, high = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
        ticks = ratio_ticks(math.exp(low), math.exp(high))
        for layer in spec["layer"]:
            axis = layer["encoding"]["y"].setdefault("axis", {})
            axis["values"] = [math.log(t) for t in ticks]
            axis["labelExpr"] = "format(exp(datum.value), '.3~g')"
    interval = time_ticks(result.points["date"], narrow=narrow)
    for layer in spec["layer"]:
        x = layer["encoding"]["x"]
        x["axis"] = {**x["axis"], "tickCount": interval}
    if narrow:
        spec["width"], spec["height"] = NARROW["width"], NARROW["height"]
        # the icon's words are written beside the chart; the key stays, a line each
        key = re.split(r"(?<=\.) ", spec["title"].pop("subtitle"))
        spec["title"] = {**spec["title"], "text": key, "fontSize": 10, "fontWeight": "normal"}
        for layer in spec["layer"]:
            colour = layer["encoding"].get("color")
            if colour is not None:
                colour["legend"] = {**colour["legend"], "columns": 1}
    return spec


def time_ticks(dates: pd.Series, *, narrow: bool = False) -> dict[str, Any]:
    """The time axis's tick interval (a Vega-Lite ``tickCount`` object) for the span of ``dates``: yearly over more
    than two years, else every six or three months; on a phone every two years over more than three, yearly over
    more than one. So the labels (``Jan 2024``, ``2024 Q1``) never crowd."""
    stamps = pd.to_datetime(dates)
    first, last = (stamps.min(), stamps.max()) if len(stamps) else (pd.Timestamp(0), pd.Timestamp(0))
    months = (last.year - first.year) * 12 + last.month - first.month
    for limit, interval, step in (
        ((36, "year", 2), (12, "year", 1), (6, "month", 6)) if narrow else ((24, "year", 1), (12, "month", 6))
    ):
        if months > limit:
            return {"interval": interval, "step": step}
    return {"interval": "month", "step": 3}


NARROW: Final = {"width": 215, "height": 200, "scale": 1.2}
"""The phone's version of a chart (shown below 641 px instead of the wide one, which would scroll): narrower,
drawn 1.2 times its size (labels at 13 px) to fit a 390 px screen without scrolling."""


RATIO_TICKS: Final = (
    (0.01, 0.1, 1.0, 10.0, 100.0),
    (0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0),
    (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0),
    (0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0),
)
"""Ratio axis ticks, coarse to fine: the first set with at least four ticks in the axis's range is used."""


def ratio_ticks(low: float, high: float) -> list[float]:
    """Round ratios to mark on a log-scaled axis from ``low`` to ``high`` (at least four, or the finest set's)."""
    best: list[float] = []
    for candidates in RATIO_TICKS:
        inside = [t for t in candidates if low <= t <= high]
        if len(inside) >= 4:
            return inside
        best = inside if len(inside) > len(best) else best
    return best or [1.0]


def _description(s: SeriesSummary, result: XmrResult) -> str:
    """The chart's short text alternative (the full points are in the table beside it)."""
    parts = [s.sentence]
    if s.variation_label:
        parts.append(f"Variation: {s.variation_label}.")
    last = result.points.iloc[-1]
    if math.isfinite(float(last["lpl"])):
        parts.append(
            f"Latest mean {_value(last['mean'], s.kind)}, process limits {_value(last['lpl'], s.kind)} to "
            f"{_value(last['upl'], s.kind)}."
        )
    parts.append(f"{len(result.points)} points, listed in the table of the chart's data.")
    return " ".join(parts)


def _legible(svg: str, scale: float | None = None) -> str:
    """``svg`` drawn larger for the screen (:func:`wres.web.indicator_page.legible_svg`; its scale by default)."""
    from wres.web.indicator_page import legible_svg  # the page module imports this one

    return (legible_svg(svg) if scale is None else legible_svg(svg, scale)) or svg


def _views(number: str, summaries: Sequence[SeriesSummary], tier: str) -> list[SeriesView]:
    views: list[dict[str, Any]] = []
    specs: list[dict[str, Any]] = []
    for s in summaries:
        uid = f"spc-{number}-{s.key.replace('_', '-')}-{(s.group or 'all').lower().replace(' ', '-')}"
        notes: list[str] = []
        result = xmr_of(s)
        if not s.rules:
            notes.append(CONTEXT_ONLY)
        elif tier == "public" and not s.chart_published:
            # why only the reading is shown: rounding would swamp the chart (said here, not again among the
            # cautions), or the numbers are too small
            notes.append(ROUNDED_SUMMARY_ONLY if ROUNDING_CAUTION in s.cautions else SUMMARY_ONLY)
        elif tier == "public" and s.period == "quarter" and s.measure != "disciplinary":
            notes.append(QUARTERLY_FALLBACK)
        view: dict[str, Any] = {
            "uid": uid,
            "heading": _heading(s),
            "variation": s.variation_label,
            "assurance": s.assurance_label,
            "sentence": s.sentence,
            "cautions": tuple(c for c in s.cautions if c != ROUNDING_CAUTION),
            "notes": tuple(notes),
            "svg": None,
            "table": None,
        }
        if result is not None and s.rules:
            view["table"] = points_table(s, uid)
            view["result"] = result
            specs += [_spec(s, result), _spec(s, result, narrow=True)]
        views.append(view)
    svgs = iter(to_svgs(specs))
    out = []
    summaries_by_uid = dict(zip((v["uid"] for v in views), summaries, strict=True))
    for view in views:
        result = view.pop("result", None)
        if result is not None:
            s = summaries_by_uid[view["uid"]]
            title, description = f"SPC chart: {view['heading']}", _description(s, result)
            wide = accessible_svg(next(svgs), uid=view["uid"], title=title, description=description)
            narrow = accessible_svg(next(svgs), uid=f"{view['uid']}-n", title=title, description=description)
            view["svg"] = _legible(wide)
            view["svg_narrow"] = _legible(narrow, NARROW["scale"])
        out.append(SeriesView(**view))
    return out


def detectable(rows: pd.DataFrame, org: str, year: int, number: str, tier: str) -> Detectable | None:
    """Indicator ``number``'s detectable change from the tier's result rows (None for an indicator other than 2, 3
    and 4, or without a headline row)."""
    if number not in ("2", "3", "4"):
        return None
    found: list[IndicatorDetectability] = [
        d for d in detectability_for(rows, org, year, tier=tier) if d.indicator == number
    ]
    if not found:
        return None
    d = found[0]
    values = (("One year", d.detectable_1y), ("Three years", d.detectable_3y), ("Five years", d.detectable_5y))
    ratios = tuple((label, f"{v:.2f}") for label, v in values if not math.isnan(v))
    return Detectable(number, d.sentence, ratios)


def _series_of(progress: Progress, number: str) -> list[SeriesSummary]:
    keys = SERIES.get(number, ())
    chosen = [s for s in progress.series if s.key in keys]
    return sorted(chosen, key=lambda s: (keys.index(s.key), s.group or ""))


def progress_panel(org: str, year: int, tier: str, number: str) -> ProgressPanel:
    """The panel of indicator ``number``'s page (module docstring), kept until the warehouse changes."""

    def make() -> ProgressPanel:
        view = fig.figures(org, year, tier).view
        found = detectable(view.results, org, year, number, tier)
        if number not in SERIES:
            kind = "board" if number == "9" else "survey"
            return ProgressPanel(number, year, tier, (), (ANNUAL_MEASURE[kind],), found)
        try:
            summaries = _series_of(progress_for(org, year, tier), number)
        except WresError as exc:
            log.warning("progress series of %s %s not computed: %s", org, year, exc)
            return ProgressPanel(number, year, tier, (), (f"The monthly series cannot be shown: {exc}.",), found)
        notes: list[str] = []
        if number == "1" and (not summaries or all(annual_only(s) for s in summaries)):
            return ProgressPanel(number, year, tier, (), (ANNUAL_ONLY,), found)
        if not summaries:
            notes.append("The records hold no dated events for this indicator, so there is no series to chart.")
        return ProgressPanel(number, year, tier, tuple(_views(number, summaries, tier)), tuple(notes), found)

    return fig.memo("progress-panel", org, year, tier, number, make=make)
