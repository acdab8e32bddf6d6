"""Regional, ICS, peer-group and national roll-ups from pooled counts (methods.md §2.7).

A roll-up sums each organisation's counts into its group's (region, ICS, peer group, England) and recomputes every
statistic from the pooled counts with the same results step as an organisation's own figures
(:func:`wres.indicators.results.results_from_counts`, over :mod:`wres.stats`): a pooled ratio is
``Σa/Σn1 ÷ Σc/Σn2``, a pooled share ``Σx/Σn``, a pooled gap ``Σa/Σn1 − Σc/Σn2``, with their Koopman, Wilson or
Newcombe intervals — never an average of the organisations' ratios, which weights a small trust like a large one and
is not the figure for the group's staff.

Input: the long counts table (:data:`wres.indicators.counts.COUNT_COLUMNS`: ``org_code, year, indicator, variant,
category, breakdown, stratum, grouping, group, measure, value``) and a mapping organisation → group code. An
organisation with a missing value for a key (say indicator 3 in a year its disciplinary table does not cover) is left
out of that key's pool, all its measures together, by default (``missing="propagate"``: the group's value is missing
instead); :attr:`RollUp.coverage` says how many organisations each pooled figure sums and which were left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
import pandas as pd

from wres.config import WresConfig
from wres.errors import WresError
from wres.indicators.counts import COUNT_COLUMNS
from wres.indicators.results import GROUP_KEY, results_from_counts

__all__ = ["NATIONAL_CODE", "RollUp", "national_rollup", "pool_counts", "rollup"]

NATIONAL_CODE: Final = "ENG"
"""The group code of a national (England) roll-up."""
LEVELS: Final = ("region", "ics", "peer_group", "national", "group")


@dataclass(frozen=True)
class RollUp:
    """A roll-up: its level, the pooled counts (``org_code`` holds the group code), the result rows recomputed from
    them, and the coverage (the group and key, ``organisations`` pooled and ``excluded``; see :func:`pool_counts`)."""

    level: str
    counts: pd.DataFrame
    results: pd.DataFrame
    coverage: pd.DataFrame


def _as_mapping(mapping: Mapping[str, str] | pd.Series) -> dict[str, str]:
    items = mapping.items()
    return {str(k): str(v) for k, v in items if v is not None and not (isinstance(v, float) and v != v)}


def pool_counts(
    counts: pd.DataFrame,
    mapping: Mapping[str, str] | pd.Series,
    *,
    unmapped: Literal["error", "drop"] = "error",
    missing: Literal["exclude", "propagate"] = "exclude",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The counts summed per group: ``(pooled counts, coverage)``.

    ``mapping``: organisation code → group code (a dict or a Series indexed by organisation). ``unmapped``:
    ``"error"`` (default; a :class:`~wres.errors.WresError` names the organisations with no group) or ``"drop"``.

    ``missing``: what to do with an organisation whose counts for a key (year, indicator, variant, category,
    breakdown, stratum, grouping) have a missing value, e.g. indicator 3 in a year its disciplinary table does not
    cover (wres-domain.md §5.0). ``"exclude"`` (default): the organisation is left out of that key's pool, all its
    measures together (so numerators and denominators always cover the same organisations), and named in the
    coverage; if no organisation of the group has complete counts the pooled values are missing. ``"propagate"``:
    any missing value makes the group's value missing.

    Coverage columns: the group (``org_code``) and the key, ``organisations`` (how many were pooled) and
    ``excluded`` (the organisations left out, comma-separated, or empty).
    """
    missing_columns = [c for c in COUNT_COLUMNS if c not in counts.columns]
    if missing_columns:
        raise WresError(f"counts table: missing column(s) {', '.join(missing_columns)} for a roll-up")
    if unmapped not in ("error", "drop"):
        raise ValueError(f"unmapped must be 'error' or 'drop', got {unmapped!r}")
    if missing not in ("exclude", "propagate"):
        raise ValueError(f"missing must be 'exclude' or 'propagate', got {missing!r}")
    groups = _as_mapping(mapping)
    org = counts["org_code"].astype(str)
    target = org.map(groups)
    lost = sorted(set(org[target.isna()]))
    if lost and unmapped == "error":
        shown = ", ".join(lost[:5]) + (f" and {len(lost) - 5} more" if len(lost) > 5 else "")
        raise WresError(f"roll-up: no group for organisation(s) {shown}; add them to the mapping or drop them")
    keep = target.notna().to_numpy()
    frame = counts.loc[keep, COUNT_COLUMNS].copy()
    frame["source_org"] = org[keep].to_numpy()
    frame["org_code"] = target[keep].to_numpy()
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    # integer ids, factorised once: the group key (org_code = group), organisation within it, and the full key
    gid = frame.groupby(GROUP_KEY, sort=False, dropna=False).ngroup().to_numpy()
    org_codes, org_names = pd.factorize(frame["source_org"])
    _, og = np.unique(gid.astype(np.int64) * len(org_names) + org_codes, return_inverse=True)
    value = frame["value"].to_numpy(dtype=np.float64)
    absent = np.isnan(value)
    # an organisation's key is incomplete if any of its values for the key is missing
    incomplete = (np.bincount(og, weights=absent) > 0)[og]
    if missing == "exclude":
        has_complete = (np.bincount(gid, weights=~incomplete) > 0)[gid]
        excluded = incomplete & has_complete
    else:
        excluded = np.zeros(len(frame), dtype=bool)
    used = ~excluded
    group_codes, _ = pd.factorize(frame["group"])
    measure_codes, _ = pd.factorize(frame["measure"])
    full = (gid.astype(np.int64) * (group_codes.max() + 1) + group_codes) * (measure_codes.max() + 1) + measure_codes
    first, fid = np.unique(full[used], return_index=True, return_inverse=True)[1:]
    # what remains missing is missing for the whole group (propagate, or no organisation complete)
    sums = np.bincount(fid, weights=np.where(absent[used], 0.0, value[used]))
    holes = np.bincount(fid, weights=absent[used]) > 0
    pooled_counts = frame[COUNT_COLUMNS].iloc[np.flatnonzero(used)[first]].reset_index(drop=True)
    pooled_counts["value"] = np.where(holes, np.nan, sums)
    coverage = _coverage(frame, gid, og, excluded)
    return pooled_counts, coverage


def _coverage(frame: pd.DataFrame, gid: np.ndarray, og: np.ndarray, excluded: np.ndarray) -> pd.DataFrame:
    """Per group key: how many organisations were pooled and which were left out."""
    first_of_org = np.unique(og, return_index=True)[1]
    org_gid = gid[first_of_org]
    org_out = np.bincount(og, weights=excluded)[np.arange(len(first_of_org))] > 0
    first_of_key = np.unique(gid, return_index=True)[1]
    out = frame[GROUP_KEY].iloc[first_of_key].reset_index(drop=True)
    out["organisations"] = np.bincount(org_gid, weights=~org_out, minlength=len(first_of_key)).astype(int)
    names = pd.Series(frame["source_org"].to_numpy()[first_of_org][org_out].astype(str), index=org_gid[org_out])
    joined = names.groupby(level=0).agg(", ".join)
    out["excluded"] = pd.Series(joined.reindex(np.arange(len(first_of_key))).fillna("").to_numpy(), dtype=object)
    return out.sort_values(GROUP_KEY, kind="stable", na_position="first").reset_index(drop=True)


def rollup(
    counts: pd.DataFrame,
    mapping: Mapping[str, str] | pd.Series,
    *,
    level: str = "group",
    config: WresConfig | None = None,
    unmapped: Literal["error", "drop"] = "error",
    missing: Literal["exclude", "propagate"] = "exclude",
) -> RollUp:
    """Pool the organisations' counts into their groups and recompute every result row from the pooled counts.

    ``level`` names the roll-up (``region``, ``ics``, ``peer_group``, ``national`` or ``group``); the result rows'
    ``org_code`` is the group code. ``unmapped`` and ``missing`` as for :func:`pool_counts`.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    pooled, coverage = pool_counts(counts, mapping, unmapped=unmapped, missing=missing)
    results = results_from_counts(pooled, config or WresConfig())
    return RollUp(level=level, counts=pooled, results=results, coverage=coverage)


def national_rollup(counts: pd.DataFrame, *, config: WresConfig | None = None, code: str = NATIONAL_CODE) -> RollUp:
    """Every organisation pooled into one national group (``code``, default ``ENG``)."""
    mapping = dict.fromkeys(counts["org_code"].astype(str).unique(), code)
    return rollup(counts, mapping, level="national", config=config)
