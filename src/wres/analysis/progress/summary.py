"""SPC applied to a progress series, and one summary record per series for the CLI, the report and the dashboard.

:func:`summarise` runs :func:`wres.analysis.spc.xmr` on a :class:`~wres.analysis.progress.series.Series` with its
improvement direction (methods.md §8.6) and no target by default (so no assurance icon), and writes the sentence a
board reads, e.g. "Special cause: improvement — the BME applicants' appointment rate from shortlisting has been above
its mean for 7 months since 2025-06." A context series (``rules`` False: the rolling twelve-month relative
likelihood) gets no rules and no icons, only its latest value.

The sentence names the rule that decided the latest point (methods.md §8.2, in precedence order): outside a limit,
a trend (the run's length and first period), two of three near a limit, a shift (the run's length and first
period). With ``with_values`` False (the public tier's summary-only view, :mod:`wres.analysis.progress.public`) it
says no value at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from wres.analysis.progress.series import SPARSE_CAUTION, Series, period_start, since
from wres.analysis.spc import XmrResult, xmr
from wres.analysis.spc.point_types import COMMON, CONCERN, IMPROVEMENT

__all__ = ["SeriesSummary", "first_signal", "format_value", "period_text", "sentence", "signal_after", "summarise"]

TRIAL_CAUTION = "Trial limits: fewer than 12 points, so the limits will move as more periods arrive."
CONTEXT_NOTE = "Context only: rolling values overlap, so no SPC rules are applied (methods.md §8.6)."
TOO_SHORT = "Too few periods with a value for a chart."
SMALL_NUMBERS = (
    "Small numbers: fewer than 20 people behind a typical point, so one person moves the value a lot; read the "
    "chart with care."
)
SMALL_LATEST = (
    "The latest period rests on far fewer people than usual (under half the median): its value is less certain "
    "than the others."
)


@dataclass(frozen=True)
class SeriesSummary:
    """What a board sees for one series: the latest value, the icons with their words, the cautions and the
    sentence, with the options that reproduce the chart. ``chart`` holds the XmR points (None for a context line or
    when the public tier publishes only the summary); ``points`` the dates, values and counts."""

    key: str
    label: str
    measure: str
    kind: str
    group: str | None
    grouping: str
    org_code: str
    period: str
    direction: str
    rules: bool
    n: int
    first_period: str | None
    last_period: str | None
    last_value: float | None
    variation_type: str | None
    variation_icon: str | None
    variation_label: str | None
    assurance_icon: str | None
    assurance_label: str | None
    trial_limits: bool
    sparse: bool
    left_out: int
    cautions: tuple[str, ...]
    sentence: str
    options: dict[str, Any]
    tier: str = "internal"
    computed_from: str = "counts"
    chart_published: bool = True
    points: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    chart: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def record(self) -> dict[str, Any]:
        """The summary as one JSON-serialisable record (no points)."""
        out = {k: v for k, v in self.__dict__.items() if k not in ("points", "chart")}
        out["cautions"] = list(self.cautions)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The record with its points (dates as ISO strings, NaN as None)."""
        out = self.record()
        frame = self.chart if self.chart is not None else self.points
        out["points"] = (
            [] if frame is None else [{k: _plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
        )
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def period_text(date: pd.Timestamp, period: str) -> str:
    """``2025-06`` for a month, ``2025 Q2`` for a quarter (calendar quarters)."""
    stamp = pd.Timestamp(date)
    return f"{stamp.year}-{stamp.month:02d}" if period == "month" else f"{stamp.year} Q{(stamp.month - 1) // 3 + 1}"


def format_value(value: float | None, kind: str) -> str:
    """A value as a board reads it: rates and shares in percent, a log ratio as the ratio itself."""
    if value is None or not math.isfinite(value):
        return "–"
    if kind in ("rate", "share"):
        return f"{100 * value:.1f}%"
    if kind == "ln_ratio":
        return f"{math.exp(value):.2f}"
    return f"{value:.2f}"


def _run_start(flags: np.ndarray) -> int:
    """Index of the first point of the run of True values that ends at the last point."""
    i = flags.size - 1
    while i > 0 and flags[i - 1]:
        i -= 1
    return i


def sentence(series: Series, chart: pd.DataFrame | None, *, with_values: bool = True) -> str:
    """The plain-English reading of a series' latest point (module docstring); ``chart``: the XmR points
    (:attr:`wres.analysis.spc.XmrResult.points`), None for a context series."""
    what = f"the {series.label}"
    pts = series.points
    if chart is None:
        if pts.empty:
            return f"{TOO_SHORT[:-1]}: {what}."
        latest = float(series.values()[-1])
        when = period_text(pts["date"].iloc[-1], series.period)
        value = f" was {format_value(latest, series.kind)} in the {ROLLING_WORD[series.period]} to {when}"
        return f"Context: {what}{value if with_values else ' is shown without SPC rules'}."
    unit = f"{series.period}s"
    last = chart.iloc[-1]
    ptype = str(last["point_type"])
    when = period_text(last["date"], series.period)
    value = f" ({format_value(float(last['value']), series.kind)} in {when})" if with_values else ""
    if ptype == COMMON:
        return f"Common cause: no significant change — {what} is within its limits{value}."
    head = (
        "Special cause: improvement"
        if ptype == IMPROVEMENT
        else "Special cause: concern"
        if ptype == CONCERN
        else "Special cause: neither improvement nor concern"
    )
    kind = str(last["special_cause_type"])
    dates = chart["date"]
    if kind in ("Above UCL", "Below LCL"):
        where = "above its upper" if kind == "Above UCL" else "below its lower"
        return f"{head} — {what} is {where} limit in {when}{value if with_values else ''}."
    if "Trend" in kind:
        start = _run_start(chart["trend"].to_numpy(dtype=bool))
        verb = "risen" if "Increasing" in kind else "fallen"
        k = len(chart) - start
        return (
            f"{head} — {what} has {verb} for {k} {unit} in a row since {period_text(dates.iloc[start], series.period)}."
        )
    if "2 in 3" in kind:
        where = "upper" if "Above" in kind else "lower"
        return f"{head} — {what} has been close to its {where} limit in two of the last three {unit}."
    side = chart["relative_to_mean"].to_numpy()
    same = (side == side[-1]) & chart["shift"].to_numpy(dtype=bool)
    start = _run_start(same)
    where = "above" if "Above" in kind else "below"
    k = len(chart) - start
    since = period_text(dates.iloc[start], series.period)
    return f"{head} — {what} has been {where} its mean for {k} {unit} since {since}."


ROLLING_WORD = {"month": "twelve months", "quarter": "four quarters"}


def summarise(series: Series, *, target: float | None = None, **options: Any) -> SeriesSummary:
    """Apply XmR to ``series`` (its direction; ``target`` and ``options`` as :func:`wres.analysis.spc.xmr` takes
    them) and summarise it. A context series gets no rules; a series with fewer than two points no chart."""
    values = series.values()
    pts = series.points.assign(value=values)
    n = len(pts)
    cautions: list[str] = []
    result: XmrResult | None = None
    summary: dict[str, Any] = {}
    run_options: dict[str, Any] = {"improvement_direction": series.direction, "rules": series.rules}
    if series.rules and n >= 2:
        result = xmr(values, pts["date"], improvement_direction=series.direction, target=target, **options)
        summary = result.summary
        run_options = {**result.options, "rules": True}
        if summary["trial_limits"]:
            cautions.append(TRIAL_CAUTION)
    elif series.rules:
        cautions.append(TOO_SHORT)
    else:
        cautions.append(CONTEXT_NOTE)
    sparse = series.sparse
    if sparse:
        cautions.append(SPARSE_CAUTION)
    people = _denominators(series)
    if n >= 2 and people.size and float(np.median(people)) < 20:  # the smaller group's, for a ratio
        cautions.append(SMALL_NUMBERS)
    if n >= 2 and people.size and people[-1] < 0.5 * float(np.median(people)):
        cautions.append(SMALL_LATEST)
    if series.left_out:
        cautions.append(f"{series.left_out} period(s) left out: the value could not be computed (no one in a group).")
    run_options |= {"period": series.period, "grouping": series.grouping, "series": series.key}
    chart = None
    if result is not None:
        chart = result.points  # the result is ours: add the counts beside each point
        if series.points["date"].is_monotonic_increasing:  # as built; xmr sorts by date
            for column in series.count_columns:
                chart[column] = series.points[column].to_numpy()
        else:
            chart = chart.merge(series.points, on="date", how="left")
    return SeriesSummary(
        key=series.key,
        label=series.label,
        measure=series.measure,
        kind=series.kind,
        group=series.group,
        grouping=series.grouping,
        org_code=series.org_code,
        period=series.period,
        direction=series.direction,
        rules=series.rules,
        n=n,
        first_period=period_text(pts["date"].iloc[0], series.period) if n else None,
        last_period=period_text(pts["date"].iloc[-1], series.period) if n else None,
        last_value=float(values[-1]) if n else None,
        variation_type=summary.get("variation_type"),
        variation_icon=summary.get("variation_icon"),
        variation_label=summary.get("variation_label"),
        assurance_icon=summary.get("assurance_icon"),
        assurance_label=summary.get("assurance_label"),
        trial_limits=bool(summary.get("trial_limits", False)),
        sparse=sparse,
        left_out=series.left_out,
        cautions=tuple(cautions),
        sentence=sentence(series, None if result is None else result.points)
        if n
        else f"{TOO_SHORT[:-1]}: the {series.label}.",
        options=run_options,
        points=pts,
        chart=chart,
    )


def _denominators(series: Series) -> np.ndarray:
    """Each point's denominator (the smaller of a ratio's two), for the small-numbers cautions."""
    columns = [c for c in series.count_columns if c.startswith(("n_people", "n_total"))]
    if not columns or series.points.empty:
        return np.empty(0)
    return np.asarray(np.vstack([series.points[c].to_numpy(dtype=float) for c in columns]).min(axis=0))


def first_signal(
    series: Series, point_type: str = IMPROVEMENT, *, start: int = 0, **options: Any
) -> pd.Timestamp | None:
    """The date of the first point, from position ``start``, at which the chart **as it stood then** (the points up
    to and including it) gave that point ``point_type``: when a board watching the chart would first have seen the
    signal. A shift or trend flags its whole run once it is complete, so the run's first flagged point can lie
    before the change; this is the point where the run completed. ``options`` go to
    :func:`wres.analysis.spc.xmr` (for a fixed baseline, ``fix_after_n_points``)."""
    values = series.values()
    dates = series.points["date"]
    for i in range(max(start, 1), values.size):
        result = xmr(values[: i + 1], dates.iloc[: i + 1], improvement_direction=series.direction, **options)
        if result.points["point_type"].iloc[-1] == point_type:
            return pd.Timestamp(dates.iloc[i])
    return None


def signal_after(
    series: Series,
    change: pd.Timestamp | str,
    *,
    baseline: int = 12,
    point_type: str = IMPROVEMENT,
    **options: Any,
) -> pd.Timestamp | None:
    """When a board watching for the effect of a change that began in the period containing ``change`` would first
    have seen a ``point_type`` signal: the chart drawn from ``baseline`` periods before the change, those periods
    fixed as its baseline (methods.md §8.4, "fix the limits at the point of a change"), then every period after
    (:func:`first_signal` from the change on). None when no signal comes, or when fewer than ``baseline`` periods
    precede the change (no baseline to judge it by). ``options`` go to :func:`wres.analysis.spc.xmr`."""
    first = period_start(change, series.period)
    months = baseline if series.period == "month" else 3 * baseline
    window = since(series, first - pd.DateOffset(months=months))
    before = int((pd.to_datetime(window.points["date"]) < first).sum())
    if before < baseline:
        return None
    return first_signal(window, point_type, start=before, fix_after_n_points=baseline, **options)
