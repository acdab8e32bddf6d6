"""A funnel from result rows (one per organisation) and the organisations' ranks with uncertainty (methods.md §9.6).

The caller picks the rows to compare — one indicator, breakdown, stratum and group pair, one row per organisation
(``org_code``): for example every trust's headline indicator 2 row, or every trust's BME share at bands 8a and above.
The funnel type follows the rows' ``estimate_type``: ``ratio`` → the log relative-likelihood funnel of ``a/n1 ÷
c/n2`` (§9.3), ``share`` → the proportion funnel of ``a`` of ``n1`` (§9.2). Survey gaps (``gap_points``) and
indicator 9 have no funnel in methods.md §9. Rows not computed or suppressed are left out of the funnel. The polarity
comes from :data:`wres.analysis.benchmark.POLARITY`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from wres.analysis.benchmark import polarity_of
from wres.analysis.funnel.overdispersion import Overdispersion
from wres.analysis.funnel.ranks import rank_intervals
from wres.analysis.funnel.spiegelhalter import Centre, Funnel, proportion_funnel, ratio_funnel
from wres.errors import WresError

__all__ = ["funnel_of_results", "funnel_ranks"]


def _usable(rows: pd.DataFrame) -> np.ndarray:
    keep = np.ones(len(rows), dtype=bool)
    for column, value in (("status", "not_computed"), ("reason", "suppressed"), ("disclosure", "suppressed")):
        if column in rows:
            keep &= (rows[column].astype(object) != value).to_numpy(dtype=bool)
    return keep


def funnel_of_results(
    rows: pd.DataFrame,
    *,
    centre: Centre | float | None = None,
    overdispersion: bool | Overdispersion = True,
    method: Literal["spiegelhalter", "phe"] = "spiegelhalter",
) -> Funnel:
    """The funnel of ``rows`` (result rows, one per organisation; see the module docstring).

    ``centre``: for ratios ``"england"`` (default: the pooled ratio of the rows given), ``"parity"`` or a pooled
    benchmark ratio; for shares a benchmark share (default: the pooled share of the rows). ``method="phe"`` is for
    shares only (§9.4). ``overdispersion``: estimated from the rows (default), none (False), or an
    :class:`~wres.analysis.funnel.overdispersion.Overdispersion` estimated over more organisations, used as given.
    """
    if rows.empty:
        raise WresError("funnel: no result rows to compare")
    duplicated = rows["org_code"][rows["org_code"].duplicated()].astype(str).unique().tolist()
    if duplicated:
        raise WresError(f"funnel: more than one row for organisation(s) {', '.join(duplicated[:5])}; pick one row each")
    kinds = rows["estimate_type"].astype(str).unique().tolist()
    indicators = rows["indicator"].astype(str).unique().tolist()
    if len(kinds) != 1 or len(indicators) != 1:
        raise WresError("funnel: the rows mix indicators or estimate types; give one indicator's rows")
    kind, indicator = kinds[0], indicators[0]
    used = rows[_usable(rows)]
    if used.empty:
        raise WresError(f"funnel: no organisation has a computed indicator {indicator} value")
    units = used["org_code"].astype(str).tolist()
    a, n1 = used["a"].to_numpy(dtype=float), used["n1"].to_numpy(dtype=float)
    group_a = str(used["group_a"].iloc[0]) if "group_a" in used else None
    polarity = polarity_of(indicator, group_a)
    if kind == "ratio":
        if method != "spiegelhalter":
            raise WresError("funnel: the PHE method is for shares; ratios use the log relative-likelihood funnel")
        c, n2 = used["c"].to_numpy(dtype=float), used["n2"].to_numpy(dtype=float)
        return ratio_funnel(
            a,
            n1,
            c,
            n2,
            units=units,
            centre="england" if centre is None else centre,
            overdispersion=overdispersion,
            polarity=polarity if polarity != "higher_to_zero" else "higher",
        )
    if kind == "share":
        if isinstance(centre, str):
            raise WresError("funnel: a share's centre is a benchmark share (a number), or none for the pooled share")
        return proportion_funnel(
            a,
            n1,
            units=units,
            target=centre,
            overdispersion=overdispersion,
            polarity=polarity if polarity != "higher_to_zero" else "higher",
            method=method,
        )
    raise WresError(f"funnel: no funnel is defined for estimates of type {kind!r} (methods.md §9)")


def funnel_ranks(funnel: Funnel, *, draws: int = 1000, seed: int = 20261207) -> pd.DataFrame:
    """The funnel's units ranked with 95% uncertainty intervals (§9.6), the funnel's τ² added to each variance.

    Rank 1 is the best unit when the funnel has a polarity (lowest value for "lower is better"), else the highest.
    """
    points = funnel.points
    return rank_intervals(
        points["y"].to_numpy(dtype=float),
        points["s"].to_numpy(dtype=float),
        tau2=funnel.overdispersion.tau2,
        units=points["unit"].tolist(),
        draws=draws,
        seed=seed,
        descending=funnel.polarity != "lower",
    )
