"""The ethnicity pay gap (wres-domain.md §7.1; methods.md §14, §1): mean and median gaps against a reference group,
with bootstrap intervals and the disclosure rate beside each; pay quartiles with Wilson intervals; the band-mix
decomposition; every disaggregated group with at least ``min_group`` people (issue 17, ADR 0018).

Modules, one job each:

* :mod:`~wres.analysis.paygap.groups` — the population rule and the groups compared (reference White or White
  British; WRES, 5- or 9-group);
* :mod:`~wres.analysis.paygap.gaps` — the gap statistics and their bootstrap (``scipy.stats.bootstrap``);
* :mod:`~wres.analysis.paygap.quartiles` — quartiles with the tie rule at the boundaries;
* :mod:`~wres.analysis.paygap.decompose` — band mix and within band (Oaxaca–Blinder with band dummies);
* this module — :func:`pay_gap` over one 31 March snapshot, and :func:`pay_snapshot` reading it from the store.

Everything here is the internal tier (exact); :mod:`wres.disclosure.paygap` makes the public view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from wres.analysis.paygap.decompose import Decomposition, bootstrap_band_mix, decompose
from wres.analysis.paygap.gaps import bootstrap_gap, gap_percent
from wres.analysis.paygap.groups import (
    ALL_BME,
    GROUPINGS,
    POPULATIONS,
    REFERENCES,
    UNKNOWN,
    GroupLabels,
    in_population,
)
from wres.analysis.paygap.quartiles import QuartileCell, quartile_of, quartile_table
from wres.errors import WresError

if TYPE_CHECKING:
    from wres.store import Store

__all__ = [
    "GROUPINGS",
    "NO_MEMBERS",
    "NO_PAY_MESSAGE",
    "OK",
    "PAY_COLUMNS",
    "POPULATIONS",
    "REFERENCES",
    "TOO_FEW",
    "Decomposition",
    "GapRow",
    "NoPayDataError",
    "PayGap",
    "PayGapOptions",
    "QuartileCell",
    "decompose",
    "pay_gap",
    "pay_snapshot",
    "quartile_of",
    "quartile_table",
]

OK: Final = "ok"
TOO_FEW: Final = "too few"
NO_MEMBERS: Final = "no members"
PAY_COLUMNS: Final = ("hourly_pay", "hours", "fte")
SNAPSHOT_COLUMNS: Final = ("ethnic_category", "band", "contract", "bank_only", "hourly_pay")
NO_PAY_MESSAGE: Final = (
    "no pay data: import ESR extracts with hourly pay (columns Hourly Rate, Hourly Pay, Ordinary Hourly Pay, "
    "Basic Hourly Rate or Hourly Rate of Pay; see docs/data-format.md, staff.hourly_pay)"
)


class NoPayDataError(WresError):
    """The snapshot holds no hourly pay (a store loaded before pay columns, or extracts without them)."""


@dataclass(frozen=True)
class PayGapOptions:
    """How the pay gap is computed (defaults: wres-domain.md §7.1, methods.md §14).

    ``n_resamples`` and ``seed`` are the bootstrap's (9999 by default; tests use fewer); ``intervals=False`` skips
    the bootstrap.
    """

    grouping: str = "wres"
    reference: str = "white"
    population: str = "in_post"
    min_group: int = 10
    n_resamples: int = 9999
    confidence_level: float = 0.95
    seed: int = 20250331
    intervals: bool = True

    def __post_init__(self) -> None:
        problems = []
        if self.grouping not in GROUPINGS:
            problems.append(f"grouping must be one of {', '.join(GROUPINGS)}, not {self.grouping!r}")
        if self.reference not in REFERENCES:
            problems.append(f"reference must be one of {', '.join(REFERENCES)}, not {self.reference!r}")
        if self.population not in POPULATIONS:
            problems.append(f"population must be one of {', '.join(POPULATIONS)}, not {self.population!r}")
        if self.min_group < 1:
            problems.append("min_group must be at least 1")
        if self.n_resamples < 1:
            problems.append("n_resamples must be at least 1")
        if not 0.0 < self.confidence_level < 1.0:
            problems.append("confidence_level must lie strictly between 0 and 1")
        if problems:
            raise WresError("invalid pay gap settings: " + "; ".join(problems))


@dataclass(frozen=True)
class GapRow:
    """One group against the reference. ``status``: ``ok``, ``too few`` (fewer than ``min_group`` in the group or
    the reference: no gap reported) or ``no members`` (the public tier adds ``withheld``); gaps and intervals are
    ``None`` unless ``ok``. Counts and the disclosure rate are ``None`` only in the public tier, when suppressed."""

    group: str
    reference: str
    status: str
    reason: str
    n_group: int | None
    n_reference: int | None
    disclosure_rate: float | None
    mean_group: float | None = None
    mean_reference: float | None = None
    median_group: float | None = None
    median_reference: float | None = None
    mean_gap: float | None = None
    mean_gap_low: float | None = None
    mean_gap_high: float | None = None
    median_gap: float | None = None
    median_gap_low: float | None = None
    median_gap_high: float | None = None
    band_mix: float | None = None
    band_mix_low: float | None = None
    band_mix_high: float | None = None
    within_band: float | None = None
    bands_without_reference: tuple[str, ...] = ()

    def record(self) -> dict[str, Any]:
        out = asdict(self)
        out["bands_without_reference"] = "; ".join(self.bands_without_reference)
        return out


@dataclass(frozen=True)
class PayGap:
    """The pay gap of one organisation at one 31 March snapshot."""

    org_code: str
    year: int
    snapshot_date: str
    options: PayGapOptions
    n_in_post: int
    n_population: int
    n_without_pay: int
    reference: str
    partition: tuple[str, ...]
    counts: dict[str, int]
    gaps: tuple[GapRow, ...]
    quartiles: tuple[QuartileCell, ...]
    notes: tuple[str, ...] = field(default=())

    def metadata(self) -> dict[str, Any]:
        return {
            "org_code": self.org_code,
            "year": self.year,
            "snapshot_date": self.snapshot_date,
            "population": self.options.population,
            "grouping": self.options.grouping,
            "reference": self.reference,
            "min_group": self.options.min_group,
            "bootstrap": {
                "method": "percentile",
                "n_resamples": self.options.n_resamples if self.options.intervals else 0,
                "confidence_level": self.options.confidence_level,
                "seed": self.options.seed,
            },
            "n_in_post": self.n_in_post,
            "n_population": self.n_population,
            "n_without_pay": self.n_without_pay,
            "counts": self.counts,
            "notes": list(self.notes),
        }


def pay_snapshot(store: Store, org_code: str, year: int) -> pd.DataFrame:
    """The staff rows of ``org_code`` at 31 March ``year`` with the columns the pay gap reads.

    Raises:
        WresError: no staff snapshot at that date.
        NoPayDataError: the snapshot has no hourly pay at all.
    """
    date = dt.date(year, 3, 31)
    cols = ", ".join(f'"{c}"' for c in SNAPSHOT_COLUMNS)
    frame = store.con.execute(
        f"SELECT {cols} FROM staff WHERE org_code = ? AND snapshot_date = ?", [org_code, date]
    ).df()
    if frame.empty:
        raise WresError(f"no staff snapshot for {org_code} at {date.isoformat()} (WRES year {year})")
    if not pd.to_numeric(frame["hourly_pay"], errors="coerce").notna().any():
        raise NoPayDataError(NO_PAY_MESSAGE)
    return frame


def _row(
    label: str,
    labels: GroupLabels,
    pay: np.ndarray,
    band: np.ndarray,
    options: PayGapOptions,
    rng: np.random.Generator,
) -> GapRow:
    ref = labels.members(labels.reference)
    grp = labels.members(label)
    n_ref, n_grp = int(ref.sum()), int(grp.sum())
    rate = labels.disclosure_rate(label)
    base = GapRow(label, labels.reference, OK, "", n_grp, n_ref, rate)
    if n_grp == 0:
        return _replace(base, status=NO_MEMBERS, reason="no members in this group")
    if n_ref == 0:
        return _replace(base, status=NO_MEMBERS, reason=f"no members in the reference group ({labels.reference})")
    if n_grp < options.min_group or n_ref < options.min_group:
        who = label if n_grp < options.min_group else labels.reference
        return _replace(
            base, status=TOO_FEW, reason=f"too few: fewer than {options.min_group} people in {who} (paygap.min_group)"
        )
    h_ref, h_grp = pay[ref], pay[grp]
    split = decompose(h_ref, band[ref], h_grp, band[grp])
    values: dict[str, Any] = {
        "mean_group": float(h_grp.mean()),
        "mean_reference": float(h_ref.mean()),
        "median_group": float(np.median(h_grp)),
        "median_reference": float(np.median(h_ref)),
        "mean_gap": gap_percent(h_ref, h_grp, "mean"),
        "median_gap": gap_percent(h_ref, h_grp, "median"),
        "band_mix": split.band_mix,
        "within_band": split.within_band,
        "bands_without_reference": split.bands_without_reference,
    }
    if options.intervals:
        kw = {"n_resamples": options.n_resamples, "confidence_level": options.confidence_level, "rng": rng}
        values["mean_gap_low"], values["mean_gap_high"] = bootstrap_gap(h_ref, h_grp, "mean", **kw)  # type: ignore[arg-type]
        values["median_gap_low"], values["median_gap_high"] = bootstrap_gap(h_ref, h_grp, "median", **kw)  # type: ignore[arg-type]
        values["band_mix_low"], values["band_mix_high"] = bootstrap_band_mix(
            h_ref,
            band[ref],
            h_grp,
            band[grp],
            **kw,  # type: ignore[arg-type]
        )
    return _replace(base, **values)


def _replace(row: GapRow, **changes: Any) -> GapRow:
    return replace(row, **changes)


def pay_gap(
    snapshot: pd.DataFrame,
    options: PayGapOptions | None = None,
    *,
    org_code: str = "",
    year: int = 0,
) -> PayGap:
    """The pay gap of one 31 March snapshot (rows as :func:`pay_snapshot` reads them).

    Every compared group (all-BME first) gets a :class:`GapRow`; the quartiles are over the whole population
    (Unknown included), one :class:`QuartileCell` per quartile × group of the partition. The bootstrap draws from
    one generator seeded with ``options.seed``, group by group in order, so the same data give the same intervals.

    Raises:
        NoPayDataError: no row has an hourly pay.
    """
    options = options or PayGapOptions()
    pay_all = pd.to_numeric(snapshot["hourly_pay"], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    if not np.isfinite(pay_all).any():
        raise NoPayDataError(NO_PAY_MESSAGE)
    keep = in_population(snapshot, options.population)
    rows = snapshot[keep].reset_index(drop=True)
    pay = pay_all[keep]
    band = rows["band"].astype("str").to_numpy(dtype=object)
    labels = GroupLabels(rows["ethnic_category"].to_numpy(dtype=object), options.grouping, options.reference)
    rng = np.random.default_rng(options.seed)
    gaps = tuple(_row(label, labels, pay, band, options, rng) for label in labels.compared)
    quartiles = tuple(quartile_table(pay, labels.labels, labels.partition, options.confidence_level))
    counts = {label: int(np.count_nonzero(labels.labels == label)) for label in labels.partition}
    counts[ALL_BME] = int(labels.bme.sum())
    paid = np.isfinite(pay_all) & (pay_all > 0)
    notes = []
    if int((~paid).sum()):
        notes.append(f"{int((~paid).sum()):,} people in post have no hourly pay recorded and are left out")
    unknown = counts.get(UNKNOWN, 0)
    if len(rows) and unknown / len(rows) > 0.10:
        notes.append(f"ethnicity not known for {unknown / len(rows):.0%} of the population: gaps may mislead")
    snapshot_date = dt.date(year, 3, 31).isoformat() if year else ""
    return PayGap(
        org_code=org_code,
        year=year,
        snapshot_date=snapshot_date,
        options=options,
        n_in_post=len(snapshot),
        n_population=len(rows),
        n_without_pay=int((~paid).sum()),
        reference=labels.reference,
        partition=labels.partition,
        counts=counts,
        gaps=gaps,
        quartiles=quartiles,
        notes=tuple(notes),
    )
