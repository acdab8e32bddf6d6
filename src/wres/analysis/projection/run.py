"""The pipeline projection end to end: counts → model → Monte Carlo per scenario → shares, parity years, sentences,
and the public tier's view (methods.md §12; ADR 0017).

Band sets: ``8a and above`` (8a, 8b, 8c, 8d, 9 and VSM together), any band code, or ``all`` (the whole workforce).
The reference share ``S`` defaults to the organisation's overall BME share at the latest snapshot
(:func:`~wres.analysis.projection.estimate.reference_share`, Model Employer's default, wres-domain.md §7.2).

**Public tier.** The projection is built from the counts, but the public tier shows only shares and years: the
counts behind the rates (transitions, hires, reclassifications, with their bases) are withheld, and so is every
band set whose BME or other headcount at the latest snapshot is from 1 to ``disclosure.suppress_max`` people (its
latest share, and a projection resting on it, would reveal a small count; methods.md §11.2's threshold). What is
withheld is stated in :attr:`Projection.withheld`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Final

import numpy as np
import pandas as pd

from wres.analysis.projection.estimate import (
    FlowModel,
    from_counts,
    hire_table,
    reclassification_table,
    reference_share,
    transition_table,
)
from wres.analysis.projection.monte_carlo import bme_share, has_shortlisting, simulate
from wres.analysis.projection.parity import Parity, parity_years, summarise
from wres.analysis.projection.scenarios import Scenario
from wres.config import WresConfig
from wres.errors import UsageError, WresError
from wres.indicators.flows import flow_counts
from wres.indicators.source import Source
from wres.vocab.bands import BAND_CODES

SENIOR = "8a and above"
SENIOR_BANDS: tuple[str, ...] = ("8a", "8b", "8c", "8d", "9", "VSM")
ALL = "all"
DEFAULT_BANDS: tuple[str, ...] = (SENIOR, *SENIOR_BANDS)
TIERS = ("public", "internal")
SHARE_COLUMNS = ["scenario", "band", "year", "median", "low", "high"]
DISTRIBUTION_COLUMNS = ["scenario", "band", "year", "share_of_runs"]
PARITY_COLUMNS = [
    "scenario",
    "band",
    "reference_share",
    "parity_year",
    "parity_low",
    "parity_high",
    "target_year",
    "p_parity_by_target",
    "already",
    "reading",
]


def band_set(name: str) -> tuple[str, tuple[str, ...] | None]:
    """The canonical name and bands of a ``--band`` value (None: every band, for ``all``)."""
    text = " ".join(name.strip().split())
    if text.lower() in ("8a and above", "8a+", "8a-and-above", "senior"):
        return SENIOR, SENIOR_BANDS
    if text.lower() == ALL:
        return ALL, None
    for code in BAND_CODES:
        if code.lower() == text.lower():
            return code, (code,)
    raise UsageError(f"--band must be a band code (e.g. 8c, VSM), '8a and above' or 'all', not {name!r}")


def band_label(name: str) -> str:
    return "the whole workforce" if name == ALL else f"band {name}"


@dataclass
class Projection:
    """A projection's results for one organisation (module docstring)."""

    org_code: str
    latest_year: int
    pooled_years: tuple[int, ...]
    horizon: int
    runs: int
    seed: int
    grouping: str
    reference: float
    reference_given: bool
    target_year: int
    scenarios: tuple[Scenario, ...]
    bands: tuple[str, ...]
    shares: pd.DataFrame
    parity: pd.DataFrame
    parity_distribution: pd.DataFrame
    """The parity year's distribution across runs: the share of runs first reaching the reference in each year."""
    sentences: dict[str, str]
    transitions: pd.DataFrame
    hires: pd.DataFrame
    reclassifications: pd.DataFrame
    headcounts: pd.DataFrame
    """Latest BME and other (White and Unknown) headcount of each band set."""
    tier: str = "internal"
    withheld: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def metadata(self) -> dict[str, object]:
        return {
            "org_code": self.org_code,
            "tier": self.tier,
            "latest_snapshot": f"{self.latest_year}-03-31",
            "pooled_year_pairs": [f"{y - 1}-{y}" for y in self.pooled_years],
            "years": self.horizon,
            "runs": self.runs,
            "seed": self.seed,
            "grouping": self.grouping,
            "reference_share": self.reference,
            "reference": "given" if self.reference_given else "overall BME share at the latest snapshot",
            "target_year": self.target_year,
            "scenarios": [s.name for s in self.scenarios],
            "bands": list(self.bands),
            "withheld": self.withheld,
            "notes": self.notes,
        }


def _sentence(band: str, rows: list[tuple[Scenario, Parity]], reference: float) -> str:
    (base_s, base), *others = rows
    where = f"{band_label(band)}"
    lead = f"{base_s.label[0].upper()}{base_s.label[1:]} {where}"
    share = f"the workforce share ({100 * reference:.1f}%)"
    if base.already:
        text = f"{lead} is already at or above {share}"
    elif base.median is None:
        text = f"{lead} does not reach {share} {base.short().removeprefix('not ')}"
    else:
        text = f"{lead} reaches {share} in {base.text()}"
    parts = [text] + [f"{s.label}, {p.short()}" for s, p in others]
    if not np.isfinite(base.p_by_target):
        return "; ".join(parts) + "."
    chances = "; ".join(f"{100 * p.p_by_target:.0f}% {s.label}" for s, p in rows)
    return "; ".join(parts) + f". Chance of reaching it by {base.target_year}: {chances}."


def _parity_frame(rows: list[list[object]]) -> pd.DataFrame:
    """The parity rows, the years as nullable integers (missing: not within the horizon)."""
    frame = pd.DataFrame(rows, columns=PARITY_COLUMNS)
    for col in ("parity_year", "parity_low", "parity_high"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _distribution_frame(rows: list[list[object]]) -> pd.DataFrame:
    """Share of runs reaching parity first in each year (``year`` missing: not within the horizon)."""
    frame = pd.DataFrame(rows, columns=DISTRIBUTION_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def project(
    src: Source,
    org: str,
    config: WresConfig,
    *,
    scenarios: Sequence[Scenario] = (Scenario(),),
    years: int = 10,
    runs: int = 1000,
    seed: int = 20261207,
    bands: Sequence[str] = DEFAULT_BANDS,
    grouping: str = "wres",
    pool: int = 3,
    target_year: int = 2028,
    reference: float | None = None,
    growth: float | None = None,
    latest: int | None = None,
) -> Projection:
    """Estimate ``org``'s flow model from its snapshots and project every scenario (the baseline always first)."""
    if not 1 <= years <= 50:
        raise UsageError("--years must be between 1 and 50")
    if not 10 <= runs <= 100_000:
        raise UsageError("--runs must be between 10 and 100,000")
    if reference is not None and not 0.0 < reference <= 1.0:
        raise UsageError("--reference must be a share between 0 and 1, e.g. 0.21")
    model = from_counts(flow_counts(src, org, config, grouping=grouping, pool=pool, latest=latest))
    return project_model(
        model,
        scenarios=scenarios,
        years=years,
        runs=runs,
        seed=seed,
        bands=bands,
        target_year=target_year,
        reference=reference,
        growth=growth,
        grouping=grouping,
    )


def project_model(
    model: FlowModel,
    *,
    scenarios: Sequence[Scenario] = (Scenario(),),
    years: int = 10,
    runs: int = 1000,
    seed: int = 20261207,
    bands: Sequence[str] = DEFAULT_BANDS,
    target_year: int = 2028,
    reference: float | None = None,
    growth: float | None = None,
    grouping: str = "wres",
) -> Projection:
    """:func:`project` on an estimated model."""
    chosen = [Scenario()] + [s for s in scenarios if s != Scenario()]
    if any(s.kind == "equal-appointment" for s in chosen) and not has_shortlisting(model):
        raise WresError(
            f"equal appointment needs shortlisting data (the recruitment table) for {model.org_code} in WRES years "
            f"{model.years[0]}–{model.years[-1]}: none is in the store"
        )
    ref = reference_share(model) if reference is None else reference
    if not np.isfinite(ref):
        raise WresError(f"no staff at the latest snapshot of {model.org_code}")
    sets = list(dict.fromkeys(band_set(b) for b in bands))  # each band set once, in the order asked
    present = [(name, tuple(b for b in bs if b in model.bands) if bs else model.bands) for name, bs in sets]
    present = [(name, bs) for name, bs in present if bs]
    missing = [name for name, bs in sets if name not in {n for n, _ in present}]
    notes = [f"{band_label(m)}: nobody in it in the window, not projected" for m in missing]
    first = model.latest_year
    share_rows: list[list[object]] = []
    parity_rows: list[list[object]] = []
    spread_rows: list[list[object]] = []
    per_band: dict[str, list[tuple[Scenario, Parity]]] = {name: [] for name, _ in present}
    for scen in chosen:
        path = simulate(model, scen, years=years, runs=runs, seed=seed, growth=growth)
        for name, bs in present:
            shares = bme_share(model, path, bs)
            with np.errstate(all="ignore"):
                qs = np.nanquantile(shares, [0.5, 0.025, 0.975], axis=0)
            for t in range(years + 1):
                share_rows.append([scen.name, name, first + t, *(float(v) for v in qs[:, t])])
            filled = np.nan_to_num(shares, nan=-1.0)
            par = summarise(filled, ref, first, target_year)
            when = parity_years(filled, ref, first)
            for y in [*range(first, first + years + 1), None]:
                hit = np.isinf(when) if y is None else when == y
                if hit.any():
                    spread_rows.append([scen.name, name, y, float(hit.mean())])
            per_band[name].append((scen, par))
            parity_rows.append(
                [
                    scen.name,
                    name,
                    ref,
                    par.median,
                    par.low,
                    par.high,
                    target_year,
                    par.p_by_target,
                    par.already,
                    par.text(),
                ]
            )
    heads = []
    for name, bs in present:
        idx = [model.bands.index(b) for b in bs]
        sub = model.stock[:, idx].sum(axis=1)
        heads.append({"band": name, "bme": int(sub[model.bme].sum()), "other": int(sub[~model.bme].sum())})
    return Projection(
        org_code=model.org_code,
        latest_year=model.latest_year,
        pooled_years=model.years,
        horizon=years,
        runs=runs,
        seed=seed,
        grouping=grouping,
        reference=ref,
        reference_given=reference is not None,
        target_year=target_year,
        scenarios=tuple(chosen),
        bands=tuple(name for name, _ in present),
        shares=pd.DataFrame(share_rows, columns=SHARE_COLUMNS),
        parity=_parity_frame(parity_rows),
        parity_distribution=_distribution_frame(spread_rows),
        sentences={name: _sentence(name, rows, ref) for name, rows in per_band.items()},
        transitions=transition_table(model),
        hires=hire_table(model),
        reclassifications=reclassification_table(model),
        headcounts=pd.DataFrame(heads, columns=["band", "bme", "other"]),
        notes=notes,
    )


STARTING_SHARE_WITHHELD: Final = (
    "the projected shares start the year after the latest snapshot: the share at the snapshot itself is indicator 1's, "
    "which the public tier publishes only from counts rounded to 5"
)


def public_view(result: Projection, config: WresConfig) -> Projection:
    """The public tier's projection: shares and years only (module docstring). The shares at the latest snapshot are
    left out: every run starts from the same stock, so they are exact counts' ratios, which with a published
    headcount would give the exact BME count that indicator 1 publishes only rounded (methods.md §11.2 step 3)."""
    small = config.disclosure.suppress_max
    withheld = [
        "the counts behind the rates (transitions, hires, reclassifications and their bases) are withheld in the "
        "public tier: only shares and years are shown",
        STARTING_SHARE_WITHHELD,
    ]
    drop = []
    heads = result.headcounts
    for band, bme, other in zip(heads["band"], heads["bme"], heads["other"], strict=True):
        if 1 <= int(bme) <= small or 1 <= int(other) <= small:
            drop.append(str(band))
            withheld.append(
                f"{band_label(str(band))} withheld: fewer than {small + 1} BME or fewer than {small + 1} other staff "
                f"in it at 31 March {result.latest_year}"
            )
    shares = result.shares
    keep_shares = shares[~shares["band"].isin(drop) & (shares["year"] != result.latest_year)].reset_index(drop=True)
    keep_parity = result.parity[~result.parity["band"].isin(drop)].reset_index(drop=True)
    spread = result.parity_distribution
    keep_spread = spread[~spread["band"].isin(drop)].reset_index(drop=True)
    empty = result.transitions.iloc[0:0]
    return replace(
        result,
        tier="public",
        bands=tuple(b for b in result.bands if b not in drop),
        shares=keep_shares,
        parity=keep_parity,
        parity_distribution=keep_spread,
        sentences={b: s for b, s in result.sentences.items() if b not in drop},
        transitions=empty,
        hires=result.hires.iloc[0:0],
        reclassifications=result.reclassifications.iloc[0:0],
        headcounts=result.headcounts.iloc[0:0],
        withheld=withheld,
    )
