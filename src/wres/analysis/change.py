"""Year-on-year change of every result row: methods.md §5, read as in wres-domain.md §6.5.

:func:`year_on_year` matches each result row of one WRES year with the same row of a comparison year and
returns the change, its 95% interval, a p-value and a reading. The arithmetic lives in small pure, vectorised
functions, one per method:

* ratios, indicators 2–4 and the leading indicators (§5.1): :func:`ratio_change`, a z-test on the difference of
  the Katz log ratios;
* survey gaps, indicators 5–8 (§5.2): :func:`gap_change`, Newcombe's square-and-add on the two gaps' limits;
* one share between two years, indicator 1 (§5.3): :func:`share_change`, Newcombe's interval for the
  difference of the two years' proportions (:func:`~wres.stats.newcombe_diff_interval`);
* indicator 9 (§5.4): the difference in points, descriptive (the board is a whole population, no test).

**Readings** (:data:`LABELS`) follow each indicator's adverse direction (:func:`better_when`):

* ``"parity"`` (indicators 2, 3, 4): a significant change is ``getting better`` when both years lie on the same
  side of parity and the ratio moved towards 1 (``|ln RR_t| < |ln RR_{t−1}|``), ``getting worse`` when it moved
  away, and ``crossed parity`` when the two years lie on opposite sides of 1 (methods.md §5.1). The side and the
  distance use the (zero-corrected) Katz log ratios that the test uses.
* ``"lower"`` (indicators 5–8): the adverse gap is positive when BME staff fare worse, so a significant fall of
  the signed gap is ``getting better`` and a rise ``getting worse`` (also below zero: a gap moving further in
  BME staff's favour counts as better).
* ``"higher"``: indicator 1, the share of BME staff (or of an ethnic minority group) in a senior stratum
  (:data:`SENIOR_STRATA`: bands 8a–9, VSM, consultants and their clusters): a significant rise is
  ``getting better`` (the adverse direction is under-representation at the top, "snowy white peaks");
  indicator 9, the BME (minority group) board share minus the workforce share: a rise is ``getting better``.
* ``None`` (no adverse direction: indicator 1's overall, non-senior, White and Unknown shares, indicator 9's
  White and Unknown rows): a significant change reads ``increased`` or ``decreased``.
* Indicator 9 is never tested: any non-zero change is real and reads as above (``tested`` is False); no
  change at all reads ``no change``.
* Anything that cannot be compared reads ``could not be calculated`` with a ``reason`` (:data:`REASONS`).

**Comparison year.** ``previous`` (default ``year − 1``) for every row, except indicator 3's rolling form: two
consecutive rolling values share a year of data, so it is compared with the non-overlapping window two years
back (``min(previous, year − 2)``; wres-domain.md §6.5, methods.md §5.1).

**Series breaks.** Indicator 7 is not compared across the 2021 staff survey redesign (WRES year 2022 is the first
year of the new series; wres-domain.md §8 notes and §10 #10): such rows read ``could not be calculated`` with
reason ``series_break``. :data:`SERIES_BREAKS` holds the first WRES year of each new series.

Years are treated as independent samples; many staff appear in both, so the tests are likely conservative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from wres.indicators.fine import LEADING_INDICATORS
from wres.indicators.results import RESULT_KEY
from wres.stats import katz_log_ratio, newcombe_diff_interval, z_for
from wres.vocab.bands import BANDS, MD_CONS

__all__ = [
    "BETTER",
    "CHANGE_COLUMNS",
    "CHANGE_KEY",
    "CROSSED_PARITY",
    "DECREASED",
    "INCREASED",
    "LABELS",
    "NOT_CALCULATED",
    "NO_CHANGE",
    "NO_SIGNIFICANT_CHANGE",
    "REASONS",
    "SENIOR_STRATA",
    "SERIES_BREAKS",
    "WORSE",
    "DifferenceChange",
    "RatioChange",
    "better_when",
    "comparison_year",
    "crosses_series_break",
    "difference_reading",
    "gap_change",
    "p_from_interval",
    "parity_reading",
    "ratio_change",
    "share_change",
    "year_on_year",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
ObjectArray = NDArray[np.object_]

BETTER: Final = "getting better"
WORSE: Final = "getting worse"
NO_SIGNIFICANT_CHANGE: Final = "no significant change"
NOT_CALCULATED: Final = "could not be calculated"
CROSSED_PARITY: Final = "crossed parity"
INCREASED: Final = "increased"
DECREASED: Final = "decreased"
NO_CHANGE: Final = "no change"
LABELS: Final[tuple[str, ...]] = (
    BETTER,
    WORSE,
    NO_SIGNIFICANT_CHANGE,
    NOT_CALCULATED,
    CROSSED_PARITY,
    INCREASED,
    DECREASED,
    NO_CHANGE,
)
"""Every reading :func:`year_on_year` gives (the first four are wres-domain.md §6.5's; ``crossed parity`` is
methods.md §5.1's; the last three are for rows without an adverse direction or untested rows)."""

REASONS: Final[Mapping[str, str]] = {
    "suppressed": "a figure needed was suppressed (public tier)",
    "not_computed_this_year": "this year's figure was not computed",
    "series_break": "the two years lie on either side of a survey series break (indicator 7, 2021 survey)",
    "no_comparison_row": "the comparison year has no matching row",
    "not_computed_previous_year": "the comparison year's figure was not computed",
    "not_estimable": "the figures give no usable variance (e.g. a ratio of 0 without its counts)",
}
"""Reason codes for ``could not be calculated``, in precedence order (``suppressed`` first for this year's row,
after ``no_comparison_row`` for the comparison year's)."""

SERIES_BREAKS: Final[Mapping[str, int]] = {"7": 2022}
"""Indicator → first WRES year of a new series (the 2021 survey redesign; wres-domain.md §8, §10 #10)."""

SENIOR_STRATA: Final[frozenset[str]] = frozenset(
    {code for code, band in BANDS.items() if band.senior} | {MD_CONS, "8a-8b", "8c-VSM", "Consultants"}
)
"""Indicator 1 strata (band and cluster codes) where a higher BME share is better: 8a and above, VSM, consultants."""

NON_MINORITY_GROUPS: Final[frozenset[str]] = frozenset(
    {"White", "White British", "White Irish", "White Other", "Unknown", "Overall workforce"}
)
RATIO_INDICATORS: Final = frozenset({"2", "3", "4", *LEADING_INDICATORS})
"""Ratio indicators: 2-4 and the leading indicators (wres-domain.md §7.3), read towards parity."""
GAP_INDICATORS: Final = frozenset({"5", "6", "7", "8"})
SURVEY_VARIANTS: Final = frozenset({"microdata", "published"})

CHANGE_KEY: Final[list[str]] = [c for c in RESULT_KEY if c != "year"]
"""Columns identifying the same result in two years (the survey indicators' microdata / published variants
are one series)."""

CHANGE_COLUMNS: Final[list[str]] = [
    *CHANGE_KEY,
    "headline",
    "year",
    "previous_year",
    "estimate_type",
    "estimate",
    "previous_estimate",
    "change",
    "change_type",
    "change_ci95_low",
    "change_ci95_high",
    "z",
    "p_value",
    "tested",
    "significant",
    "better_when",
    "label",
    "reason",
    "method",
]
"""Columns of :func:`year_on_year`'s frame. ``estimate`` / ``previous_estimate`` are in the result rows' own
units (ratio, share as a proportion, points); ``change`` is the ratio of ratios (``change_type``
``ratio_of_ratios``) or a difference in percentage points (``difference_points``)."""


# ----------------------------------------------------------------------------------------------------
# Pure arithmetic


class RatioChange(NamedTuple):
    """Change of a ratio between two years (float64 arrays; NaN where not computable)."""

    ratio_of_ratios: FloatArray
    low: FloatArray
    high: FloatArray
    z: FloatArray
    p_value: FloatArray


class DifferenceChange(NamedTuple):
    """Change of a difference or a share between two years, ``now − before`` (float64 arrays)."""

    change: FloatArray
    low: FloatArray
    high: FloatArray


def _flat(*values: ArrayLike) -> tuple[tuple[int, ...], list[FloatArray]]:
    arrays = np.broadcast_arrays(*[np.asarray(v, dtype=np.float64) for v in values])
    return arrays[0].shape, [np.array(a, dtype=np.float64).reshape(-1) for a in arrays]


def ratio_change(
    log_ratio: ArrayLike,
    log_se: ArrayLike,
    previous_log_ratio: ArrayLike,
    previous_log_se: ArrayLike,
    level: float = 0.95,
) -> RatioChange:
    """Test of a ratio's change on the log scale (methods.md §5.1)::

        D    = ln RR_t − ln RR_{t−1}
        SE_D = √( SE_t² + SE_{t−1}² )          (Katz SEs, zero-corrected where needed, methods.md §2.3)
        z    = D / SE_D ;  p = 2·Φ(−|z|)        (scipy.stats.norm.sf)
        CI for RR_t / RR_{t−1}:  exp(D ± z_α · SE_D)

    Inputs come from :func:`wres.stats.katz_log_ratio`. Rows with a missing (NaN or infinite) input or
    ``SE_D = 0`` give NaN. Example (methods.md §5.1): 330/1,450 vs 120/900, then 375/1,500 vs 160/1,000 →
    ratio of ratios 0.915, 95% 0.710–1.180, z = −0.68, p = 0.50.
    """
    shape, (lr, se, plr, pse) = _flat(log_ratio, log_se, previous_log_ratio, previous_log_se)
    out = [np.full(lr.shape, np.nan) for _ in range(5)]
    se_d = np.sqrt(np.square(se) + np.square(pse))
    ok = np.isfinite(lr) & np.isfinite(plr) & np.isfinite(se_d) & (se_d > 0)
    if ok.any():
        d = lr[ok] - plr[ok]
        z = d / se_d[ok]
        half = z_for(level) * se_d[ok]
        out[0][ok] = np.exp(d)
        out[1][ok] = np.exp(d - half)
        out[2][ok] = np.exp(d + half)
        out[3][ok] = z
        out[4][ok] = 2.0 * stats.norm.sf(np.abs(z))
    return RatioChange(*(o.reshape(shape) for o in out))


def gap_change(
    gap: ArrayLike,
    low: ArrayLike,
    high: ArrayLike,
    previous_gap: ArrayLike,
    previous_low: ArrayLike,
    previous_high: ArrayLike,
) -> DifferenceChange:
    """Change of a difference with Newcombe's square-and-add on the two years' limits (methods.md §5.2).

    For gaps ``d_t, d_{t−1}`` with limits ``(l_t, u_t)``, ``(l_{t−1}, u_{t−1})`` and ``Δ = d_t − d_{t−1}``::

        lower = Δ − √( (d_t − l_t)² + (u_{t−1} − d_{t−1})² )
        upper = Δ + √( (u_t − d_t)² + (d_{t−1} − l_{t−1})² )

    (Newcombe 1998, Statistics in Medicine 17:873–890, the "MOVER" square-and-add; Zou and Donner 2008,
    Statistical Methods in Medical Research 17:543–554). The interval has the level of the inputs' limits;
    units are the inputs' (points for the survey gaps). Applied to two years' Wilson limits for one share, it
    is exactly the Newcombe interval of :func:`share_change`. Missing inputs give NaN.
    """
    shape, (d, lo, hi, pd_, plo, phi) = _flat(gap, low, high, previous_gap, previous_low, previous_high)
    delta = d - pd_
    lower = delta - np.sqrt(np.square(d - lo) + np.square(phi - pd_))
    upper = delta + np.sqrt(np.square(hi - d) + np.square(pd_ - plo))
    ok = np.isfinite(lower) & np.isfinite(upper)
    out = [np.where(ok, v, np.nan).reshape(shape) for v in (delta, lower, upper)]
    return DifferenceChange(*out)


def share_change(
    x: ArrayLike, n: ArrayLike, previous_x: ArrayLike, previous_n: ArrayLike, level: float = 0.95
) -> DifferenceChange:
    """Change of one share between two years, ``x/n − x'/n'``, with Newcombe's interval (methods.md §5.3, §3).

    Library: :func:`wres.stats.newcombe_diff_interval` (``statsmodels ... confint_proportions_2indep(...,
    compare="diff", method="newcomb")``). Proportion scale (multiply by 100 for points). Rows where either year
    has no people, or a count is missing or invalid, give NaN.
    """
    shape, (xf, nf, pxf, pnf) = _flat(x, n, previous_x, previous_n)
    iv = newcombe_diff_interval(xf, nf, pxf, pnf, level)
    low = np.asarray(iv.low, dtype=np.float64).reshape(-1)
    high = np.asarray(iv.high, dtype=np.float64).reshape(-1)
    ok = np.isfinite(low) & np.isfinite(high)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.where(ok, xf / np.where(ok, nf, 1.0) - pxf / np.where(ok, pnf, 1.0), np.nan)
    return DifferenceChange(delta.reshape(shape), low.reshape(shape), high.reshape(shape))


def p_from_interval(
    estimate: ArrayLike, low: ArrayLike, high: ArrayLike, null: float = 0.0, level: float = 0.95
) -> FloatArray:
    """Approximate two-sided p-value from a (possibly asymmetric) confidence interval for a difference.

    Altman and Bland (BMJ 2011;343:d2304, "How to obtain the P value from a confidence interval") take
    ``SE = (upper − lower) / (2·z)`` and ``p = 2·Φ(−|estimate − null| / SE)``. Newcombe intervals are
    asymmetric, so here the SE comes from the half of the interval that faces the null value
    (``(estimate − lower)/z`` when the estimate lies above it, ``(upper − estimate)/z`` otherwise). Then
    ``p < α`` exactly when the interval excludes ``null``, and the p-value agrees with the verdict. Missing
    inputs or a zero half-width give NaN.
    """
    shape, (est, lo, hi) = _flat(estimate, low, high)
    z_level = z_for(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = np.where(est >= null, est - lo, hi - est)
        se = half / z_level
        z = np.abs(est - null) / se
        p = np.where(np.isfinite(z) & (se > 0), 2.0 * stats.norm.sf(z), np.nan)
    out: FloatArray = p.reshape(shape)
    return out


def parity_reading(log_ratio: ArrayLike, previous_log_ratio: ArrayLike, significant: ArrayLike) -> ObjectArray:
    """Reading of a ratio's change against parity (methods.md §5.1, wres-domain.md §6.5).

    Not ``significant`` → ``no significant change``; significant with the two log ratios of opposite signs
    → ``crossed parity``; otherwise ``getting better`` if ``|ln RR_t| < |ln RR_{t−1}|`` (towards parity 1.0),
    else ``getting worse``. Missing log ratios → ``could not be calculated``.
    """
    shape, (lr, plr, sig) = _flat(log_ratio, previous_log_ratio, significant)
    sig_b = np.nan_to_num(sig) != 0
    ok = np.isfinite(lr) & np.isfinite(plr)
    crossed = np.sign(lr) * np.sign(plr) < 0
    closer = np.abs(lr) < np.abs(plr)
    label = np.full(lr.shape, NOT_CALCULATED, dtype=object)
    label[ok & ~sig_b] = NO_SIGNIFICANT_CHANGE
    label[ok & sig_b & crossed] = CROSSED_PARITY
    label[ok & sig_b & ~crossed & closer] = BETTER
    label[ok & sig_b & ~crossed & ~closer] = WORSE
    return label.reshape(shape)


def difference_reading(
    change: ArrayLike, significant: ArrayLike, better: Sequence[str | None] | str | None
) -> ObjectArray:
    """Reading of a signed change (gap, share, board difference) by the direction in which it is better.

    ``better`` per row: ``"lower"`` (a fall is better: survey gaps), ``"higher"`` (a rise is better) or None
    (no adverse direction: ``increased`` / ``decreased``). Not significant → ``no significant change``;
    missing change → ``could not be calculated``. For untested descriptive changes (indicator 9) pass
    ``significant = change != 0`` and replace ``no significant change`` by ``no change``.
    """
    shape, (ch, sig) = _flat(change, significant)
    sig_b = np.nan_to_num(sig) != 0
    if better is None or isinstance(better, str):
        direction = np.full(ch.shape, better, dtype=object)
    else:
        direction = np.array(np.broadcast_to(np.asarray(list(better), dtype=object), shape), dtype=object).reshape(-1)
    ok = np.isfinite(ch)
    up = ch > 0
    label = np.full(ch.shape, NOT_CALCULATED, dtype=object)
    label[ok & ~sig_b] = NO_SIGNIFICANT_CHANGE
    moved = ok & sig_b
    higher = direction == "higher"
    lower = direction == "lower"
    neutral = ~higher & ~lower
    label[moved & higher & up] = BETTER
    label[moved & higher & ~up] = WORSE
    label[moved & lower & up] = WORSE
    label[moved & lower & ~up] = BETTER
    label[moved & neutral & up] = INCREASED
    label[moved & neutral & ~up] = DECREASED
    return label.reshape(shape)


def better_when(indicator: str, group_a: str, breakdown: str = "overall", stratum: str = "all") -> str | None:
    """The direction in which a row's value is better: ``"parity"``, ``"lower"``, ``"higher"`` or None.

    Indicators 2–4: towards parity. 5–8: a lower adverse gap. 1: higher for an ethnic minority group's share of
    a senior band or cluster (:data:`SENIOR_STRATA`), else None. 9: higher for an ethnic minority group's board
    share minus workforce share, None for White and Unknown.
    """
    minority = group_a not in NON_MINORITY_GROUPS
    if indicator in RATIO_INDICATORS:
        return "parity"
    if indicator in GAP_INDICATORS:
        return "lower"
    if indicator == "1":
        senior = breakdown in ("band", "cluster") and stratum in SENIOR_STRATA
        return "higher" if minority and senior else None
    if indicator == "9":
        return "higher" if minority else None
    return None


def comparison_year(indicator: str, variant: str, year: int, previous: int) -> int:
    """The year a row is compared with: ``previous``, or for indicator 3's rolling form the non-overlapping
    window ending at most two years back (``min(previous, year − 2)``, wres-domain.md §6.5)."""
    if indicator == "3" and variant == "rolling":
        return min(previous, year - 2)
    return previous


def crosses_series_break(indicator: str, year: int, previous: int, breaks: Mapping[str, int] = SERIES_BREAKS) -> bool:
    """True when ``previous < first year of a new series ≤ year`` for the indicator (no change test)."""
    first = breaks.get(indicator)
    return first is not None and min(year, previous) < first <= max(year, previous)


# ----------------------------------------------------------------------------------------------------
# Matching rows and assembling the frame


def _floats(df: pd.DataFrame, col: str) -> FloatArray:
    if col not in df:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def _text(values: pd.Series) -> ObjectArray:
    return np.array([v if isinstance(v, str) and v != "" else None for v in values], dtype=object)


def _log_inputs(df: pd.DataFrame, prefix: str) -> tuple[FloatArray, FloatArray]:
    """Katz log ratio and SE from the counts, else from ``estimate`` and ``log_se`` (counts blanked)."""
    a, n1, c, n2 = (_floats(df, prefix + k) for k in ("a", "n1", "c", "n2"))
    katz = katz_log_ratio(a, n1, c, n2)
    lr = np.asarray(katz.log_ratio, dtype=np.float64).copy()
    se = np.asarray(katz.log_se, dtype=np.float64).copy()
    est, est_se = _floats(df, prefix + "estimate"), _floats(df, prefix + "log_se")
    fallback = ~np.isfinite(lr) & np.isfinite(est) & (est > 0) & np.isfinite(est_se)
    with np.errstate(divide="ignore", invalid="ignore"):
        lr[fallback] = np.log(est[fallback])
    se[fallback] = est_se[fallback]
    return lr, se


def _share_inputs(df: pd.DataFrame) -> DifferenceChange:
    """Indicator 1: Newcombe from the counts, else square-and-add on the rows' Wilson limits (identical)."""
    by_counts = share_change(_floats(df, "a"), _floats(df, "n1"), _floats(df, "prev_a"), _floats(df, "prev_n1"))
    by_limits = gap_change(
        *(_floats(df, k) for k in ("estimate", "ci95_low", "ci95_high")),
        *(_floats(df, k) for k in ("prev_estimate", "prev_ci95_low", "prev_ci95_high")),
    )
    use = np.isfinite(by_counts.change)
    return DifferenceChange(
        *(np.where(use, x, y) for x, y in zip(by_counts, by_limits, strict=True)),
    )


def _is_none(values: ObjectArray) -> BoolArray:
    return np.array([v is None for v in values], dtype=np.bool_)


def _column_text(df: pd.DataFrame, col: str) -> ObjectArray:
    return _text(df[col]) if col in df else np.full(len(df), None, dtype=object)


def _reasons(df: pd.DataFrame, matched: BoolArray, breaks: BoolArray) -> ObjectArray:
    """Why a row's change cannot be calculated (None where it can), in :data:`REASONS` precedence."""

    def side(prefix: str) -> tuple[BoolArray, BoolArray]:
        reason = _column_text(df, prefix + "reason")
        status = _column_text(df, prefix + "status")
        est = _floats(df, prefix + "estimate")
        not_computed = ~_is_none(reason) | ~np.isfinite(est)
        # a disclosure step may blank an estimate without a reason: a computed status with no estimate
        blanked = ~_is_none(status) & (status != "not_computed") & ~np.isfinite(est)
        return (reason == "suppressed") | blanked, not_computed

    this_suppressed, this_nc = side("")
    prev_suppressed, prev_nc = side("prev_")
    rules = [
        (this_suppressed, "suppressed"),
        (this_nc, "not_computed_this_year"),
        (breaks, "series_break"),
        (~matched, "no_comparison_row"),
        (prev_suppressed, "suppressed"),
        (prev_nc, "not_computed_previous_year"),
    ]
    reason = np.full(len(df), None, dtype=object)
    unset = np.ones(len(df), dtype=np.bool_)
    for mask, code in rules:
        hit = mask & unset
        reason[hit] = code
        unset &= ~hit
    return reason


def year_on_year(
    results: pd.DataFrame,
    year: int,
    previous: int | None = None,
    *,
    level: float = 0.95,
    series_breaks: Mapping[str, int] = SERIES_BREAKS,
) -> pd.DataFrame:
    """Change since ``previous`` (default ``year − 1``) of every result row of ``year`` (methods.md §5).

    ``results`` is a result frame (:data:`wres.indicators.RESULT_COLUMNS`) holding both years. Rows are matched
    on :data:`CHANGE_KEY` (indicators 5–8 match across their ``microdata`` / ``published`` variants); indicator
    3's rolling rows are compared with the non-overlapping window (:func:`comparison_year`). Returns one row per
    result row of ``year``, in its order, with :data:`CHANGE_COLUMNS`: the change (ratio of ratios for 2–4,
    points for 1, 5–8 and 9), its interval at ``level``, z and p (ratios: the z-test; differences: from the
    interval, :func:`p_from_interval`; indicator 9: none), ``tested``, ``significant``, ``better_when``, the
    reading (``label``, :data:`LABELS`) and a ``reason`` (:data:`REASONS`) when it could not be calculated.
    The reading is ``no significant change`` unless the interval excludes "no change". ``level`` (default 0.95)
    sets the ratio and share intervals; survey gaps always use the rows' own 95% limits (the columns keep their
    ``ci95`` names).
    """
    year = int(year)
    prev_year = year - 1 if previous is None else int(previous)
    if prev_year >= year:
        raise ValueError(f"the comparison year ({prev_year}) must come before {year}")
    missing = [c for c in (*CHANGE_KEY, "year", "estimate") if c not in results]
    if missing:
        raise ValueError(f"results lack column(s) {', '.join(missing)}")
    frame = results.copy()
    frame["year"] = pd.to_numeric(frame["year"]).astype("int64")
    frame["_series"] = frame["variant"].astype(object)
    survey = frame["indicator"].astype(str).isin(GAP_INDICATORS) & frame["variant"].isin(SURVEY_VARIANTS)
    frame.loc[survey, "_series"] = "survey"
    match_key = [c if c != "variant" else "_series" for c in CHANGE_KEY]
    now = frame[frame["year"] == year].copy()
    if now.empty:
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    dupes = now.duplicated(match_key)
    if dupes.any():
        raise ValueError(f"{int(dupes.sum())} result rows of {year} share their identifying columns")
    indicators = now["indicator"].astype(str).to_numpy()
    variants = now["variant"].astype(str).to_numpy()
    now["_cmp_year"] = [comparison_year(i, v, year, prev_year) for i, v in zip(indicators, variants, strict=True)]
    before = frame[frame["year"].isin(set(now["_cmp_year"]))].drop_duplicates([*match_key, "year"])
    keep = [c for c in before.columns if c not in match_key]
    before = before[[*match_key, *keep]].rename(columns={c: f"prev_{c}" for c in keep})
    before = before.rename(columns={"prev_year": "_cmp_year"})
    df = now.merge(before, on=[*match_key, "_cmp_year"], how="left", indicator="_merge")
    matched = (df["_merge"] == "both").to_numpy()
    n = len(df)

    cmp_years = df["_cmp_year"].to_numpy(dtype=np.int64)
    breaks = np.array(
        [crosses_series_break(i, year, int(c), series_breaks) for i, c in zip(indicators, cmp_years, strict=True)],
        dtype=np.bool_,
    )
    reason = _reasons(df, matched, breaks)
    usable = np.array([r is None for r in reason], dtype=np.bool_)
    est, prev_est = _floats(df, "estimate"), _floats(df, "prev_estimate")

    change = np.full(n, np.nan)
    low = np.full(n, np.nan)
    high = np.full(n, np.nan)
    z = np.full(n, np.nan)
    p = np.full(n, np.nan)
    label = np.full(n, NOT_CALCULATED, dtype=object)
    change_type = np.full(n, "difference_points", dtype=object)
    method = np.full(n, None, dtype=object)
    tested = np.zeros(n, dtype=np.bool_)
    direction = np.array(
        [
            better_when(i, str(g), str(b), str(s))
            for i, g, b, s in zip(indicators, df["group_a"], df["breakdown"], df["stratum"], strict=True)
        ],
        dtype=object,
    )

    ratio = np.isin(indicators, list(RATIO_INDICATORS))
    gap = np.isin(indicators, list(GAP_INDICATORS))
    share = indicators == "1"
    board = indicators == "9"
    change_type[ratio] = "ratio_of_ratios"

    if ratio.any():
        sub = df[ratio]
        lr, se = _log_inputs(sub, "")
        plr, pse = _log_inputs(sub, "prev_")
        rc = ratio_change(lr, se, plr, pse, level)
        sig = (rc.low > 1.0) | (rc.high < 1.0)
        lab = parity_reading(lr, plr, sig)
        ok = usable[ratio] & np.isfinite(rc.ratio_of_ratios)
        change[ratio] = np.where(ok, rc.ratio_of_ratios, np.nan)
        low[ratio] = np.where(ok, rc.low, np.nan)
        high[ratio] = np.where(ok, rc.high, np.nan)
        z[ratio] = np.where(ok, rc.z, np.nan)
        p[ratio] = np.where(ok, rc.p_value, np.nan)
        label[ratio] = np.where(ok, lab, NOT_CALCULATED)
        method[ratio] = "log-ratio-z-katz"
        tested[ratio] = ok

    for mask, kind in ((gap, "gap"), (share, "share")):
        if not mask.any():
            continue
        sub = df[mask]
        if kind == "gap":
            dc = gap_change(
                *(_floats(sub, k) for k in ("estimate", "ci95_low", "ci95_high")),
                *(_floats(sub, k) for k in ("prev_estimate", "prev_ci95_low", "prev_ci95_high")),
            )
            method[mask] = "newcombe-square-and-add"
        else:
            dc = DifferenceChange(*(100.0 * v for v in _share_inputs(sub)))
            method[mask] = "newcombe-hybrid-score"
        ok = usable[mask] & np.isfinite(dc.change) & np.isfinite(dc.low) & np.isfinite(dc.high)
        sig = (dc.low > 0.0) | (dc.high < 0.0)
        lab = difference_reading(dc.change, sig, list(direction[mask]))
        change[mask] = np.where(ok, dc.change, np.nan)
        low[mask] = np.where(ok, dc.low, np.nan)
        high[mask] = np.where(ok, dc.high, np.nan)
        pv = p_from_interval(dc.change, dc.low, dc.high, 0.0, level)
        p[mask] = np.where(ok, pv, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            z[mask] = np.where(ok, np.sign(dc.change) * stats.norm.isf(pv / 2.0), np.nan)
        label[mask] = np.where(ok, lab, NOT_CALCULATED)
        tested[mask] = ok

    if board.any():
        delta = est[board] - prev_est[board]
        ok = usable[board] & np.isfinite(delta)
        moved = np.abs(np.nan_to_num(delta)) > 1e-9
        lab = difference_reading(delta, moved, list(direction[board]))
        lab = np.where(lab == NO_SIGNIFICANT_CHANGE, NO_CHANGE, lab)
        change[board] = np.where(ok, delta, np.nan)
        label[board] = np.where(ok, lab, NOT_CALCULATED)
        method[board] = "descriptive"

    calculated = label != NOT_CALCULATED
    reason[~calculated & _is_none(reason)] = "not_estimable"
    reason[calculated] = None
    significant = tested & ((ratio & ((low > 1.0) | (high < 1.0))) | (~ratio & ((low > 0.0) | (high < 0.0))))

    out = pd.DataFrame(
        {
            **{k: df[k].to_numpy() for k in CHANGE_KEY},
            "headline": df["headline"].fillna(False).astype(bool).to_numpy()
            if "headline" in df
            else np.zeros(n, dtype=np.bool_),
            "year": np.full(n, year, dtype=np.int64),
            "previous_year": cmp_years,
            "estimate_type": df["estimate_type"].to_numpy() if "estimate_type" in df else None,
            "estimate": est,
            "previous_estimate": np.where(matched, prev_est, np.nan),
            "change": change,
            "change_type": change_type,
            "change_ci95_low": low,
            "change_ci95_high": high,
            "z": z,
            "p_value": p,
            "tested": tested,
            "significant": significant,
            "better_when": direction,
            "label": label,
            "reason": reason.astype(object),
            "method": method,
        }
    )
    for col in ("reason", "better_when", "method"):
        values = out[col].astype(object)
        out[col] = values.where(values.notna(), None)
    out.index = now.index
    return out[CHANGE_COLUMNS]
