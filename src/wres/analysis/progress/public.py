"""The public tier's view of a progress series (methods.md §11.2).

Monthly counts by ethnic group are small, so a series' chart is published only where the policy lets every count
behind it out:

1. **Chart published** when every count behind every point (``n_*``: events and people of each group, or the group
   and the total of a share) is above ``disclosure.suppress_max`` (8 or more by default): no primary suppression
   is needed. The counts are then rounded to ``disclosure.rounding_base`` (nearest 5) and **every value, limit,
   icon and sentence is recomputed from the rounded counts** (§11.2 step 3: nothing public says more than the
   public counts) — provided the rounding does not swamp the chart (:func:`rounding_swamps`): a share of staff in
   post is a stock that moves by a person or two a month, so rounding its counts to 5 can move a point more than
   the months differ, and a chart of the rounded counts would show mostly rounding (limits pulled in, nearly every
   point special cause). The test reads the rounded counts only: the noise rounding adds to each point (each
   rounded count is off by an error spread evenly over ±2.5, variance base²/12, carried to the value by the delta
   method) against the variation the chart takes as common cause (σ̂ = mean moving range ÷ 1.128, methods.md
   §8.1); above :data:`ROUNDING_NOISE_MAX` of it the chart is not drawn.
2. Otherwise, for a monthly series, the same tests on the **quarterly** series (its counts are larger); published
   the same way, at quarters.
3. Otherwise **only the summary**: the variation icon, its words, the trial-limits and sparse cautions and a
   sentence that states no value ("has been above its mean for 7 months since 2025-06"), computed on the internal
   series; no point, no count, no value, no limit. ``computed_from`` says ``internal_counts``.

**Decision for the domain owner (case 3).** A variation icon and its sentence reveal at most that a rule fired
on a series, and when its run began: no count, rate or limit. A run of seven months above the mean cannot be
turned back into any month's count, and the annual counts the public report already shows (rounded) bound the
sums far more tightly than an icon can. We judged it safe to publish; set aside as a choice a reviewer may
reverse (then publish nothing for such series).

**Differencing.** A published rolling twelve-month sum and the next one differ by one month in and one out; each
is rounded independently (true value within ±2), so the difference pins a month's count only to a range nine
wide, more than ``protection_width`` (4). Monthly points are published only when every monthly count is 8 or
more anyway.

The rounding here is :func:`wres.disclosure.rounding.round_count`'s (half up to the nearest base); it is restated
because the analysis layer sits below ``wres.disclosure`` (a test keeps the two equal).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

import numpy as np

from wres.analysis.progress.series import Series
from wres.analysis.progress.summary import SeriesSummary, sentence, summarise
from wres.config import WresConfig

__all__ = [
    "ROUNDING_CAUTION",
    "ROUNDING_NOISE_MAX",
    "public_series",
    "public_view",
    "publishable",
    "round_count",
    "rounding_noise",
    "rounding_swamps",
]


ROUNDING_NOISE_MAX: Final = 0.5
"""The most noise rounding may add to a public chart's points, as a fraction of the chart's common-cause sigma
(σ̂ = MR̄ ÷ 1.128): at 0.5 rounding contributes at most a fifth of the variance the limits are built from."""
ROUNDING_CAUTION: Final = (
    "Counts rounded to 5 for publication would move this chart's points more than they move from one period to "
    "the next, so only its reading is published."
)
D2: Final = 1.128
"""d₂ for moving ranges of two points (methods.md §8.1)."""


def round_count(value: int, base: int) -> int:
    """``value`` rounded to the nearest multiple of ``base``, ties half up (as
    :func:`wres.disclosure.rounding.round_count`)."""
    return (2 * value + base) // (2 * base) * base


def publishable(series: Series, config: WresConfig) -> bool:
    """Every count behind every point is above ``suppress_max`` (so none would be suppressed)."""
    if series.points.empty:
        return False
    counts = series.points[series.count_columns].to_numpy(dtype=float)
    return bool((counts > config.disclosure.suppress_max).all())


def rounding_noise(series: Series, base: int) -> np.ndarray:
    """Per point, the standard deviation that rounding each count to the nearest ``base`` adds to its value (NaN
    where the value is not defined). Each rounded count is off by an error spread evenly over ±base/2, variance
    σ² = base²/12, independent between counts; by the delta method, for a share g/t or a rate e/p,
    sd = σ·√(1 + v²) / t (or / p); for a log ratio ln((e_a/p_a)/(e_b/p_b)),
    sd = σ·√(1/e_a² + 1/p_a² + 1/e_b² + 1/p_b²), and for the ratio itself v times that."""
    var = base**2 / 12
    points = series.points
    values = series.values()

    def col(name: str) -> np.ndarray:
        return points[name].to_numpy(dtype=float)

    with np.errstate(divide="ignore", invalid="ignore"):
        if series.kind in ("share", "rate"):
            den = col("n_total") if series.kind == "share" else col("n_people")
            sd = np.sqrt(var * (1 + values**2)) / den
        else:
            inv = sum(1 / col(c) ** 2 for c in ("n_events_a", "n_people_a", "n_events_b", "n_people_b"))
            sd = np.sqrt(var * inv)
            if series.kind == "ratio":
                sd = np.abs(values) * sd
    out: np.ndarray = np.where(np.isfinite(values) & np.isfinite(sd), sd, np.nan)
    return out


def rounding_swamps(series: Series, base: int) -> bool:
    """True when rounding would swamp a chart of ``series`` (its counts already rounded to ``base``): the mean
    noise rounding adds to a point (:func:`rounding_noise`) is above :data:`ROUNDING_NOISE_MAX` times the chart's
    common-cause sigma, the mean moving range of its values ÷ 1.128 (methods.md §8.1), or the values do not move
    at all."""
    values = series.values()
    finite = values[np.isfinite(values)]
    if finite.size < 2:
        return True
    sigma = float(np.abs(np.diff(finite)).mean()) / D2
    noise = rounding_noise(series, base)
    if sigma <= 0 or np.isnan(noise).all():
        return True
    return bool(np.nanmean(noise) > ROUNDING_NOISE_MAX * sigma)


def public_series(series: Series, config: WresConfig) -> Series:
    """``series`` with every count rounded to ``disclosure.rounding_base`` (its values follow from them)."""
    base = config.disclosure.rounding_base
    points = series.points.copy()
    for column in series.count_columns:
        points[column] = np.array([round_count(int(v), base) for v in points[column]], dtype=np.int64)
    return series.with_points(points)


def public_view(
    internal: SeriesSummary,
    series: Series,
    config: WresConfig,
    *,
    quarterly: Series | None = None,
    **options: Any,
) -> SeriesSummary:
    """The public tier's summary of ``series`` (module docstring): chart from rounded counts when every count is
    8 or more, else from the quarterly series when that holds, else the internal summary without any value.
    ``options`` go to :func:`wres.analysis.progress.summary.summarise` as for the internal summary."""
    swamped = False
    for candidate in (series, quarterly):
        if candidate is not None and publishable(candidate, config):
            rounded = public_series(candidate, config)
            if rounding_swamps(rounded, config.disclosure.rounding_base):
                swamped = True
                continue
            shown = summarise(rounded, **options)
            return replace(shown, tier="public", computed_from="rounded_counts", chart_published=True)
    # summary only: icons and cautions of the internal series, a sentence without values, nothing else
    words = sentence(series, internal.chart, with_values=False) if internal.n else internal.sentence
    cautions = tuple(c for c in internal.cautions if "left out" not in c)
    return replace(
        internal,
        tier="public",
        computed_from="internal_counts",
        chart_published=False,
        last_value=None,
        left_out=0,
        cautions=(*cautions, ROUNDING_CAUTION) if swamped else cautions,
        sentence=words,
        points=None,
        chart=None,
    )
