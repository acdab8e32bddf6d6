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

import pandas as pd

from wres.config import WresConfig
from wres.errors import WresError
from wres.indicators.counts import COUNT_COLUMNS, COUNT_KEY
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
    # an organisation's key is incomplete if any of its values for the key is missing
    frame["_incomplete"] = (
        frame["value"]
        .isna()
        .groupby([frame[c] for c in (*GROUP_KEY, "source_org")], sort=False, dropna=False)
        .transform("any")
    )
    if missing == "exclude":
        has_complete = (
            (~frame["_incomplete"]).groupby([frame[c] for c in GROUP_KEY], sort=False, dropna=False).transform("any")
        )
        frame["_excluded"] = frame["_incomplete"] & has_complete
    else:
        frame["_excluded"] = False
    used = frame[~frame["_excluded"]]
    key = [*COUNT_KEY, "measure"]
    # what remains missing is missing for the whole group (propagate, or no organisation complete)
    grouped = used.assign(_missing=used["value"].isna()).groupby(key, sort=False, dropna=False)
    pooled = grouped["value"].sum(min_count=1).where(~grouped["_missing"].any())
    pooled_counts = pooled.reset_index()[COUNT_COLUMNS]
    coverage = _coverage(frame)
    return pooled_counts, coverage


def _coverage(frame: pd.DataFrame) -> pd.DataFrame:
    per_org = frame.groupby([*GROUP_KEY, "source_org"], sort=True, dropna=False)["_excluded"].any().reset_index()
    pooled = per_org.assign(organisations=~per_org["_excluded"]).groupby(GROUP_KEY, sort=True, dropna=False)
    out = pooled["organisations"].sum().astype(int).reset_index()
    left_out = per_org[per_org["_excluded"]].astype({"source_org": str})
    names = left_out.groupby(GROUP_KEY, sort=True, dropna=False)["source_org"].agg(", ".join).rename("excluded")
    out = out.merge(names.reset_index(), on=GROUP_KEY, how="left")
    out["excluded"] = out["excluded"].fillna("")
    return out


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
