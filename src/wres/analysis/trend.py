"""Multi-year trend of every result series: methods.md §6, read as in wres-domain.md §6.5.

:func:`trend` fits one slope per series (the rows of several WRES years sharing
:data:`~wres.analysis.change.CHANGE_KEY`) and reads it like a year-on-year change:

* ratios, indicators 2–4: :func:`wls_trend` of ``ln RR_t`` (Katz log ratio, zero-corrected) on the year with
  weights ``1/SE_t²``; the slope is also given as an annual % change ``(e^β − 1) × 100``;
* survey gaps, indicators 5–8: :func:`wls_trend` of the adverse gap in points with the Wald variance
  ``p1(1−p1)/n1 + p2(1−p2)/n2`` (× 100²);
* indicator 1 shares: :func:`binomial_trend`, a binomial GLM of the counts on the year (slope on the logit scale,
  odds ratio per year);
* indicator 9: descriptive (the board is a whole population): the ordinary least-squares slope in points per
  year, untested.

Readings (:data:`~wres.analysis.change.LABELS`): the slope's 95% interval excludes 0 → better or worse by the
series' direction (:func:`~wres.analysis.change.better_when`; for ratios towards or away from parity, judged on
the fitted log ratios at the first and last year, ``crossed parity`` if they lie on opposite sides of 1),
else ``no significant change``. Fewer than three usable years → ``could not be calculated`` (reason
``too_few_points``); three or four → ``short_series``. Indicator 3 uses the single-year series only (rolling
values share years; rolling rows read ``could not be calculated``, reason ``rolling_form``). Indicator 7 uses
only the years after its latest series break before the last year (:data:`~wres.analysis.change.SERIES_BREAKS`).
Years whose value was not computed, or whose variance is 0, are left out of the fit.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple

import numpy as np
import pandas as pd
import statsmodels.api as sm
from numpy.typing import ArrayLike, NDArray
from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

from wres.analysis.change import (
    CHANGE_KEY,
    GAP_INDICATORS,
    NO_CHANGE,
    NOT_CALCULATED,
    RATIO_INDICATORS,
    SERIES_BREAKS,
    SURVEY_VARIANTS,
    better_when,
    difference_reading,
    parity_reading,
)
from wres.stats import katz_log_ratio

__all__ = [
    "TREND_COLUMNS",
    "TrendFit",
    "binomial_trend",
    "trend",
    "wls_trend",
]

FloatArray = NDArray[np.float64]

MIN_POINTS: Final = 3
SHORT_SERIES: Final = 4

TREND_COLUMNS: Final[list[str]] = [
    *CHANGE_KEY,
    "first_year",
    "last_year",
    "n_points",
    "short_series",
    "model",
    "slope",
    "slope_ci95_low",
    "slope_ci95_high",
    "p_value",
    "annual_pct_change",
    "scale",
    "tested",
    "significant",
    "better_when",
    "label",
    "reason",
]
"""Columns of :func:`trend`. ``slope`` is per year on the model's scale: log ratio (2–4), points (5–9), log odds
(1); ``annual_pct_change`` is ``(e^β − 1) × 100`` for ratios (odds for indicator 1); ``scale`` is the residual
scale the interval used (1 when the variances are taken as known)."""


class TrendFit(NamedTuple):
    """A fitted slope per year with its interval at the requested level, p-value and the scale used."""

    slope: float
    low: float
    high: float
    p_value: float
    scale: float
    intercept: float


NAN_FIT: Final = TrendFit(np.nan, np.nan, np.nan, np.nan, np.nan, np.nan)


def _design(years: FloatArray) -> tuple[FloatArray, float]:
    centre = float(years.mean())
    design: FloatArray = sm.add_constant(years - centre, has_constant="add")
    return design, centre


def wls_trend(years: ArrayLike, y: ArrayLike, variance: ArrayLike, level: float = 0.95) -> TrendFit:
    """Weighted least-squares slope of ``y`` on the year, weights ``1/variance`` (methods.md §6).

    Library: ``statsmodels.regression.linear_model.WLS(y, add_constant(t), weights=1/v)``. Fitted once with
    ``.fit()`` (residual scale ``s² = Σw·e²/(k−2)``); if ``s² ≤ 1`` it is refitted with
    ``.fit(cov_type="fixed scale")`` (variances known, scale 1, normal reference), otherwise the ordinary fit
    is kept (standard errors inflated by ``s``, t reference). Years are centred, so ``intercept`` is the
    fitted value at the mean year. Fewer than three points, or a non-positive or non-finite variance, give NaN.
    """
    t, yy, v = (np.asarray(a, dtype=np.float64).reshape(-1) for a in (years, y, variance))
    if t.size < MIN_POINTS or not (np.all(np.isfinite(v)) and np.all(v > 0) and np.all(np.isfinite(yy))):
        return NAN_FIT
    design, _ = _design(t)
    model = sm.WLS(yy, design, weights=1.0 / v)
    fit = model.fit()
    scale = float(fit.scale)
    if not np.isfinite(scale) or scale <= 1.0:
        fit = model.fit(cov_type="fixed scale")
        scale = 1.0
    low, high = (float(x) for x in np.asarray(fit.conf_int(alpha=1.0 - level))[1])
    return TrendFit(float(fit.params[1]), low, high, float(fit.pvalues[1]), scale, float(fit.params[0]))


def binomial_trend(years: ArrayLike, x: ArrayLike, n: ArrayLike, level: float = 0.95) -> TrendFit:
    """Slope on the logit scale of a share ``x/n`` over the years: binomial GLM (methods.md §6).

    Library: ``statsmodels.api.GLM(column_stack([x, n − x]), add_constant(t), family=Binomial())`` with the
    Pearson χ² scale ``φ = X²/(k − 2)``, ``X² = Σ (x − nμ)² / (nμ(1 − μ))`` for overdispersion. φ is taken from
    ``results.pearson_chi2 / df_resid`` and passed as ``.fit(scale=φ)``: with a two-column (counts) endog,
    statsmodels 0.15's ``.fit(scale="X2")`` leaves the trials out of its scale estimate (compare
    https://github.com/statsmodels/statsmodels/issues/3612) and returns about ``φ/n``. As for :func:`wls_trend`,
    a scale below 1 is replaced by 1 (project choice: underdispersion never narrows the interval). ``e^slope`` is the
    odds ratio per year. Fewer than three points, any ``n ≤ 0`` or ``x > n``, all shares 0 (or all 1), or a
    perfectly separated series (statsmodels' ``PerfectSeparationWarning``: the slope is not identified) give
    NaN.
    """
    t, xx, nn = (np.asarray(a, dtype=np.float64).reshape(-1) for a in (years, x, n))
    finite = np.all(np.isfinite(xx)) and np.all(np.isfinite(nn))
    if t.size < MIN_POINTS or not finite or np.any(nn <= 0) or np.any(xx < 0) or np.any(xx > nn):
        return NAN_FIT
    if np.all(xx == 0) or np.all(xx == nn):
        return NAN_FIT
    design, _ = _design(t)
    model = sm.GLM(np.column_stack([xx, nn - xx]), design, family=sm.families.Binomial())
    with warnings.catch_warnings():
        warnings.simplefilter("error", PerfectSeparationWarning)  # a slope that is not identified: no fit
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            fit = model.fit(scale=1.0)
            scale = float(fit.pearson_chi2) / float(fit.df_resid)
            if np.isfinite(scale) and scale > 1.0:
                fit = model.fit(scale=scale)
            else:
                scale = 1.0
        except (PerfectSeparationWarning, ValueError, np.linalg.LinAlgError):
            return NAN_FIT
    low, high = (float(v) for v in np.asarray(fit.conf_int(alpha=1.0 - level))[1])
    if not (np.isfinite(low) and np.isfinite(high)):
        return NAN_FIT
    return TrendFit(float(fit.params[1]), low, high, float(fit.pvalues[1]), scale, float(fit.params[0]))


def _ols_slope(years: FloatArray, y: FloatArray) -> tuple[float, float]:
    """Descriptive least-squares slope and the fitted value at the mean year (indicator 9)."""
    design, _ = _design(years)
    fit = sm.OLS(y, design).fit()
    return float(fit.params[1]), float(fit.params[0])


def _floats(df: pd.DataFrame, col: str) -> FloatArray:
    if col not in df:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def _usable(df: pd.DataFrame) -> pd.DataFrame:
    reason = df["reason"] if "reason" in df else pd.Series(None, index=df.index, dtype=object)
    computed = np.array([not (isinstance(r, str) and r != "") for r in reason], dtype=np.bool_)
    return df[computed & np.isfinite(_floats(df, "estimate"))]


def _series_points(df: pd.DataFrame, indicator: str) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Years, values and variances of one series' usable years (variance NaN for indicators 1 and 9)."""
    years = _floats(df, "year")
    if indicator in RATIO_INDICATORS:
        katz = katz_log_ratio(*(_floats(df, k) for k in ("a", "n1", "c", "n2")))
        y = np.asarray(katz.log_ratio, dtype=np.float64)
        v = np.square(np.asarray(katz.log_se, dtype=np.float64))
        est, se = _floats(df, "estimate"), _floats(df, "log_se")
        fallback = ~np.isfinite(y) & (est > 0) & np.isfinite(se)  # counts blanked: the row's own values
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.where(fallback, np.log(est), y)
        v = np.where(fallback, np.square(se), v)
        return years, y, v
    if indicator in GAP_INDICATORS:
        p1, p2 = _floats(df, "rate_a"), _floats(df, "rate_b")
        n1, n2 = _floats(df, "n1"), _floats(df, "n2")
        with np.errstate(divide="ignore", invalid="ignore"):
            v = 1e4 * (p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
        return years, _floats(df, "estimate"), v
    return years, _floats(df, "estimate"), np.full(len(df), np.nan)


def _label_from_fit(indicator: str, direction: str | None, fit: TrendFit, years: FloatArray) -> tuple[str, bool]:
    significant = bool(np.isfinite(fit.low) and (fit.low > 0 or fit.high < 0))
    if not np.isfinite(fit.slope):
        return NOT_CALCULATED, False
    if indicator in RATIO_INDICATORS:
        centre = float(years.mean())
        first = fit.intercept + fit.slope * (years.min() - centre)
        last = fit.intercept + fit.slope * (years.max() - centre)
        return str(parity_reading(last, first, significant)), significant
    return str(difference_reading(fit.slope, significant, direction)), significant


def trend(
    results: pd.DataFrame,
    years: Sequence[int] | None = None,
    *,
    level: float = 0.95,
    series_breaks: Mapping[str, int] = SERIES_BREAKS,
) -> pd.DataFrame:
    """One trend row per series of ``results`` over ``years`` (default: every year present), see the module.

    Returns :data:`TREND_COLUMNS`. Series are matched like :func:`~wres.analysis.change.year_on_year`
    (indicators 5–8 across their ``microdata`` / ``published`` variants); the identifying columns come from the
    series' latest row.
    """
    frame = results.copy()
    frame["year"] = pd.to_numeric(frame["year"]).astype("int64")
    if years is not None:
        frame = frame[frame["year"].isin([int(y) for y in years])]
    if frame.empty:
        return pd.DataFrame(columns=TREND_COLUMNS)
    frame["_series"] = frame["variant"].astype(object)
    survey = frame["indicator"].astype(str).isin(GAP_INDICATORS) & frame["variant"].isin(SURVEY_VARIANTS)
    frame.loc[survey, "_series"] = "survey"
    match_key = [c if c != "variant" else "_series" for c in CHANGE_KEY]
    out: list[dict[str, object]] = []
    for _, series in frame.sort_values("year").groupby(match_key, sort=False, dropna=False):
        latest = series.iloc[-1]
        indicator = str(latest["indicator"])
        record: dict[str, object] = {k: latest[k] for k in CHANGE_KEY}
        direction = better_when(indicator, str(latest["group_a"]), str(latest["breakdown"]), str(latest["stratum"]))
        first_new = series_breaks.get(indicator)
        if first_new is not None and int(latest["year"]) >= first_new:
            series = series[series["year"] >= first_new]
        usable = _usable(series)
        t, y, v = _series_points(usable, indicator)
        ok = np.isfinite(y)
        if indicator in RATIO_INDICATORS or indicator in GAP_INDICATORS:
            ok &= np.isfinite(v) & (v > 0)
        if indicator == "1":
            ok &= np.isfinite(_floats(usable, "a")) & np.isfinite(_floats(usable, "n1"))
        record |= {
            "n_points": int(ok.sum()),
            "first_year": int(t[ok].min()) if ok.any() else None,
            "last_year": int(t[ok].max()) if ok.any() else None,
            "short_series": MIN_POINTS <= int(ok.sum()) <= SHORT_SERIES,
            "better_when": direction,
            "reason": None,
            "annual_pct_change": np.nan,
            "tested": False,
            "significant": False,
        }
        fit = NAN_FIT
        if indicator == "3" and str(latest["variant"]) == "rolling":
            record |= {"model": None, "label": NOT_CALCULATED, "reason": "rolling_form"}
        elif ok.sum() < MIN_POINTS:
            record |= {"model": None, "label": NOT_CALCULATED, "reason": "too_few_points"}
        elif indicator == "9":
            slope, _ = _ols_slope(t[ok], y[ok])
            moved = abs(slope) > 1e-9
            label = str(difference_reading(slope, moved, direction))
            record |= {"model": "ols-descriptive", "label": NO_CHANGE if not moved else label}
            fit = TrendFit(slope, np.nan, np.nan, np.nan, np.nan, np.nan)
        else:
            if indicator == "1":
                fit = binomial_trend(t[ok], _floats(usable, "a")[ok], _floats(usable, "n1")[ok], level)
                model = "glm-binomial-logit"
            else:
                fit = wls_trend(t[ok], y[ok], v[ok], level)
                model = "wls-log-ratio" if indicator in RATIO_INDICATORS else "wls-gap"
            label, significant = _label_from_fit(indicator, direction, fit, t[ok])
            record |= {
                "model": model,
                "label": label,
                "tested": bool(np.isfinite(fit.slope)),
                "significant": significant,
            }
            if indicator in RATIO_INDICATORS or indicator == "1":
                record["annual_pct_change"] = 100.0 * np.expm1(fit.slope)
            if label == NOT_CALCULATED:
                record["reason"] = "not_estimable"
        record |= {
            "slope": fit.slope,
            "slope_ci95_low": fit.low,
            "slope_ci95_high": fit.high,
            "p_value": fit.p_value,
            "scale": fit.scale,
        }
        out.append(record)
    table = pd.DataFrame(out, columns=TREND_COLUMNS)
    for col in ("first_year", "last_year"):
        table[col] = table[col].astype("Int64")
    for col in ("short_series", "tested", "significant"):
        table[col] = table[col].astype(bool)
    for col in ("reason", "better_when", "model"):
        values = table[col].astype(object)
        table[col] = values.where(values.notna(), None)
    return table
