"""How much of a mean pay gap is band mix: an Oaxaca–Blinder-style split with band as the only explanatory factor
(wres-domain.md §7.1 "a decomposition by band", linking the pay gap to indicator 1).

With ``s_R,b``, ``s_G,b`` the shares of the reference group R and the compared group G in band ``b`` and
``m_R,b``, ``m_G,b`` their mean hourly pay there, the group means are ``M_R = Σ_b s_R,b m_R,b`` and
``M_G = Σ_b s_G,b m_G,b``. The counterfactual ``C = Σ_b s_G,b m_R,b`` is G's mean had G kept its own band mix
but been paid the reference group's mean within each band. Then, as percentages of ``M_R``::

    mean gap %        = 100 (M_R − M_G) / M_R
                      = 100 (M_R − C) / M_R        band mix:    Σ_b (s_R,b − s_G,b) m_R,b   (explained)
                      + 100 (C − M_G) / M_R        within band: Σ_b s_G,b (m_R,b − m_G,b)  (unexplained)

the twofold decomposition with the reference group's pay structure as the non-discriminatory one (Oaxaca 1973,
"Male-female wage differentials in urban labor markets", International Economic Review 14(3); Blinder 1973,
"Wage discrimination: reduced form and structural estimates", Journal of Human Resources 8(4)); with band dummies
as the only regressors it is Kitagawa's (1955) standardisation of the means ("Components of a difference between
two rates", JASA 50). The two parts add up to the gap exactly.

A band holding members of G but none of R has no reference pay: its members count at their own mean in ``C``
(no within-band part there), and the band is listed in ``bands_without_reference``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Decomposition", "decompose"]


@dataclass(frozen=True)
class Decomposition:
    """The mean gap % and its two parts (``band_mix + within_band == gap``), and the counterfactual mean ``C``."""

    gap: float
    band_mix: float
    within_band: float
    counterfactual_mean: float
    bands_without_reference: tuple[str, ...]


def decompose(
    ref_pay: NDArray[np.float64],
    ref_band: NDArray[np.object_],
    group_pay: NDArray[np.float64],
    group_band: NDArray[np.object_],
) -> Decomposition:
    """Split the mean gap of the group against the reference into band mix and within band (module docstring).

    Both groups must be non-empty."""
    ref_pay = np.asarray(ref_pay, dtype=np.float64)
    group_pay = np.asarray(group_pay, dtype=np.float64)
    if len(ref_pay) == 0 or len(group_pay) == 0:
        raise ValueError("both groups need members")
    m_ref = float(ref_pay.mean())
    m_group = float(group_pay.mean())
    ref_means = {str(b): float(ref_pay[ref_band == b].mean()) for b in np.unique(ref_band.astype(str))}
    counterfactual = 0.0
    missing: list[str] = []
    bands = group_band.astype(str)
    for b in np.unique(bands):
        in_b = bands == b
        share = float(in_b.mean())
        if b in ref_means:
            counterfactual += share * ref_means[b]
        else:
            counterfactual += share * float(group_pay[in_b].mean())
            missing.append(str(b))
    return Decomposition(
        gap=100.0 * (m_ref - m_group) / m_ref,
        band_mix=100.0 * (m_ref - counterfactual) / m_ref,
        within_band=100.0 * (counterfactual - m_group) / m_ref,
        counterfactual_mean=counterfactual,
        bands_without_reference=tuple(missing),
    )


def _band_mix_statistic(
    ref_pay: NDArray[np.float64],
    ref_code: NDArray[np.int64],
    group_pay: NDArray[np.float64],
    group_code: NDArray[np.int64],
    n_bands: int,
) -> Callable[..., NDArray[np.float64]]:
    """The vectorised band-mix statistic over resampled *indices* (for ``scipy.stats.bootstrap``)."""

    def per_band(
        index: NDArray[np.float64], pay: NDArray[np.float64], code: NDArray[np.int64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        idx = np.atleast_2d(index).astype(np.int64)
        rows = idx.shape[0]
        cells = (np.arange(rows)[:, None] * n_bands + code[idx]).ravel()
        count = np.bincount(cells, minlength=rows * n_bands).reshape(rows, n_bands).astype(np.float64)
        total = np.bincount(cells, weights=pay[idx].ravel(), minlength=rows * n_bands).reshape(rows, n_bands)
        return count, total

    def statistic(
        ref_index: NDArray[np.float64], group_index: NDArray[np.float64], axis: int = -1
    ) -> NDArray[np.float64]:
        one = np.ndim(ref_index) == 1
        r_count, r_total = per_band(ref_index, ref_pay, ref_code)
        g_count, g_total = per_band(group_index, group_pay, group_code)
        m_ref = r_total.sum(axis=1) / r_count.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            ref_means = np.where(r_count > 0, r_total / r_count, 0.0)
        # C = Σ_b s_G,b m_R,b, a band without reference members at the group's own mean there.
        counterfactual = (np.where(r_count > 0, g_count * ref_means, g_total)).sum(axis=1) / g_count.sum(axis=1)
        out = 100.0 * (m_ref - counterfactual) / m_ref
        return np.asarray(out[0] if one else out)

    return statistic


def bootstrap_band_mix(
    ref_pay: NDArray[np.float64],
    ref_band: NDArray[np.object_],
    group_pay: NDArray[np.float64],
    group_band: NDArray[np.object_],
    *,
    n_resamples: int = 9999,
    confidence_level: float = 0.95,
    rng: np.random.Generator | None = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the band-mix part, each group resampled independently (as the gaps, methods.md
    §14): ``scipy.stats.bootstrap`` over the people's indices, the statistic re-deriving each resample's band means."""
    from scipy import stats

    from wres.analysis.paygap.gaps import BATCH_CELLS

    bands = sorted(set(np.asarray(ref_band, dtype=str)) | set(np.asarray(group_band, dtype=str)))
    index = {b: i for i, b in enumerate(bands)}
    ref_code = np.array([index[b] for b in np.asarray(ref_band, dtype=str)], dtype=np.int64)
    group_code = np.array([index[b] for b in np.asarray(group_band, dtype=str)], dtype=np.int64)
    statistic = _band_mix_statistic(
        np.asarray(ref_pay, np.float64), ref_code, np.asarray(group_pay, np.float64), group_code, len(bands)
    )
    n_ref, n_group = len(ref_code), len(group_code)
    batch = max(1, BATCH_CELLS // max((n_ref + n_group) * 4, 1))
    res = stats.bootstrap(
        (np.arange(n_ref, dtype=np.float64), np.arange(n_group, dtype=np.float64)),
        statistic,
        paired=False,
        vectorized=True,
        n_resamples=n_resamples,
        batch=batch,
        method="percentile",
        confidence_level=confidence_level,
        rng=rng if rng is not None else np.random.default_rng(),
    )
    return float(res.confidence_interval.low), float(res.confidence_interval.high)
