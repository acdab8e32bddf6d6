"""The series a progress chart shows, built from the periodic counts (:mod:`wres.indicators.periodic`).

As methods.md §8.6 says, a chart is worth reading only with enough points, so the series are monthly or quarterly where
records are dated. Each :class:`Series` keeps the **counts** behind every point (``n_*`` columns), and its values
are computed from them by one function, :func:`values_from_counts`, so that the public tier can recompute them
from rounded counts (methods.md §11.2 step 3). The series and their improvement directions (§8.6):

===============================  ====================================================  ===========  =========
key                              value per period                                      direction    SPC rules
===============================  ====================================================  ===========  =========
``appointment_rate``             appointed ÷ shortlisted, per group                    increase     yes
``appointment_ratio``            ln(L_White ÷ L_BME) (indicator 2)                     decrease     yes
``appointment_ratio_rolling``    L_White ÷ L_BME over the last 12 months (4 quarters)  —            no (context)
``disciplinary_rate``            entrants ÷ headcount, per group                       decrease     yes
``disciplinary_ratio``           ln(L_BME ÷ L_White) (indicator 3)                     decrease     yes
``training_rate``                people accessing ÷ headcount, per group               increase     yes
``training_ratio``               ln(L_White ÷ L_BME) (indicator 4)                     decrease     yes
``senior_share``                 share of staff at band 8a and above, per non-White    increase     yes
                                 group (BME for the WRES grouping)
``vsm_share``                    the same at VSM                                       increase     yes
===============================  ====================================================  ===========  =========

Decisions (for the domain owner):

* **Non-overlapping periods** only for SPC; the rolling twelve-month relative likelihood of appointment is a
  context line without rules (§8.6: rolling values are autocorrelated and set off the shift and trend rules).
* **Disciplinary series are always quarterly.** Entries are rare: a month-by-month count is mostly zeros, whose
  moving ranges NHSRplotthedots screens (MR ≥ 3.267·MRbar), collapsing the limits onto the mean so that almost every
  point is "special cause", or leaving none. Any series with at least half its periods without events is also
  marked **sparse** and carries a caution (:data:`SPARSE_CAUTION`).
* A period whose value cannot be computed (no one shortlisted in a group, a rate of zero under a log) is left out
  of the series, not plotted as zero; the summary says how many were left out.
* Ratios use the WRES grouping only (White and BME, as the indicators); rates and shares are given for every group
  of the chosen grouping except Unknown (and, for shares, White).
* The headcount behind a monthly or quarterly rate is that of the latest snapshot on or before the period's end
  (:func:`wres.indicators.periodic.headcount_per_period`); a staff series' point is the latest snapshot in the
  period. Points are dated by the first day of their period.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final

import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.indicators.calendar import snapshot_date
from wres.indicators.periodic import PeriodicCounts, group_periodic, headcount_per_period

__all__ = [
    "KINDS",
    "SPARSE_CAUTION",
    "Series",
    "build_series",
    "period_start",
    "select",
    "since",
    "values_from_counts",
]

KINDS: Final = ("rate", "ln_ratio", "ratio", "share")
"""How a value comes from its counts: ``rate`` ``n_events / n_people``; ``ln_ratio`` and ``ratio``
``(n_events_a / n_people_a) ÷ (n_events_b / n_people_b)`` (logged or not); ``share`` ``n_group / n_total``."""
SPARSE_CAUTION: Final = (
    "Most periods have no events: the limits of a series this sparse are unreliable (moving ranges of zero "
    "collapse them); read any signal with care."
)
ROLLING: Final = {"month": 12, "quarter": 4}
"""Periods in the rolling window of the context series (twelve months)."""

_MEASURE_NAMES: Final = {
    "appointment": "appointment rate from shortlisting",
    "disciplinary": "rate of entry into the formal disciplinary process",
    "training": "rate of access to non-mandatory training",
    "senior_share": "share of staff at band 8a and above",
    "vsm_share": "share of staff at VSM",
}
_RATIO_NAMES: Final = {
    "appointment": "relative likelihood of appointment from shortlisting (White ÷ BME, log scale)",
    "disciplinary": "relative likelihood of entering the formal disciplinary process (BME ÷ White, log scale)",
    "training": "relative likelihood of accessing non-mandatory training (White ÷ BME, log scale)",
}
_DIRECTIONS: Final = {"appointment": "increase", "disciplinary": "decrease", "training": "increase"}
_RATIO_ORDER: Final = {"appointment": ("White", "BME"), "disciplinary": ("BME", "White"), "training": ("White", "BME")}
_EVENTS: Final = {"appointment": "appointed", "disciplinary": "entrants", "training": "accessed"}
_PEOPLE: Final = {"appointment": "shortlisted", "disciplinary": "headcount", "training": "headcount"}


@dataclass(frozen=True)
class Series:
    """One series of one organisation: ``points`` has ``date`` (the period's first day) and the ``n_*`` counts
    behind each point (:data:`KINDS`); :meth:`values` computes the values from them. ``rules`` is False for a
    context line, shown without SPC rules."""

    key: str
    measure: str
    kind: str
    group: str | None
    grouping: str
    org_code: str
    period: str
    label: str
    direction: str
    rules: bool
    points: pd.DataFrame
    left_out: int = 0

    def values(self) -> np.ndarray:
        return values_from_counts(self.kind, self.points)

    @property
    def count_columns(self) -> list[str]:
        return [c for c in self.points.columns if c.startswith("n_")]

    def with_points(self, points: pd.DataFrame) -> Series:
        """The same series over other points (the public tier's rounded counts)."""
        return Series(**{**self.__dict__, "points": points})

    @property
    def sparse(self) -> bool:
        """At least half the periods have no events (rates and ratios; never a share)."""
        events = [c for c in self.count_columns if c.startswith("n_events")]
        if not events or self.points.empty:
            return False
        zero = np.vstack([self.points[c].to_numpy(dtype=float) == 0 for c in events]).any(axis=0)
        return bool(zero.mean() >= 0.5)


def values_from_counts(kind: str, points: pd.DataFrame) -> np.ndarray:
    """Each point's value from its counts (NaN where it cannot be computed: a zero denominator, or a zero rate
    under a logarithm). Divisions are guarded: nothing is infinite."""

    def ratio(num: pd.Series, den: pd.Series) -> np.ndarray:
        n, d = num.to_numpy(dtype=float), den.to_numpy(dtype=float)
        out = np.full(n.shape, np.nan)
        np.divide(n, d, out=out, where=d > 0)
        return out

    if kind == "rate":
        return ratio(points["n_events"], points["n_people"])
    if kind == "share":
        return ratio(points["n_group"], points["n_total"])
    if kind in ("ratio", "ln_ratio"):
        rr = ratio(
            pd.Series(ratio(points["n_events_a"], points["n_people_a"])),
            pd.Series(ratio(points["n_events_b"], points["n_people_b"])),
        )
        if kind == "ratio":
            return rr
        out = np.full(rr.shape, np.nan)
        np.log(rr, out=out, where=rr > 0)
        return out
    raise ValueError(f"unknown series kind {kind!r}")


def _label(measure: str, group: str | None) -> str:
    """The series' name in a sentence: "appointment rate from shortlisting for BME applicants"."""
    if group is None:
        return _RATIO_NAMES[measure]
    if measure in ("senior_share", "vsm_share"):
        return f"{group} {_MEASURE_NAMES[measure]}"
    who = "applicants" if measure == "appointment" else "staff"
    return f"{_MEASURE_NAMES[measure]} for {group} {who}"


def _until(frame: pd.DataFrame, column: str, year: int | None) -> pd.DataFrame:
    return frame if year is None else frame[frame[column] <= pd.Timestamp(snapshot_date(year))]


def _event_table(
    counts: PeriodicCounts, measure: str, grouping: str, config: WresConfig, staff: pd.DataFrame
) -> pd.DataFrame:
    """Events and people per (org, period, group) over every covered period (zeros filled); ``staff``: the staff in
    post rolled up to ``grouping``."""
    keys = ["org_code", "period"]
    periods = getattr(counts, f"{_TABLE[measure]}_periods")
    events = group_periodic(getattr(counts, _TABLE[measure]), grouping, config, keys)
    if measure == "appointment":
        people = events[[*keys, "group", "shortlisted"]].rename(columns={"shortlisted": "n_people"})
        events = events[[*keys, "group", "appointed"]].rename(columns={"appointed": "n_events"})
    else:
        heads = headcount_per_period(staff, periods, counts.period)
        people = heads[[*keys, "group", "headcount"]].rename(columns={"headcount": "n_people"})
        events = events[[*keys, "group", _EVENTS[measure]]].rename(columns={_EVENTS[measure]: "n_events"})
    groups = sorted(set(people["group"]) | set(events["group"]))
    grid = periods.merge(pd.DataFrame({"group": pd.Series(groups, dtype=events["group"].dtype)}), how="cross")
    out = grid.merge(events, on=[*keys, "group"], how="left").merge(people, on=[*keys, "group"], how="left")
    filled: pd.DataFrame = out.fillna({"n_events": 0, "n_people": 0})
    return filled


_TABLE: Final = {"appointment": "recruitment", "disciplinary": "disciplinary", "training": "training"}


def _drop_missing(kind: str, points: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    ok = np.isfinite(values_from_counts(kind, points))
    return points[ok].reset_index(drop=True), int((~ok).sum())


def _event_series(
    table: pd.DataFrame, measure: str, grouping: str, org: str, period: str, rolling: bool
) -> list[Series]:
    out: list[Series] = []
    part = table[table["org_code"] == org].sort_values(["group", "period"], kind="stable")
    by_group = {
        str(g): frame[["period", "n_events", "n_people"]].rename(columns={"period": "date"}).reset_index(drop=True)
        for g, frame in part.groupby("group", sort=True)
    }
    for group in (g for g in by_group if g != "Unknown"):
        pts, left = _drop_missing("rate", by_group[group])
        direction = _DIRECTIONS[measure]
        out.append(
            Series(
                f"{measure}_rate",
                measure,
                "rate",
                group,
                grouping,
                org,
                period,
                _label(measure, group),
                direction,
                True,
                pts,
                left,
            )
        )
    if grouping != "wres" or part.empty:
        return out
    a, b = _RATIO_ORDER[measure]
    if a not in by_group or b not in by_group:
        return out
    # the table is a full grid (every period for every group), so the two groups' points align by date
    both = by_group[a].merge(by_group[b], on="date", how="inner", suffixes=("_a", "_b"))
    pts = both[["date", "n_events_a", "n_people_a", "n_events_b", "n_people_b"]]
    kept, left = _drop_missing("ln_ratio", pts)
    out.append(
        Series(
            f"{measure}_ratio",
            measure,
            "ln_ratio",
            None,
            grouping,
            org,
            period,
            _label(measure, None),
            "decrease",
            True,
            kept,
            left,
        )
    )
    if rolling:
        window = ROLLING[period]
        sums = pts.set_index("date").rolling(window, min_periods=window).sum().dropna().reset_index()
        sums, left = _drop_missing("ratio", sums)
        label = f"relative likelihood of appointment from shortlisting (White ÷ BME), rolling {window} {period}s"
        out.append(
            Series(
                f"{measure}_ratio_rolling",
                measure,
                "ratio",
                None,
                grouping,
                org,
                period,
                label,
                "neutral",
                False,
                sums,
                left,
            )
        )
    return out


def _staff_series(counts: PeriodicCounts, grouping: str, staff: pd.DataFrame, org: str) -> list[Series]:
    staff = staff[staff["org_code"] == org]
    if staff.empty:
        return []
    freq = "M" if counts.period == "month" else "Q"
    staff = staff.assign(date=staff["snapshot_date"].dt.to_period(freq).dt.start_time)
    latest = staff.groupby("date")["snapshot_date"].transform("max")
    staff = staff[staff["snapshot_date"] == latest]
    totals = staff.groupby("date")[["senior", "vsm"]].sum()
    out: list[Series] = []
    shown = ["BME"] if grouping == "wres" else sorted(set(staff["group"]) - {"White", "White British", "Unknown"})
    for measure, column in (("senior_share", "senior"), ("vsm_share", "vsm")):
        for group in shown:
            mine = staff[staff["group"] == group].set_index("date")[column]
            pts = pd.DataFrame({"n_group": mine.reindex(totals.index, fill_value=0), "n_total": totals[column]})
            pts = pts.reset_index().sort_values("date")
            pts, left = _drop_missing("share", pts)
            out.append(
                Series(
                    measure,
                    measure,
                    "share",
                    group,
                    grouping,
                    org,
                    counts.period,
                    _label(measure, group),
                    "increase",
                    True,
                    pts,
                    left,
                )
            )
    return out


def build_series(
    counts: PeriodicCounts,
    org: str,
    config: WresConfig,
    *,
    grouping: str = "wres",
    year: int | None = None,
    disciplinary: PeriodicCounts | None = None,
) -> list[Series]:
    """Every series of organisation ``org`` (module docstring), up to 31 March ``year`` when given.

    ``counts`` are the periodic counts at the run's period; ``disciplinary``, the quarterly counts the disciplinary
    series use (default: ``counts`` when they are quarterly; with monthly ``counts`` and no quarterly counts the
    disciplinary series are left out)."""
    counts = _cut(counts, year)
    quarterly = counts if counts.period == "quarter" else (None if disciplinary is None else _cut(disciplinary, year))
    out: list[Series] = []
    # the roll-up depends on the configuration only through the 5-group rule (wres.indicators.counts.group_lookup)
    grouping_key = (grouping, config.ethnicity.chinese_in_5group)
    staff = _derived(
        counts, ("staff", *grouping_key), lambda: group_periodic(counts.staff, grouping, config, STAFF_KEYS)
    )
    for measure in ("appointment", "training"):
        table = _derived(
            counts, (measure, *grouping_key), partial(_event_table, counts, measure, grouping, config, staff)
        )
        out += _event_series(table, measure, grouping, org, counts.period, rolling=measure == "appointment")
    if quarterly is not None:
        q = quarterly
        q_staff = _derived(q, ("staff", *grouping_key), lambda: group_periodic(q.staff, grouping, config, STAFF_KEYS))
        table = _derived(
            q, ("disciplinary", *grouping_key), lambda: _event_table(q, "disciplinary", grouping, config, q_staff)
        )
        out += _event_series(table, "disciplinary", grouping, org, "quarter", rolling=False)
    out += _staff_series(counts, grouping, staff, org)
    return out


STAFF_KEYS: Final = ["org_code", "snapshot_date"]


def _derived(counts: PeriodicCounts, key: tuple[object, ...], make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """A frame computed from ``counts`` once (kept in ``counts.derived``; callers never change it). ``key`` names
    everything the frame depends on besides the counts."""
    if key not in counts.derived:
        counts.derived[key] = make()
    return counts.derived[key]


def _cut(counts: PeriodicCounts, year: int | None) -> PeriodicCounts:
    if year is None:
        return counts
    return PeriodicCounts(
        period=counts.period,
        recruitment=_until(counts.recruitment, "period", year),
        disciplinary=_until(counts.disciplinary, "period", year),
        training=_until(counts.training, "period", year),
        staff=_until(counts.staff, "snapshot_date", year),
        recruitment_periods=_until(counts.recruitment_periods, "period", year),
        disciplinary_periods=_until(counts.disciplinary_periods, "period", year),
        training_periods=_until(counts.training_periods, "period", year),
    )


def period_start(when: pd.Timestamp | str, period: str) -> pd.Timestamp:
    """The first day of the month (``period`` ``month``) or calendar quarter (``quarter``) that contains ``when``."""
    return pd.Timestamp(when).to_period("M" if period == "month" else "Q").start_time


def since(series: Series, start: pd.Timestamp | str | None) -> Series:
    """``series`` from the period that contains ``start`` on (all of it when ``start`` is None): a chart drawn from
    a chosen month, e.g. the twelve months before a change as its baseline (methods.md §8.4)."""
    if start is None:
        return series
    first = period_start(start, series.period)
    kept = series.points[pd.to_datetime(series.points["date"]) >= first].reset_index(drop=True)
    return series.with_points(kept)


def select(series: Sequence[Series], key: str, group: str | None = None) -> Series:
    """The series with ``key`` (and ``group``); KeyError if there is none."""
    for s in series:
        if s.key == key and s.group == group:
            return s
    raise KeyError((key, group))
