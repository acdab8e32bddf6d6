"""Indicator 1: representation by band (wres-domain.md §5.1).

Percentage of staff in each AfC band 1–9 and VSM (medical & dental staff by subgroup), for non-clinical,
clinical and medical & dental staff, and overall; White, BME and Unknown shares over *all* staff (Unknown
included in the denominator), compared with the overall workforce. Clusters are a roll-up of bands.

Tables keep a fixed set of rows (§5.0 "Stable history", §5.1 edge cases): every band of each staff category's
vocabulary (:data:`CATEGORY_BANDS`), its clusters and every staff category appear, a band with no staff as
``not_computed`` / ``no_people``. The results step adds them (:func:`wres.indicators.results.representation_results`)
so that both input paths give the same rows; bands outside the vocabulary (``OTHER_PAY``, ``UNMAPPED``, "Not
recorded") and the ``unclassified`` category appear only when someone is in them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from wres.config import WresConfig
from wres.indicators.breakdowns import ETHNIC_BREAKDOWNS
from wres.indicators.fine import finish
from wres.indicators.headcounts import staff_counts
from wres.indicators.plan import FamilyPlan
from wres.indicators.source import Source
from wres.vocab.bands import BANDS, MEDICAL_SUBGROUPS, NON_MEDICAL_BANDS, cluster_of

CATEGORY_BANDS: dict[str, tuple[str, ...]] = {
    "non_clinical": NON_MEDICAL_BANDS,
    "clinical": NON_MEDICAL_BANDS,
    "medical_dental": MEDICAL_SUBGROUPS,
    "all": (*NON_MEDICAL_BANDS, *MEDICAL_SUBGROUPS),
}
"""The band rows indicator 1 always shows, per staff category (wres-domain.md §4.1, §5.1; ``wres.vocab.bands``)."""
CATEGORY_CLUSTERS: dict[str, tuple[str, ...]] = {
    category: tuple(dict.fromkeys(cluster_of(b) or "Unmapped" for b in bands))
    for category, bands in CATEGORY_BANDS.items()
}
"""The cluster rows indicator 1 always shows, per staff category (the clusters of :data:`CATEGORY_BANDS`)."""
STAFF_CATEGORIES: tuple[str, ...] = ("non_clinical", "clinical", "medical_dental")
"""The staff categories indicator 1 always shows (``unclassified`` only when someone is in it)."""


def plan(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> FamilyPlan | None:
    """The 31 March staff counts (shared with indicators 3, 4 and 9), rolled up by :func:`rollup`; None for a
    breakdown that does not apply."""
    if by == "internal":  # internal or external candidates: a recruitment breakdown (indicator 2) only
        return None
    staff = staff_counts(src, years, by, config)

    def assemble(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        return rollup(frames[staff.name], by)

    return FamilyPlan("representation", ("1",), (staff,), assemble)


def rollup(df: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """From headcount by (org, year, category, band, stratum, ethnic category) to indicator 1's strata."""
    keys = ["org_code", "year", "ethnic_category"]
    parts = [finish(_sum(df, keys).assign(stratum="all"), "1", "headcount", "overall")]
    if by is None or by in ETHNIC_BREAKDOWNS or by in ("band", "cluster"):
        clusters = {code: cluster_of(code) or "Unmapped" for code in BANDS}
        df["cluster"] = df["band"].map(clusters).fillna("Unmapped")
        for level in ("band", "cluster"):
            by_cat = _sum(df, ["category", level, *keys]).rename(columns={level: "stratum"})
            all_cat = _sum(df, [level, *keys]).rename(columns={level: "stratum"}).assign(category="all")
            for frame in (by_cat, all_cat):
                parts.append(finish(frame, "1", "headcount", level))
            if level == "band":
                # each category as a whole (e.g. all clinical staff)
                parts.append(finish(_sum(df, ["category", *keys]).assign(stratum="all"), "1", "headcount", "category"))
    else:
        frame = _sum(df, ["stratum", *keys]).assign(category="all")
        parts.append(finish(frame, "1", "headcount", by))
    return pd.concat(parts, ignore_index=True)


def _sum(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.groupby(keys, observed=True)["headcount"].sum().reset_index()
