"""Model Employer aspirational targets: per-band trajectories to the organisation's BME share (wres-domain.md §7.2).

*A Model Employer* (NHS England, January 2019) asks each organisation to set targets for BME representation in its
senior bands. The project's documented reading (§7.2): by the target year ``T`` the BME share of each band ``b``
matches the organisation's overall BME share ``S``, along a straight line from the band's share ``s0(b)`` at the
baseline year ``y0``:

* ``target_share(b, y) = s0(b) + (S − s0(b)) × (y − y0) / (T − y0)`` for ``y0 ≤ y ≤ T``, and ``S`` after ``T``;
* ``target_headcount(b, y) = ceil(target_share(b, y) × headcount(b, y))``; gap = target − actual BME headcount;
* required net BME gain per year (for ``Y < T``): ``ceil((S × headcount(b, Y) − BME(b, Y)) / (T − Y))``, floored
  at 0.

Shares are indicator 1's (§5.1): BME headcount over everyone in the band, Unknown included. Every share here is a
ratio of counts held exactly (:class:`fractions.Fraction`), so a ceiling is never pushed over a whole number by
rounding error (0.14 × 50 is 7, not 7.000000000000001).

Rules this module adds (ADR 0016): an organisation with no 31 March snapshot for ``y0`` starts from its first
snapshot after ``y0`` (that year becomes the trajectory's start, and the output says so); ``reference = "latest"``
means the overall share at the latest snapshot on or before the year issued or judged; a trajectory is judged as
issued (:mod:`wres.store.issued_targets`) when one was issued on or before the year judged, else computed and
labelled "not issued".

Everything here is a pure function over counts: the counts come from indicator 1's result rows
(:func:`counts_from_results`), internal or as the public tier publishes them, so public shares come from the
protected counts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import pandas as pd

from wres.config import MODEL_EMPLOYER_SENIOR, ModelEmployerOptions
from wres.errors import WresError

SENIOR = MODEL_EMPLOYER_SENIOR
"""The combined band "8a and above": AfC 8a–9 and VSM, the sum of indicator 1's clusters 8a–8b and 8c–VSM."""
SENIOR_CLUSTERS = ("8a-8b", "8c-VSM")
OVERALL = "overall"
"""The key of the whole in-scope workforce in a counts table (the reference share's base)."""

STATUSES: Mapping[str, str] = {
    "on_or_above_target": "on or above target",
    "below_target": "below target",
    "target_year_passed": "target year passed, below target",
    "no_staff": "no staff in the band",
    "no_target": "no target",
    "not_published": "counts not published (public tier)",
    "no_snapshot": "no 31 March snapshot",
}
"""Status code → the words the outputs use."""

NOT_ISSUED = "not issued"


@dataclass(frozen=True)
class Counts:
    """BME headcount and headcount (everyone, Unknown included) of a band or the workforce at one 31 March snapshot;
    ``None`` where the public tier suppresses the count."""

    bme: int | None
    headcount: int | None

    @property
    def known(self) -> bool:
        return self.bme is not None and self.headcount is not None

    @property
    def share(self) -> Fraction | None:
        """``bme / headcount`` exactly; ``None`` when a count is suppressed or the band is empty."""
        if self.bme is None or self.headcount is None or self.headcount == 0:
            return None
        return Fraction(self.bme, self.headcount)


CountsTable = Mapping[int, Mapping[str, Counts]]
"""WRES year → band key (band code, :data:`SENIOR` or :data:`OVERALL`) → counts at that year's 31 March."""


# --- the formulas of wres-domain.md §7.2 -------------------------------------------------------------------------


def target_share(s0: Fraction, reference: Fraction, y0: int, target_year: int, year: int) -> Fraction:
    """``s0 + (S − s0) × (y − y0) / (T − y0)`` for ``y0 ≤ y ≤ T``; ``S`` after ``T`` (wres-domain.md §7.2).

    A year before ``y0`` has no target (ValueError). When ``T ≤ y0`` (a first available year at or after the target
    year) the target is ``S`` from the start."""
    if year < y0:
        raise ValueError(f"year {year} is before the trajectory's baseline year {y0}")
    if year >= target_year:
        return Fraction(reference)
    return Fraction(s0) + (Fraction(reference) - Fraction(s0)) * Fraction(year - y0, target_year - y0)


def ceil_fraction(value: Fraction) -> int:
    """The smallest whole number at least ``value``, exactly."""
    return -((-value.numerator) // value.denominator)


def target_headcount(share: Fraction, headcount: int) -> int:
    """``ceil(target_share × headcount)`` (wres-domain.md §7.2)."""
    return ceil_fraction(Fraction(share) * headcount)


def required_gain(reference: Fraction, headcount: int, bme: int, target_year: int, year: int) -> int | None:
    """``ceil((S × headcount(b, Y) − BME(b, Y)) / (T − Y))`` floored at 0, for ``Y < T`` (wres-domain.md §7.2);
    ``None`` from the target year on (there is no year left to gain in)."""
    if year >= target_year:
        return None
    return max(0, ceil_fraction((Fraction(reference) * headcount - bme) / (target_year - year)))


# --- trajectories -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueStamp:
    """Which issue a trajectory is: the WRES year it was issued for, its version that year, who and when."""

    issue_year: int
    version: int
    issued_by: str
    issued_at: str


@dataclass(frozen=True)
class BandTrajectory:
    """One band's baseline and its target share for every year from the baseline year to the target year; no
    targets (and a ``reason``) when the band had no staff, or its counts are not published, at the baseline."""

    band: str
    baseline: Counts
    targets: Mapping[int, Fraction]
    reason: str | None = None


@dataclass(frozen=True)
class Trajectory:
    """An organisation's Model Employer trajectory in one tier, as issued (``issued``) or computed (``None``)."""

    org_code: str
    tier: str
    options: ModelEmployerOptions
    baseline_year: int
    """The year the baselines come from: ``options.baseline_year``, or the first year after it with a snapshot."""
    reference_year: int
    reference: Counts
    bands: tuple[BandTrajectory, ...]
    notes: tuple[str, ...] = ()
    issued: IssueStamp | None = None

    @property
    def reference_share(self) -> Fraction | None:
        return self.reference.share

    @property
    def label(self) -> str:
        """``issued for 2024 (version 2)`` or ``not issued``."""
        if self.issued is None:
            return NOT_ISSUED
        return f"issued for {self.issued.issue_year} (version {self.issued.version})"

    def band(self, code: str) -> BandTrajectory | None:
        return next((b for b in self.bands if b.band == code), None)

    def target_for(self, band: BandTrajectory, year: int) -> Fraction | None:
        """The band's target share in ``year``: the stored year's, ``S`` after the target year, none before the
        baseline year or for a band without targets."""
        if not band.targets or year < self.baseline_year:
            return None
        if year in band.targets:
            return band.targets[year]
        if year > max(band.targets):
            return band.targets[max(band.targets)]
        return None


def available_years(table: CountsTable) -> list[int]:
    """The years with a 31 March snapshot (an overall headcount above zero, or suppressed)."""
    return sorted(y for y, bands in table.items() if OVERALL in bands and bands[OVERALL].headcount != 0)


def baseline_year_for(table: CountsTable, options: ModelEmployerOptions, year: int) -> int:
    """``options.baseline_year`` if the organisation has its snapshot, else the first year after it that has one
    (ADR 0016); WresError when ``year`` is before the baseline year or there is no snapshot from it to ``year``."""
    if year < options.baseline_year:
        raise WresError(
            f"WRES year {year} is before the Model Employer baseline year {options.baseline_year} "
            "([model_employer] baseline_year)"
        )
    held = [y for y in available_years(table) if options.baseline_year <= y <= year]
    if not held:
        raise WresError(f"no 31 March staff snapshot from {options.baseline_year} to {year}: no baseline")
    return held[0]


def build_trajectory(
    table: CountsTable, org_code: str, options: ModelEmployerOptions, year: int, tier: str = "internal"
) -> Trajectory:
    """The trajectory as it would be issued for WRES ``year``: baselines at the baseline year (or the first year
    after it with a snapshot), the reference share at ``year`` (``latest``) or at the baseline year, and the target
    share of every band for every year from the baseline year to the target year."""
    if year not in available_years(table):
        raise WresError(f"no 31 March {year} staff snapshot for {org_code}")
    y0 = baseline_year_for(table, options, year)
    notes: list[str] = []
    if y0 != options.baseline_year:
        notes.append(
            f"{org_code} has no 31 March {options.baseline_year} staff snapshot: the baselines are from 31 March {y0}, "
            f"the first available year, and the trajectory runs from {y0}"
        )
    if y0 >= options.target_year:
        notes.append(f"the first available year {y0} is not before the target year {options.target_year}")
    ref_year = year if options.reference == "latest" else y0
    reference = table[ref_year].get(OVERALL, Counts(None, None))
    s = reference.share
    bands: list[BandTrajectory] = []
    for code in options.bands:
        base = table[y0].get(code, Counts(0, 0))
        s0 = base.share
        if s is None:
            reason = f"the overall BME share at 31 March {ref_year} is not available"
        elif base.headcount == 0:
            reason = f"no staff in the band at the baseline (31 March {y0})"
        elif s0 is None:
            reason = f"the band's baseline counts (31 March {y0}) are not published in this tier"
        else:
            reason = None
        targets: dict[int, Fraction] = {}
        if reason is None and s is not None and s0 is not None:
            last = max(options.target_year, y0)
            targets = {y: target_share(s0, s, y0, options.target_year, y) for y in range(y0, last + 1)}
        bands.append(BandTrajectory(code, base, targets, reason))
    return Trajectory(org_code, tier, options, y0, ref_year, reference, tuple(bands), tuple(notes))


# --- judging a year ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BandProgress:
    """One band in one year against its trajectory (wres-domain.md §7.2)."""

    band: str
    year: int
    baseline_year: int
    baseline_share: Fraction | None
    reference_share: Fraction | None
    target_share: Fraction | None
    actual: Counts
    target_heads: int | None
    gap: int | None
    required_gain: int | None
    status: str
    note: str = ""

    @property
    def actual_share(self) -> Fraction | None:
        return self.actual.share

    def record(self) -> dict[str, Any]:
        """A flat, JSON-ready row (shares as fractions of 1, rounded to 6 places)."""

        def num(value: Fraction | None) -> float | None:
            return None if value is None else round(float(value), 6)

        return {
            "band": self.band,
            "year": self.year,
            "baseline_year": self.baseline_year,
            "baseline_share": num(self.baseline_share),
            "reference_share": num(self.reference_share),
            "target_share": num(self.target_share),
            "actual_share": num(self.actual_share),
            "target_heads": self.target_heads,
            "actual_heads": self.actual.bme,
            "headcount": self.actual.headcount,
            "gap": self.gap,
            "required_gain_per_year": self.required_gain,
            "status": self.status,
            "status_text": STATUSES[self.status],
            "note": self.note,
        }


def judge(trajectory: Trajectory, table: CountsTable, year: int) -> list[BandProgress]:
    """Every band of ``trajectory`` in WRES ``year``: target share (as the trajectory holds it), target and actual
    BME heads, the gap, the net gain per year still needed to reach ``S`` by ``T``, and a status."""
    if year not in table:
        raise WresError(f"no 31 March {year} staff snapshot for {trajectory.org_code}")
    t_year = trajectory.options.target_year
    s = trajectory.reference_share
    out: list[BandProgress] = []
    for band in trajectory.bands:
        actual = table[year].get(band.band, Counts(0, 0))
        share = trajectory.target_for(band, year)
        common = BandProgress(
            band=band.band,
            year=year,
            baseline_year=trajectory.baseline_year,
            baseline_share=band.baseline.share,
            reference_share=s,
            target_share=share,
            actual=actual,
            target_heads=None,
            gap=None,
            required_gain=None,
            status="no_target",
        )
        if share is None or s is None:
            reason = band.reason or f"{year} is before the trajectory's baseline year {trajectory.baseline_year}"
            out.append(replace(common, note=reason))
            continue
        if actual.headcount == 0:
            note = f"no staff in the band at 31 March {year}: no target in heads"
            out.append(replace(common, status="no_staff", note=note))
            continue
        if actual.bme is None or actual.headcount is None:
            out.append(replace(common, status="not_published"))
            continue
        heads = target_headcount(share, actual.headcount)
        gap = heads - actual.bme
        gain = required_gain(s, actual.headcount, actual.bme, t_year, year)
        if gap <= 0:
            status = "on_or_above_target"
        elif year > t_year:
            status = "target_year_passed"
        else:
            status = "below_target"
        note = ""
        if year > t_year:
            note = f"the target year {t_year} has passed" + (f": {gap} BME staff short of {_pct(s)}" if gap > 0 else "")
        elif year == t_year:
            note = "the target year"
        out.append(replace(common, target_heads=heads, gap=gap, required_gain=gain, status=status, note=note))
    return out


def judge_years(trajectory: Trajectory, table: CountsTable, years: Sequence[int]) -> list[BandProgress]:
    """:func:`judge` for each of ``years`` that ``table`` holds; a year it does not hold (a future year) gives each
    band's target share only (status ``no_snapshot``). Band by band, years ascending."""
    by_year = {y: {p.band: p for p in judge(trajectory, table, y)} for y in years if y in table}
    out: list[BandProgress] = []
    for band in trajectory.bands:
        for year in sorted(years):
            if year in by_year:
                out.append(by_year[year][band.band])
                continue
            out.append(
                BandProgress(
                    band=band.band,
                    year=year,
                    baseline_year=trajectory.baseline_year,
                    baseline_share=band.baseline.share,
                    reference_share=trajectory.reference_share,
                    target_share=trajectory.target_for(band, year),
                    actual=Counts(None, None),
                    target_heads=None,
                    gap=None,
                    required_gain=None,
                    status="no_snapshot",
                    note=f"no 31 March {year} staff snapshot in the store",
                )
            )
    return out


def _pct(value: Fraction | None) -> str:
    return "–" if value is None else f"{float(value) * 100:.1f}%"


# --- counts from indicator 1 ------------------------------------------------------------------------------------


def counts_from_results(frame: pd.DataFrame, org_code: str) -> dict[int, dict[str, Counts]]:
    """Indicator 1's BME rows (category ``all``, WRES grouping) of ``org_code`` as a :data:`CountsTable`: ``a`` is
    the BME headcount, ``n1`` everyone in the band (Unknown included, §5.1); the overall row is :data:`OVERALL`, and
    :data:`SENIOR` is the sum of the clusters 8a–8b and 8c–VSM (unknown if either is suppressed).

    ``frame`` is the internal result rows (:attr:`wres.indicators.IndicatorResults.frame`) or the public tier's
    (:func:`wres.disclosure.wres_tables.protect_indicator_results`), whose ``a`` and ``n1`` are the published,
    protected counts (NaN where suppressed)."""
    rows = frame[
        (frame["org_code"].astype(str) == org_code)
        & (frame["indicator"].astype(str) == "1")
        & (frame["category"] == "all")
        & (frame["grouping"] == "wres")
        & (frame["group_a"] == "BME")
        & frame["breakdown"].isin(["overall", "band", "cluster"])
    ]
    out: dict[int, dict[str, Counts]] = {}
    for rec in rows.to_dict("records"):
        if rec.get("reason") == "missing_input":
            continue
        year = int(rec["year"])
        key = OVERALL if rec["breakdown"] == "overall" else str(rec["stratum"])
        out.setdefault(year, {})[key] = Counts(_int(rec.get("a")), _int(rec.get("n1")))
    for bands in out.values():
        parts = [bands.get(c, Counts(0, 0)) for c in SENIOR_CLUSTERS]
        bme = None if any(p.bme is None for p in parts) else sum(p.bme or 0 for p in parts)
        heads = None if any(p.headcount is None for p in parts) else sum(p.headcount or 0 for p in parts)
        bands[SENIOR] = Counts(bme, heads)
    return out


def _int(value: Any) -> int | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else round(number)


# --- storing: a trajectory as rows and back ---------------------------------------------------------------------


@dataclass(frozen=True)
class TrajectoryRow:
    """One band and year of a trajectory (``year`` None for a band without targets), as stored."""

    tier: str
    band: str
    year: int | None
    target_num: int | None
    target_den: int | None
    baseline_year: int
    baseline_bme: int | None
    baseline_headcount: int | None
    reference_year: int
    reference_bme: int | None
    reference_headcount: int | None
    reason: str | None = None


def trajectory_rows(trajectory: Trajectory) -> list[TrajectoryRow]:
    """``trajectory`` as the rows :mod:`wres.store.issued_targets` stores."""
    out: list[TrajectoryRow] = []
    ref = trajectory.reference
    for band in trajectory.bands:
        base = band.baseline
        fixed = TrajectoryRow(
            tier=trajectory.tier,
            band=band.band,
            year=None,
            target_num=None,
            target_den=None,
            baseline_year=trajectory.baseline_year,
            baseline_bme=base.bme,
            baseline_headcount=base.headcount,
            reference_year=trajectory.reference_year,
            reference_bme=ref.bme,
            reference_headcount=ref.headcount,
        )
        if not band.targets:
            out.append(replace(fixed, reason=band.reason))
            continue
        for year, share in sorted(band.targets.items()):
            out.append(replace(fixed, year=year, target_num=share.numerator, target_den=share.denominator))
    return out


def trajectory_from_rows(
    org_code: str,
    tier: str,
    options: ModelEmployerOptions,
    rows: Sequence[TrajectoryRow],
    notes: Sequence[str],
    stamp: IssueStamp,
) -> Trajectory:
    """The trajectory ``rows`` store (one tier's), stamped as issued: its target shares as stored, never
    recomputed."""
    mine = [r for r in rows if r.tier == tier]
    if not mine:
        raise WresError(f"the trajectory issued for {org_code} in {stamp.issue_year} holds no {tier} tier")
    first = mine[0]
    bands: list[BandTrajectory] = []
    for code in dict.fromkeys(r.band for r in mine):
        band_rows = [r for r in mine if r.band == code]
        targets = {
            r.year: Fraction(r.target_num, r.target_den)
            for r in band_rows
            if r.year is not None and r.target_num is not None and r.target_den
        }
        reason = next((r.reason for r in band_rows if r.reason), None)
        base = Counts(band_rows[0].baseline_bme, band_rows[0].baseline_headcount)
        bands.append(BandTrajectory(code, base, targets, reason))
    reference = Counts(first.reference_bme, first.reference_headcount)
    return Trajectory(
        org_code, tier, options, first.baseline_year, first.reference_year, reference, tuple(bands), tuple(notes), stamp
    )
