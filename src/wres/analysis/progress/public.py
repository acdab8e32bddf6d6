"""The public tier's view of a progress series (methods.md §11.2).

Monthly counts by ethnic group are small, so a series' chart is published only where the policy lets every count
behind it out:

1. **Chart published** when every count behind every point (``n_*``: events and people of each group, or the group
   and the total of a share) is above ``disclosure.suppress_max`` (8 or more by default): no primary suppression
   is needed. The counts are then rounded to ``disclosure.rounding_base`` (nearest 5) and **every value, limit,
   icon and sentence is recomputed from the rounded counts** (§11.2 step 3: nothing public says more than the
   public counts).
2. Otherwise, for a monthly series, the same test on the **quarterly** series (its counts are larger); published
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
from typing import Any

import numpy as np

from wres.analysis.progress.series import Series
from wres.analysis.progress.summary import SeriesSummary, sentence, summarise
from wres.config import WresConfig

__all__ = ["public_series", "public_view", "publishable", "round_count"]


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
    for candidate in (series, quarterly):
        if candidate is not None and publishable(candidate, config):
            shown = summarise(public_series(candidate, config), **options)
            return replace(shown, tier="public", computed_from="rounded_counts", chart_published=True)
    # summary only: icons and cautions of the internal series, a sentence without values, nothing else
    words = sentence(series, internal.chart, with_values=False) if internal.n else internal.sentence
    return replace(
        internal,
        tier="public",
        computed_from="internal_counts",
        chart_published=False,
        last_value=None,
        left_out=0,
        cautions=tuple(c for c in internal.cautions if "left out" not in c),
        sentence=words,
        points=None,
        chart=None,
    )
