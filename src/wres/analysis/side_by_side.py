"""Every organisation side by side for one measure and year (issue 18; methods.md §9–10, §2.7): each organisation's
value with its 95% interval, Better / Similar / Worse against England and against its peer group, its funnel label,
its rank with an uncertainty interval, and roll-ups by region, ICS and type from pooled counts.

Built on :mod:`wres.analysis.funnel` (the funnel, labels, ranks), :mod:`wres.analysis.benchmark` (``compare``,
``compare_results``, polarity) and :mod:`wres.analysis.rollup` (pooled counts, never averages of ratios). Two entry
points, one per kind of input, giving the same two tidy frames (:class:`SideBySide`):

* :func:`proportion_side_by_side` — a single proportion per organisation (``count`` of ``base``), such as a published
  NHS Staff Survey percentage (all staff, not by ethnicity: :func:`wres.ingest.published.read_survey_published`);
  :func:`survey_side_by_side` picks a survey measure and year;
* :func:`results_side_by_side` — a WRES indicator's headline row per organisation from a counts table (stored
  counts, a counts file or counts from records), through :func:`wres.indicators.results.results_from_counts`.

England is the pooled value of the organisations compared (by default NHS trusts only: commissioners and other
non-trusts are never pooled into England or a trust peer group; they are compared with England and with their own
type). A peer group is the pooled value of the organisations sharing the peer key (``type`` by default, or
``region``, ``ics``, ``peer_group``). Filtering to a region or ICS filters the rows shown, never the benchmarks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal

import numpy as np
import pandas as pd

from wres.analysis.benchmark import NOT_COMPARED, compare, compare_results, polarity_of
from wres.analysis.funnel import Funnel, funnel_of_results, funnel_ranks, proportion_funnel
from wres.analysis.rollup import NATIONAL_CODE, national_rollup, pool_counts, rollup
from wres.config import WresConfig
from wres.errors import WresError
from wres.indicators.results import results_from_counts
from wres.stats import wilson_interval
from wres.vocab.organisations import TRUST_TYPES, parse_org_type

__all__ = [
    "ORG_COLUMNS",
    "PEERS",
    "ROLLUP_COLUMNS",
    "SideBySide",
    "proportion_side_by_side",
    "results_side_by_side",
    "survey_side_by_side",
    "with_published_regions",
]

Peer = Literal["type", "region", "ics", "peer_group"]
PEERS: Final = ("type", "region", "ics", "peer_group")
ROLLUP_LEVELS: Final = ("region", "ics", "type")
ORG_COLUMNS: Final = [
    "org_code",
    "org_name",
    "org_type",
    "region",
    "ics",
    "peer",
    "measure",
    "year",
    "numerator",
    "denominator",
    "value",
    "ci95_low",
    "ci95_high",
    "england_value",
    "vs_england",
    "peer_value",
    "vs_peer",
    "funnel_label",
    "rank",
    "rank_low",
    "rank_high",
    "ranked",
    "basis",
]
"""The organisations frame's columns."""
ROLLUP_COLUMNS: Final = [
    "level",
    "group",
    "organisations",
    "excluded",
    "numerator",
    "denominator",
    "value",
    "ci95_low",
    "ci95_high",
    "vs_england",
]
"""The roll-ups frame's columns (numerator / denominator: the pooled counts; for a ratio, group A's a and n1)."""
_REGISTRY_ATTRS: Final = ("org_name", "trust_type", "region", "ics", "peer_group")


@dataclass(frozen=True)
class SideBySide:
    """One measure and year, every organisation side by side.

    ``organisations``: one row per organisation shown (:data:`ORG_COLUMNS`); ``rollups``: one row per region, ICS
    and type (:data:`ROLLUP_COLUMNS`, England first); ``funnel``: the funnel of every organisation compared (its
    points cut to the organisations shown; labels and ranks are national); ``polarity``; ``england``: the pooled
    value; ``measure`` and ``basis`` say what is compared (e.g. "all staff, not by ethnicity")."""

    measure: str
    year: int
    organisations: pd.DataFrame
    rollups: pd.DataFrame
    funnel: Funnel | None
    england: float
    polarity: str | None
    basis: str


def _registry_frame(registry: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    reg = registry.drop_duplicates("org_code", keep="last").set_index("org_code")
    for column in _REGISTRY_ATTRS:
        if column not in reg.columns:
            reg[column] = None
    reg = reg.reindex(codes)
    reg["org_name"] = reg["org_name"].where(reg["org_name"].notna(), pd.Series(codes, index=reg.index))
    # a store loaded from a canonical folder may hold labels ("Mental health"): read them as type codes
    reg["trust_type"] = reg["trust_type"].map(lambda t: (parse_org_type(t) or "other") if isinstance(t, str) else None)
    return reg


def _peer_keys(reg: pd.DataFrame, peer: str) -> pd.Series:
    """Each organisation's peer group: ``type:<type>`` (non-trusts always by their own type), ``region:<name>``,
    ``ics:<name>`` or the registry's ``peer_group`` (falling back to the type)."""
    if peer not in PEERS:
        raise WresError(f"--peer must be one of {', '.join(PEERS)}, not {peer!r}")
    org_type = reg["trust_type"].fillna("other").astype(str)
    by_type = "type:" + org_type
    if peer == "type":
        return by_type
    if peer == "peer_group":
        return ("peer:" + reg["peer_group"].astype(str)).where(reg["peer_group"].notna(), by_type)
    column = reg[peer]
    keys = (f"{peer}:" + column.astype(str)).where(column.notna(), None)
    trusts = org_type.isin(TRUST_TYPES)
    return keys.where(trusts, by_type)  # commissioners and others stay with their own type


def _long_counts(frame: pd.DataFrame, measure: str, year: int) -> pd.DataFrame:
    """A single proportion per organisation as the counts layout :func:`wres.analysis.rollup.pool_counts` sums."""
    n = len(frame)
    base = {
        "org_code": frame["org_code"].astype(str).to_numpy(),
        "year": year,
        "indicator": measure,
        "variant": "published",
        "category": "all",
        "breakdown": "overall",
        "stratum": "all",
        "grouping": "all_staff",
        "group": "all",
    }
    adverse = pd.DataFrame({**base, "measure": "count", "value": frame["numerator"].to_numpy(float)}, index=range(n))
    resp = pd.DataFrame({**base, "measure": "base", "value": frame["denominator"].to_numpy(float)}, index=range(n))
    return pd.concat([adverse, resp], ignore_index=True)


def _pooled_shares(long: pd.DataFrame, mapping: pd.Series) -> pd.DataFrame:
    """Group → organisations, excluded, numerator, denominator, value and Wilson 95% interval, pooled."""
    pooled, coverage = pool_counts(long, mapping, unmapped="drop")
    wide = pooled.pivot_table(index="org_code", columns="measure", values="value", aggfunc="sum")
    x, n = wide["count"].to_numpy(float), wide["base"].to_numpy(float)
    ci = wilson_interval(x, n)
    cov = coverage.set_index("org_code").reindex(wide.index)
    return pd.DataFrame(
        {
            "group": wide.index.astype(str),
            "organisations": cov["organisations"].to_numpy(),
            "excluded": cov["excluded"].to_numpy(),
            "numerator": x,
            "denominator": n,
            "value": x / n,
            "ci95_low": np.asarray(ci.low, dtype=float),
            "ci95_high": np.asarray(ci.high, dtype=float),
        }
    )


def _filtered(
    out: pd.DataFrame, rolled: pd.DataFrame, region: str | None, ics: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The organisations of ``region`` / ``ics`` and the roll-ups that concern them: England, their region(s),
    their ICSs, and every type (national)."""
    shown = np.ones(len(out), dtype=bool)
    if region is not None:
        shown &= (out["region"] == region).to_numpy()
    if ics is not None:
        shown &= (out["ics"] == ics).to_numpy()
    out = out[shown].reset_index(drop=True)
    if region is not None or ics is not None:
        keep = (
            rolled["level"].isin(["england", "type"])
            | ((rolled["level"] == "region") & rolled["group"].isin(set(out["region"].dropna())))
            | ((rolled["level"] == "ics") & rolled["group"].isin(set(out["ics"].dropna())))
        )
        rolled = rolled[keep]
    return out, rolled


def proportion_side_by_side(
    units: pd.DataFrame,
    registry: pd.DataFrame,
    *,
    measure: str,
    year: int,
    polarity: str | None,
    peer: str = "type",
    basis: str = "",
    trusts_only: bool = True,
    region: str | None = None,
    ics: str | None = None,
) -> SideBySide:
    """Every organisation's proportion ``numerator / denominator`` side by side (see the module docstring).

    ``units``: ``org_code, numerator, denominator`` (one row per organisation); ``registry``: ``org_code`` with
    ``org_name, trust_type, region, ics, peer_group`` (missing columns are empty). ``trusts_only``: England, the
    funnel and the ranks cover NHS trusts only (default); others are still shown and judged. ``region`` / ``ics``:
    show only these organisations (benchmarks stay national). Intervals: Wilson 95% (methods §1); funnel: §9.2 with
    overdispersion, centred on England; Better / Similar / Worse: §10, the interval against the benchmark value.
    """
    if units.empty:
        raise WresError(f"{measure} {year}: no organisation has a value")
    if units["org_code"].duplicated().any():
        raise WresError(f"{measure} {year}: more than one row for an organisation")
    codes = units["org_code"].astype(str).tolist()
    reg = _registry_frame(registry, codes)
    x = units["numerator"].to_numpy(float)
    n = units["denominator"].to_numpy(float)
    org_type = reg["trust_type"].fillna("other").astype(str).to_numpy()
    in_pool = np.isin(org_type, list(TRUST_TYPES)) if trusts_only else np.ones(len(codes), dtype=bool)
    if not in_pool.any():
        raise WresError(f"{measure} {year}: no NHS trust to compare with")
    ci = wilson_interval(x, n)
    low, high = np.asarray(ci.low, dtype=float), np.asarray(ci.high, dtype=float)
    england = float(x[in_pool].sum() / n[in_pool].sum())
    long = _long_counts(units.assign(org_code=codes), measure, year)
    peers = _peer_keys(reg, peer)
    peer_pool = peers.where(pd.Series(in_pool, index=peers.index) | ~reg["trust_type"].isin(TRUST_TYPES), None)
    peer_values = _pooled_shares(long, peer_pool.dropna()).set_index("group")["value"]
    peer_value = peers.map(peer_values).to_numpy(dtype=float)
    funnel = proportion_funnel(
        x[in_pool], n[in_pool], units=np.asarray(codes)[in_pool].tolist(), target=england, polarity=polarity
    )
    ranks = funnel_ranks(funnel).set_index("unit")
    points = funnel.points.set_index("unit")
    label_column = "judgement" if "judgement" in points else "label"
    code_index = pd.Index(codes)
    out = pd.DataFrame(
        {
            "org_code": codes,
            "org_name": reg["org_name"].astype(str).to_numpy(),
            "org_type": org_type,
            "region": reg["region"].to_numpy(),
            "ics": reg["ics"].to_numpy(),
            "peer": peers.to_numpy(),
            "measure": measure,
            "year": year,
            "numerator": x,
            "denominator": n,
            "value": x / n,
            "ci95_low": low,
            "ci95_high": high,
            "england_value": england,
            "vs_england": compare(low, high, england, polarity),  # type: ignore[arg-type]
            "peer_value": peer_value,
            "vs_peer": compare(low, high, peer_value, polarity),  # type: ignore[arg-type]
            "funnel_label": points[label_column].reindex(code_index).fillna("not in funnel").to_numpy(),
            "rank": ranks["rank"].reindex(code_index).to_numpy(),
            "rank_low": ranks["rank_low"].reindex(code_index).to_numpy(),
            "rank_high": ranks["rank_high"].reindex(code_index).to_numpy(),
            "ranked": len(ranks),
            "basis": basis,
        }
    )
    rollups = [
        pd.DataFrame(
            {
                "level": "england",
                "group": NATIONAL_CODE,
                "organisations": int(in_pool.sum()),
                "excluded": "",
                "numerator": x[in_pool].sum(),
                "denominator": n[in_pool].sum(),
                "value": england,
                "ci95_low": float(np.asarray(wilson_interval(x[in_pool].sum(), n[in_pool].sum()).low)),
                "ci95_high": float(np.asarray(wilson_interval(x[in_pool].sum(), n[in_pool].sum()).high)),
            },
            index=[0],
        )
    ]
    for level in ROLLUP_LEVELS:
        column = "trust_type" if level == "type" else level
        mapping = reg[column].where(pd.Series(in_pool, index=reg.index), None).dropna().astype(str)
        if mapping.empty:
            continue
        rollups.append(_pooled_shares(long, mapping).assign(level=level))
    rolled = pd.concat(rollups, ignore_index=True)
    rolled["vs_england"] = compare(
        rolled["ci95_low"].to_numpy(float),
        rolled["ci95_high"].to_numpy(float),
        england,
        polarity,  # type: ignore[arg-type]
    )
    rolled.loc[rolled["level"] == "england", "vs_england"] = NOT_COMPARED
    out, rolled = _filtered(out, rolled, region, ics)
    cut = replace(funnel, points=funnel.points[funnel.points["unit"].isin(out["org_code"])].reset_index(drop=True))
    return SideBySide(
        measure=measure,
        year=year,
        organisations=out[ORG_COLUMNS],
        rollups=rolled[ROLLUP_COLUMNS].reset_index(drop=True),
        funnel=cut,
        england=england,
        polarity=polarity,
        basis=basis,
    )


def survey_side_by_side(
    summaries: pd.DataFrame,
    *,
    measure: str,
    year: int,
    peer: str = "type",
    registry: pd.DataFrame | None = None,
    trusts_only: bool = True,
    region: str | None = None,
    ics: str | None = None,
) -> SideBySide:
    """A Staff Survey measure's published results for ``year`` side by side (:func:`proportion_side_by_side`):
    ``summaries`` from :func:`wres.ingest.published.read_survey_published`; the registry defaults to the
    organisations' name, type, region and ICS as the file gives them that year. The figures are **all staff, not by
    ethnicity**; the counts are rebuilt from the published percentage and base."""
    from wres.ingest.published import SURVEY_MEASURES

    if measure not in SURVEY_MEASURES:
        raise WresError(f"unknown survey measure {measure!r}; choose from {', '.join(SURVEY_MEASURES)}")
    rows = summaries[(summaries["measure"] == measure) & (summaries["year"] == int(year))]
    if rows.empty:
        years = sorted({int(y) for y in summaries["year"]})
        raise WresError(f"no {measure} results for {year}; the survey file holds {', '.join(map(str, years))}")
    if registry is None:
        registry = rows.rename(columns={"org_type": "trust_type"})[
            ["org_code", "org_name", "trust_type", "region", "ics"]
        ]
    units = rows.rename(columns={"count": "numerator", "base": "denominator"})[["org_code", "numerator", "denominator"]]
    spec = SURVEY_MEASURES[measure]
    return proportion_side_by_side(
        units.reset_index(drop=True),
        registry,
        measure=measure,
        year=int(year),
        polarity=spec.polarity,
        peer=peer,
        basis="NHS Staff Survey published percentage, all staff (not by ethnicity); count = base × rate / 100",
        trusts_only=trusts_only,
        region=region,
        ics=ics,
    )


def _headline(results: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = results[(results["indicator"].astype(str) == indicator) & results["headline"].astype(bool)]
    if indicator in ("1", "9"):
        rows = rows[rows["group_a"] == "BME"]
    return rows.drop_duplicates("org_code").reset_index(drop=True)


def results_side_by_side(
    counts: pd.DataFrame,
    registry: pd.DataFrame,
    *,
    indicator: str,
    year: int,
    peer: str = "type",
    config: WresConfig | None = None,
    region: str | None = None,
    ics: str | None = None,
) -> SideBySide:
    """A WRES indicator's headline row per organisation from a counts table (docs/counts-format.md layout) side by
    side: each organisation's estimate and 95% interval, Better / Similar / Worse against England's and its peer
    group's pooled row (:func:`wres.analysis.benchmark.compare_results` over :func:`wres.analysis.rollup.rollup`),
    the funnel (ratios: log relative likelihood; shares: proportion) and ranks where methods §9 defines one, and the
    region, ICS and type roll-ups from pooled counts."""
    cfg = config or WresConfig()
    indicator = str(indicator)
    part = counts[(counts["year"].astype(int) == int(year)) & (counts["indicator"].astype(str) == indicator)]
    if part.empty:
        raise WresError(f"no counts for indicator {indicator} in {year}")
    codes = sorted(set(part["org_code"].astype(str)))
    reg = _registry_frame(registry, codes)
    results = results_from_counts(part, cfg)
    head = _headline(results, indicator)
    if head.empty:
        raise WresError(f"indicator {indicator} {year}: no headline rows from these counts")
    national = national_rollup(part, config=cfg)
    peers = _peer_keys(reg, peer)
    peer_roll = rollup(part, peers.dropna(), level="peer_group", config=cfg, unmapped="drop")
    vs_e = compare_results(head, _headline(national.results, indicator))
    vs_p = compare_results(head, _headline(peer_roll.results, indicator), mapping=peers.dropna())
    england = float(_headline(national.results, indicator)["estimate"].iloc[0])
    funnel: Funnel | None = None
    labels = pd.Series(dtype=object)
    ranks = pd.DataFrame(columns=["rank", "rank_low", "rank_high"])
    kind = str(head["estimate_type"].iloc[0])
    if kind in ("ratio", "share"):
        funnel = funnel_of_results(head)
        points = funnel.points.set_index("unit")
        labels = points["judgement" if "judgement" in points else "label"]
        ranks = funnel_ranks(funnel).set_index("unit")
    code_index = pd.Index(head["org_code"].astype(str))
    reg_h = reg.reindex(code_index)
    out = pd.DataFrame(
        {
            "org_code": code_index,
            "org_name": reg_h["org_name"].astype(str).to_numpy(),
            "org_type": reg_h["trust_type"].to_numpy(),
            "region": reg_h["region"].to_numpy(),
            "ics": reg_h["ics"].to_numpy(),
            "peer": peers.reindex(code_index).to_numpy(),
            "measure": f"indicator {indicator}",
            "year": int(year),
            "numerator": head["a"].to_numpy(float),
            "denominator": head["n1"].to_numpy(float),
            "value": head["estimate"].to_numpy(float),
            "ci95_low": head["ci95_low"].to_numpy(float),
            "ci95_high": head["ci95_high"].to_numpy(float),
            "england_value": england,
            "vs_england": vs_e["comparison"].to_numpy(),
            "peer_value": vs_p["benchmark_value"].to_numpy(float),
            "vs_peer": vs_p["comparison"].to_numpy(),
            "funnel_label": labels.reindex(code_index).fillna("no funnel").to_numpy(),
            "rank": ranks["rank"].reindex(code_index).to_numpy(),
            "rank_low": ranks["rank_low"].reindex(code_index).to_numpy(),
            "rank_high": ranks["rank_high"].reindex(code_index).to_numpy(),
            "ranked": len(ranks),
            "basis": "WRES counts",
        }
    )
    rollups = []
    for level in ROLLUP_LEVELS:
        column = "trust_type" if level == "type" else level
        mapping = reg[column].dropna().astype(str)
        if mapping.empty:
            continue
        roll = rollup(part, mapping, level="region" if level == "type" else level, config=cfg, unmapped="drop")
        rows = compare_results(
            _headline(roll.results, indicator),
            _headline(national.results, indicator).assign(org_code="ENG"),
            mapping=dict.fromkeys(mapping.unique(), "ENG"),
        )
        cov = roll.coverage.drop_duplicates("org_code").set_index("org_code")
        rollups.append(
            pd.DataFrame(
                {
                    "level": level,
                    "group": rows["org_code"].astype(str).to_numpy(),
                    "organisations": cov["organisations"].reindex(rows["org_code"]).to_numpy(),
                    "excluded": cov["excluded"].reindex(rows["org_code"]).to_numpy(),
                    "numerator": rows["a"].to_numpy(float),
                    "denominator": rows["n1"].to_numpy(float),
                    "value": rows["estimate"].to_numpy(float),
                    "ci95_low": rows["ci95_low"].to_numpy(float),
                    "ci95_high": rows["ci95_high"].to_numpy(float),
                    "vs_england": rows["comparison"].to_numpy(),
                }
            )
        )
    nat = _headline(national.results, indicator)
    england_row = pd.DataFrame(
        {
            "level": "england",
            "group": NATIONAL_CODE,
            "organisations": len(codes),
            "excluded": "",
            "numerator": nat["a"].to_numpy(float),
            "denominator": nat["n1"].to_numpy(float),
            "value": nat["estimate"].to_numpy(float),
            "ci95_low": nat["ci95_low"].to_numpy(float),
            "ci95_high": nat["ci95_high"].to_numpy(float),
            "vs_england": NOT_COMPARED,
        }
    )
    rolled = pd.concat([england_row, *rollups], ignore_index=True)
    out, rolled = _filtered(out, rolled, region, ics)
    if funnel is not None:
        funnel = replace(
            funnel, points=funnel.points[funnel.points["unit"].isin(out["org_code"])].reset_index(drop=True)
        )
    return SideBySide(
        measure=f"indicator {indicator}",
        year=int(year),
        organisations=out[ORG_COLUMNS],
        rollups=rolled[ROLLUP_COLUMNS].reset_index(drop=True),
        funnel=funnel,
        england=england,
        polarity=polarity_of(indicator, "BME"),
        basis="WRES counts",
    )


def with_published_regions(rollups: pd.DataFrame, published: pd.DataFrame, year: int) -> pd.DataFrame:
    """The roll-ups with a ``published_value`` column: for each region row, the nationally published figure for
    ``year`` (``published``: ``region, year, published_ratio``, e.g.
    :func:`wres.ingest.published.read_indicator2_by_region`), shown as context beside the pooled roll-up; empty
    elsewhere. The two agree only when the roll-up pools every trust of the region with their published counts."""
    values = published[published["year"].astype(int) == int(year)].set_index("region")["published_ratio"]
    out = rollups.copy()
    regional = out["level"] == "region"
    out["published_value"] = np.where(regional, out["group"].map(values), np.nan)
    return out
