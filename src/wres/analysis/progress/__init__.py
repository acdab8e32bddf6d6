"""Is it getting better? Making Data Count SPC on the finest series the records support, and what change an
organisation's numbers can detect (methods.md §8.6, §13; issue 16).

Modules, one job each: :mod:`.series` (the monthly or quarterly series from :mod:`wres.indicators.periodic`, with
their improvement directions and the counts behind every point), :mod:`.summary` (XmR applied to a series, one
summary record with icons, cautions and a plain-English sentence), :mod:`.detect` (detectability of indicators 2,
3 and 4 over one, three and five years), :mod:`.public` (what the public tier may show of a series).

:func:`progress` puts them together for one organisation: the record the CLI (``wres progress spc``), the report and
the dashboard show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from wres.analysis.progress.detect import IndicatorDetectability, detectability_for, detectability_sentence
from wres.analysis.progress.public import public_view
from wres.analysis.progress.series import Series, build_series, select, since
from wres.analysis.progress.summary import SeriesSummary, first_signal, signal_after, summarise
from wres.config import WresConfig
from wres.indicators.periodic import PERIODS, PeriodicCounts, periodic_counts
from wres.indicators.source import Source

__all__ = [
    "IndicatorDetectability",
    "Progress",
    "Series",
    "SeriesSummary",
    "build_series",
    "detectability_for",
    "detectability_sentence",
    "first_signal",
    "progress",
    "progress_from_counts",
    "public_view",
    "select",
    "signal_after",
    "since",
    "summarise",
]

TIERS = ("internal", "public")


@dataclass(frozen=True)
class Progress:
    """Every series' summary for one organisation, with the options that reproduce them."""

    org_code: str
    period: str
    grouping: str
    tier: str
    year: int | None
    series: tuple[SeriesSummary, ...]
    options: dict[str, Any] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        return [s.record() for s in self.series]


def progress_from_counts(
    counts: PeriodicCounts,
    quarterly: PeriodicCounts,
    org: str,
    config: WresConfig,
    *,
    grouping: str = "wres",
    year: int | None = None,
    tier: str = "internal",
    targets: Mapping[str | tuple[str, str | None], float] | None = None,
    start: pd.Timestamp | str | None = None,
    **spc_options: Any,
) -> Progress:
    """:func:`progress` from counts already executed (``quarterly``: the quarterly counts, for the disciplinary
    series and the public tier's fall-back; the same object as ``counts`` when the run is quarterly)."""
    if tier not in TIERS:
        raise ValueError(f"tier must be internal or public, not {tier!r}")
    series = [
        since(s, start) for s in build_series(counts, org, config, grouping=grouping, year=year, disciplinary=quarterly)
    ]
    by_key: dict[tuple[str, str | None, str], Series] = {}
    if tier == "public" and counts.period == "month":
        for s in build_series(quarterly, org, config, grouping=grouping, year=year):
            by_key[(s.key, s.group, s.kind)] = since(s, start)
    out = []
    targets = dict(targets or {})
    for s in series:
        target = targets.get((s.key, s.group), targets.get(s.key)) if s.rules else None
        summary = summarise(s, target=target, **spc_options)
        if tier == "public":
            fallback = by_key.get((s.key, s.group, s.kind)) if s.period == "month" else None
            summary = public_view(summary, s, config, quarterly=fallback, target=target, **spc_options)
        out.append(summary)
    options = {"period": counts.period, "grouping": grouping, "tier": tier, "year": year, **spc_options}
    if start is not None:
        options["start"] = str(pd.Timestamp(start).date())
    if targets:
        options["targets"] = {k if isinstance(k, str) else f"{k[0]}:{k[1]}": v for k, v in targets.items()}
    return Progress(org, counts.period, grouping, tier, year, tuple(out), options)


def progress(
    src: Source,
    config: WresConfig,
    org: str,
    *,
    period: str = "month",
    grouping: str = "wres",
    year: int | None = None,
    tier: str = "internal",
    targets: Mapping[str | tuple[str, str | None], float] | None = None,
    start: pd.Timestamp | str | None = None,
    **spc_options: Any,
) -> Progress:
    """Every progress series of ``org`` up to 31 March ``year`` (default: all the data), XmR applied with the
    improvement directions of methods.md §8.6, at ``period`` (``month`` or ``quarter``; disciplinary series are
    always quarterly), for the ``internal`` or ``public`` tier (:mod:`.public`). ``spc_options`` go to
    :func:`wres.analysis.spc.xmr` (``fix_after_n_points``, ``run_length``, ``screen_outliers``, ...). ``targets``:
    a target per series, by key (``"senior_share"``) or by key and group (``("senior_share", "BME")``), on the
    series' own scale (a share as a fraction, a ratio series as ln RR), for the assurance icon; none by default, so
    no assurance icon (methods §8.3). ``start``: draw every chart from the period containing this date (e.g. the
    twelve months before a change, with ``fix_after_n_points=12`` to fix them as the baseline; methods §8.4)."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    quarterly = periodic_counts(src, config, "quarter", [org])
    counts = quarterly if period == "quarter" else periodic_counts(src, config, period, [org])
    return progress_from_counts(
        counts,
        quarterly,
        org,
        config,
        grouping=grouping,
        year=year,
        tier=tier,
        targets=targets,
        start=start,
        **spc_options,
    )


def summaries(series: Sequence[Series], **spc_options: Any) -> list[SeriesSummary]:
    """:func:`summarise` for each series."""
    return [summarise(s, **spc_options) for s in series]
