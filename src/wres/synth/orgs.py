"""Synthetic organisations: ODS-style codes, names, regions, trust types, sizes and ethnic profiles."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
from numpy.typing import NDArray

from wres.synth import profiles as pf
from wres.synth.columns import expit, frame, labels, logit, str_series
from wres.synth.config import SynthConfig


@dataclass(frozen=True)
class Orgs:
    """One entry per organisation (arrays indexed by organisation number)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    region: NDArray[np.int64]
    trust_type: NDArray[np.int64]
    size: NDArray[np.float64]
    share_path: NDArray[np.float64]
    """BME share target per (organisation, year index)."""
    growth: NDArray[np.float64]
    leave_factor: NDArray[np.float64]

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def final_share(self) -> NDArray[np.float64]:
        return np.asarray(self.share_path[:, -1])

    def table(self) -> pd.DataFrame:
        return frame(
            {
                "org_code": str_series(pa.array(self.codes, pa.large_string())),
                "org_name": str_series(pa.array(self.names, pa.large_string())),
                "region": str_series(labels(pf.REGIONS, self.region)),
                "trust_type": str_series(labels(pf.TRUST_TYPES, self.trust_type)),
            }
        )


def quotas(weights: tuple[float, ...] | NDArray[np.float64], n: int) -> NDArray[np.int64]:
    """Largest-remainder allocation of ``n`` items over ``weights``."""
    w = np.asarray(weights, dtype=np.float64)
    exact = n * w / w.sum()
    base = np.floor(exact).astype(np.int64)
    rest = n - int(base.sum())
    order = np.argsort(-(exact - base), kind="stable")
    base[order[:rest]] += 1
    return base


def _shift_to(logits: NDArray[np.float64], weights: NDArray[np.float64], target: float) -> NDArray[np.float64]:
    """Add one constant to ``logits`` so the weighted mean of their probabilities is ``target``."""
    lo, hi = -10.0, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if float(np.average(expit(logits + mid), weights=weights)) < target:
            lo = mid
        else:
            hi = mid
    return logits + (lo + hi) / 2


def build_orgs(config: SynthConfig, rng: np.random.Generator) -> Orgs:
    n = config.n_orgs
    regions = pf.PROFILES[config.profile]
    region_w = [pf.REGION_ORG_WEIGHT[r] for r in regions]
    region = np.repeat(np.array(regions, dtype=np.int64), quotas(tuple(region_w), n))
    rng.shuffle(region)
    trust_type = np.repeat(np.arange(len(pf.TRUST_TYPES)), quotas(pf.TRUST_TYPE_ORG_WEIGHT, n))
    if n > 1:
        rng.shuffle(trust_type)
        factor = np.array(pf.TRUST_TYPE_SIZE_FACTOR)[trust_type] * rng.lognormal(0.0, 0.3, n)
        size = np.maximum(config.size * factor / factor.mean(), 300.0)
    else:
        size = np.array([float(config.size)])

    # Ethnic profile: the region's share, varied between organisations, re-centred so each region (and a
    # national run as a whole) hits its target.
    region_share = np.array(pf.REGION_BME_SHARE)
    z = logit(region_share[region]) + (rng.normal(0.0, 0.35, n) if n > 1 else 0.0)
    for r in np.unique(region):
        sel = region == r
        z[sel] = _shift_to(z[sel], size[sel], float(region_share[r]))
    if config.bme_share is not None:
        z = _shift_to(z, size, config.bme_share)
    elif config.profile == "national":
        z = _shift_to(z, size, pf.NATIONAL_BME_SHARE)
    final = expit(z)

    # Rising about a point a year nationally (faster where the share is higher).
    years = len(config.years)
    rise = 0.011 * (final / pf.NATIONAL_BME_SHARE) ** 0.6
    back = np.arange(years - 1, -1, -1, dtype=np.float64)
    share_path = np.maximum(final[:, None] - rise[:, None] * back[None, :], 0.6 * final[:, None])

    growth = np.clip(rng.normal(config.growth_rate, 0.01, n), config.growth_rate - 0.03, config.growth_rate + 0.03)
    leave_factor = rng.lognormal(0.0, 0.12, n)
    codes = tuple(f"SY{i + 1:03d}" for i in range(n))
    names = tuple(f"Synthetic {pf.TRUST_TYPE_NAME[t]} Trust {i + 1:03d}" for i, t in enumerate(trust_type))
    return Orgs(codes, names, region, trust_type, size, share_path, growth, leave_factor)
