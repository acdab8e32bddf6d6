"""Breakdowns (``--by``): how a result is split into strata, and where each is available.

Ethnic breakdowns (``ethnicity5``, ``ethnicity9``) change the *grouping* (each disaggregated group against White)
rather than splitting into strata.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from wres.config import WresConfig
from wres.errors import WresError
from wres.indicators.people import NOT_RECORDED, clinical_expr, cluster_expr

STRATUM_BREAKDOWNS = (
    "band",
    "cluster",
    "staff_group",
    "clinical",
    "directorate",
    "site",
    "gender",
    "internal",
)
ETHNIC_BREAKDOWNS = ("ethnicity5", "ethnicity9")
BREAKDOWNS = (*STRATUM_BREAKDOWNS, *ETHNIC_BREAKDOWNS)
GROUPING_OF = {None: "wres", "ethnicity5": "group5", "ethnicity9": "group9"}


def check_breakdown(by: str | None) -> None:
    if by is not None and by not in BREAKDOWNS:
        raise WresError(f"unknown breakdown {by!r}; choose from {', '.join(BREAKDOWNS)}")


def grouping_for(by: str | None) -> str:
    return GROUPING_OF.get(by, "wres")


def _text(col: ir.Value) -> ir.StringValue:
    return ibis.coalesce(col.cast("string"), ibis.literal(NOT_RECORDED))


def _clinical_label(flag: ir.BooleanValue) -> ir.StringValue:
    return ibis.ifelse(flag.isnull(), "unclassified", ibis.ifelse(flag, "clinical", "non_clinical"))


def staff_stratum(t: ir.Table, by: str | None, config: WresConfig) -> ir.StringValue | None:
    """Stratum expression for tables with staff columns; None when the breakdown does not apply."""
    if by is None or by in ETHNIC_BREAKDOWNS:
        return ibis.literal("all")
    if by == "band":
        return _text(t.band)
    if by == "cluster":
        return cluster_expr(t.band)
    if by == "staff_group":
        return _text(t.staff_group)
    if by == "clinical":
        return _clinical_label(clinical_expr(t, sg_config=config.staff.staff_group_config()))
    if by in ("directorate", "site", "gender"):
        return _text(t[by])
    return None


def recruitment_stratum(t: ir.Table, by: str | None, config: WresConfig) -> ir.StringValue | None:
    """Stratum expression for applications (the vacancy's band and staff group)."""
    if by is None or by in ETHNIC_BREAKDOWNS:
        return ibis.literal("all")
    if by == "band":
        return _text(t.vacancy_band)
    if by == "cluster":
        return ibis.ifelse(t.vacancy_band.isnull(), NOT_RECORDED, cluster_expr(t.vacancy_band))
    if by == "staff_group":
        return _text(t.vacancy_staff_group)
    if by == "clinical":
        sg = config.staff.staff_group_config()
        return _clinical_label(clinical_expr(t, "vacancy_staff_group", None, None, sg_config=sg))
    if by == "internal":
        return ibis.ifelse(t.internal.isnull(), NOT_RECORDED, ibis.ifelse(t.internal, "internal", "external"))
    return None


def survey_stratum(t: ir.Table, by: str | None, config: WresConfig) -> ir.StringValue | None:
    """Stratum expression for survey respondents (staff group and band as held in the survey file)."""
    if by is None or by in ETHNIC_BREAKDOWNS:
        return ibis.literal("all")
    if by == "band":
        return _text(t.band)
    if by == "staff_group":
        return _text(t.staff_group)
    return None
