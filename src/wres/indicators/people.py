"""Who is counted: staff in post at 31 March, and the person profile used to link cases and training.

Rules (wres-domain.md §3.5, §4.4, §5.0): headcount, not FTE; bank-only staff excluded; honorary assignments
excluded by default; a person in a 31 March headcount is counted with that snapshot's ethnicity, band and staff
group, and a person linked to a case or learning event with the snapshot of the event's WRES year or the latest
before it (:mod:`wres.indicators.events`), never a later one.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from wres.config import WresConfig
from wres.indicators.calendar import snapshot_date
from wres.vocab.bands import BANDS, MEDICAL_SUBGROUPS, cluster_of
from wres.vocab.staff_groups import STAFF_GROUPS, StaffClass, StaffGroupConfig, classify

NOT_RECORDED = "Not recorded"


def in_scope(staff: ir.Table, config: WresConfig) -> ir.Table:
    """Drop bank-only staff and (by default) honorary assignments."""
    keep = ~staff.bank_only
    if config.staff.exclude_honorary:
        keep = keep & (staff.contract != "honorary")
    return staff.filter(keep)


def clinical_expr(
    t: ir.Table,
    group_col: str = "staff_group",
    occupation_col: str | None = "occupation_code",
    flag_col: str | None = "clinical",
    sg_config: StaffGroupConfig | None = None,
) -> ir.BooleanValue:
    """Clinical (true) or not: per-person flag > occupation-code map > staff-group default (§4.3)."""
    cfg = sg_config or StaffGroupConfig()
    defaults = {}
    for group in STAFF_GROUPS:
        cls = classify(group, config=cfg)
        if cls is not None:
            defaults[group] = cls is StaffClass.CLINICAL
    parts: list[ir.BooleanValue] = []
    if flag_col is not None:
        parts.append(t[flag_col])
    if occupation_col is not None and cfg.occupation_class_map:
        occ = {code: cls is StaffClass.CLINICAL for code, cls in cfg.occupation_class_map.items()}
        key = t[occupation_col].re_replace(r"\s+", " ").strip().lower()  # as the map's keys are normalised
        parts.append(key.substitute(occ, else_=ibis.null("boolean")))
    parts.append(t[group_col].substitute(defaults, else_=ibis.null("boolean")))
    return ibis.coalesce(*parts) if len(parts) > 1 else parts[0]


def category_expr(band: ir.StringValue, clinical: ir.BooleanValue) -> ir.StringValue:
    """Indicator 1 staff category: medical & dental by band, else clinical / non-clinical."""
    medical = band.isin(list(MEDICAL_SUBGROUPS))
    return ibis.ifelse(
        medical,
        "medical_dental",
        ibis.ifelse(clinical.isnull(), "unclassified", ibis.ifelse(clinical, "clinical", "non_clinical")),
    )


def cluster_expr(band: ir.StringValue) -> ir.StringValue:
    mapping = {code: cluster_of(code) or "Unmapped" for code in BANDS}
    return band.substitute(mapping, else_="Unmapped")


def snapshots(staff: ir.Table, years: Sequence[int], config: WresConfig) -> ir.Table:
    """In-scope staff at the 31 March snapshots of ``years``, with a ``year`` column."""
    wanted = [snapshot_date(y) for y in years]
    t = in_scope(staff, config).filter(staff.snapshot_date.isin(wanted))
    return t.mutate(year=t.snapshot_date.year().cast("int64"))
