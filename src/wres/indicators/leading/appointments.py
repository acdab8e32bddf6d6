"""Internal appointment and indicator 2 by band, as leading measures (wres-domain.md §7.3).

Both reuse indicator 2's family (:mod:`wres.indicators.appointment`) rather than restating it:

* ``L-internal``: indicator 2 restricted to internal applications (``recruitment.internal`` true; applications
  with the flag unrecorded are left out, as ``--by internal`` puts them in its "Not recorded" stratum). The plan is
  indicator 2's plan on the recruitment table filtered to internal applications, its query renamed
  ``internal_recruitment_counts[by=...]``; the variant is ``all`` (the ``excluding_international`` variant is
  dropped: internal applicants are already employed). Ratio L_White ÷ L_BME.
* ``L-appointment-band``: indicator 2 by the band of the post, exactly the rows ``wres indicators --by band`` gives
  for indicator 2 (the same query, ``recruitment_counts[by=band]``, and the same assembly), relabelled. When both
  runs share one execution the query runs once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from wres.config import WresConfig
from wres.indicators import appointment
from wres.indicators.plan import FamilyPlan, Query
from wres.indicators.source import Source


def _relabel(rows: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return rows.assign(indicator=indicator)


def internal_plan(src: Source, years: Sequence[int], by: str | None, config: WresConfig) -> FamilyPlan | None:
    """``L-internal``: indicator 2's plan on internal applications only; None for ``by="internal"`` (meaningless)
    or a breakdown indicator 2 does not have."""
    if by == "internal" or "recruitment" not in src.tables:
        return None
    apps = src.table("recruitment")
    internal = Source(
        {**src.tables, "recruitment": apps.filter(apps.internal.fill_null(False))}, src.engine, src.backend
    )
    base = appointment.plan(internal, years, by, config)
    if base is None:
        return None
    (query,) = base.queries
    renamed = Query(f"internal_{query.name}", query.expr)

    def assemble(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        rows = base.assemble({query.name: frames[renamed.name]})
        return _relabel(rows[rows["variant"] == "all"], "L-internal")

    return FamilyPlan("leading internal appointment", ("L-internal",), (renamed,), assemble)


def band_plan(src: Source, years: Sequence[int], config: WresConfig) -> FamilyPlan | None:
    """``L-appointment-band``: indicator 2's own ``--by band`` plan, its rows relabelled."""
    if "recruitment" not in src.tables:
        return None
    base = appointment.plan(src, years, "band", config)
    if base is None:
        return None

    def assemble(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
        return _relabel(base.assemble(frames), "L-appointment-band")

    return FamilyPlan("leading appointment by band", ("L-appointment-band",), base.queries, assemble)
