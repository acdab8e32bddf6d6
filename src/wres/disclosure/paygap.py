"""The public tier of the ethnicity pay gap (methods.md §11 applied to the counts behind each gap and quartile; §14
"the public tier applies §11 to the counts behind it").

One linear system holds every count the pay gap publishes (:mod:`wres.disclosure.system`):

* the population by group (``n|<group>``, the groups of the grouping's partition, Unknown included), their total
  ``n|*``, and the all-BME count ``n|BME`` as the sum of the BME groups (plus, in the 5- and 9-group, a hidden cell of
  people known only as "BME", never published);
* the quartile table: ``q<k>|<group>`` with each quartile's size ``q<k>|*`` as its row total, and each group's
  population as the sum of its four quartile cells.

:func:`wres.disclosure.control.protect_cells` suppresses (1–7), rounds (to 5) and audits it. Then:

* a **gap** is withheld (status ``withheld``) when the group's or the reference group's count is suppressed; a gap
  of a group whose count is published but below ``paygap.min_group`` stays "too few". The gap percentages and pay
  figures of a published row are the internal tier's (they are not counts; every group behind them has at least
  ``min_group`` people), with the group sizes as published;
* the **disclosure rate** beside each gap is ``1 − Unknown ÷ population`` from the published counts (withheld when
  the Unknown count is suppressed; people known only as "BME" count as not known in the 5- and 9-group);
* a **quartile share** is computed from the published counts (``public-v2``: count ÷ quartile size, both rounded,
  with the Wilson interval of those) and suppressed when either count is (``public-v1``: from the exact counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Final

import numpy as np

from wres.analysis.paygap import NO_MEMBERS, PayGap
from wres.analysis.paygap.groups import ALL_BME, UNKNOWN
from wres.disclosure.control import protect_cells
from wres.disclosure.policy import MARKER, DisclosurePolicy
from wres.disclosure.rounding import PublicValue
from wres.disclosure.system import CellSystem
from wres.stats.proportion import wilson_interval

__all__ = ["WITHHELD", "WITHHELD_REASON", "PublicPayGap", "PublicQuartile", "protect_pay_gap"]

WITHHELD: Final = "withheld"
WITHHELD_REASON: Final = f"withheld: a count behind this gap is suppressed {MARKER} (disclosure control)"
_WHITE_LABELS: Final = frozenset({"White", "White British", "White Irish", "White Other", "White other than British"})
_GROUP_ONLY: Final = "n|BME known only as BME"


@dataclass(frozen=True)
class PublicQuartile:
    """One quartile × group as published: counts rounded (or ``None`` when suppressed), share from them."""

    quartile: int
    group: str
    count: int | None
    size: int | None
    share: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class PublicPayGap:
    """The public view of a :class:`~wres.analysis.paygap.PayGap`: every count as published, gaps withheld where a
    count behind them is suppressed, quartile shares from the published counts."""

    source: PayGap
    counts: dict[str, PublicValue]
    gaps: tuple[Any, ...]
    quartiles: tuple[PublicQuartile, ...]
    policy: DisclosurePolicy
    notes: tuple[str, ...] = field(default=())

    def metadata(self) -> dict[str, Any]:
        meta = self.source.metadata()
        meta["counts"] = {k: (v.value if v.value is not None else MARKER) for k, v in self.counts.items()}
        meta["n_population"] = _shown(self.counts["*"])
        meta["n_in_post"] = None
        meta["n_without_pay"] = None
        meta["disclosure"] = self.policy.as_metadata()
        meta["notes"] = list(self.notes)
        return meta


def _shown(value: PublicValue) -> int | str:
    return value.value if value.value is not None else MARKER


def _system(result: PayGap) -> tuple[CellSystem, dict[str, str]]:
    """The counts of ``result`` as one system; returns it and the cell id of each population count."""
    sys = CellSystem()
    partition = list(result.partition)
    ids = {label: f"n|{label}" for label in partition}
    for label in partition:
        sys.add_cell(ids[label], result.counts[label])
    sys.add_cell("n|*", result.n_population, margin=True)
    sys.add_constraint("n|*", [ids[g] for g in partition], "population by group")
    if ALL_BME not in ids:
        subgroups = [g for g in partition if g not in _WHITE_LABELS and g != UNKNOWN and g != result.reference]
        group_only = result.counts[ALL_BME] - sum(result.counts[g] for g in subgroups)
        parts = [ids[g] for g in subgroups]
        if group_only > 0:
            sys.add_cell(_GROUP_ONLY, group_only, hidden=True)
            parts.append(_GROUP_ONLY)
        ids[ALL_BME] = "n|BME"
        sys.add_cell("n|BME", result.counts[ALL_BME], margin=True)
        if parts:
            sys.add_constraint("n|BME", parts, "BME groups")
    cells: dict[tuple[int, str], int] = {(c.quartile, c.group): c.count for c in result.quartiles}
    sizes: dict[int, int] = {c.quartile: c.size for c in result.quartiles}
    for q in range(1, 5):
        for label in partition:
            sys.add_cell(f"q{q}|{label}", cells.get((q, label), 0))
        sys.add_cell(f"q{q}|*", sizes.get(q, 0), margin=True)
        sys.add_constraint(f"q{q}|*", [f"q{q}|{label}" for label in partition], f"quartile {q}")
    for label in partition:
        sys.add_constraint(ids[label], [f"q{q}|{label}" for q in range(1, 5)], f"{label} by quartile")
    sys.add_constraint("n|*", [f"q{q}|*" for q in range(1, 5)], "quartile sizes")
    return sys, ids


def protect_pay_gap(result: PayGap, policy: DisclosurePolicy | None = None) -> PublicPayGap:
    """The public tier of ``result`` under ``policy`` (default: the configured default policy)."""
    policy = policy or DisclosurePolicy.from_config()
    sys, ids = _system(result)
    protection = protect_cells(sys, policy)
    public = protection.public
    counts = {label: public[cell] for label, cell in ids.items()}
    counts["*"] = public["n|*"]

    total, unknown = counts["*"].value, counts[UNKNOWN].value if UNKNOWN in counts else 0
    rate = None if not total or unknown is None else (total - unknown) / total
    gaps = []
    for row in result.gaps:
        row = replace(row, disclosure_rate=rate)
        group_value = counts.get(row.group)
        ref_value = counts.get(row.reference)
        n_group = group_value.value if group_value is not None else None
        n_ref = ref_value.value if ref_value is not None else None
        hidden = n_group is None or n_ref is None
        if hidden and row.status != NO_MEMBERS:
            gaps.append(_withheld(row, n_group, n_ref))
        else:
            gaps.append(replace(row, n_group=n_group if n_group is not None else 0, n_reference=n_ref or 0))

    quartiles = []
    for cell in result.quartiles:
        pv = public[f"q{cell.quartile}|{cell.group}"]
        size = public[f"q{cell.quartile}|*"]
        if pv.value is None or size.value is None:
            quartiles.append(PublicQuartile(cell.quartile, cell.group, pv.value, size.value, None, None, None))
            continue
        x, n = (pv.value, size.value) if policy.statistics_from_published else (cell.count, cell.size)
        if n == 0:
            quartiles.append(PublicQuartile(cell.quartile, cell.group, pv.value, size.value, None, None, None))
            continue
        low, high = wilson_interval(np.array([x]), np.array([n]), result.options.confidence_level)
        share = x / n
        quartiles.append(
            PublicQuartile(cell.quartile, cell.group, pv.value, size.value, share, float(low[0]), float(high[0]))
        )
    notes = [policy.footnote()]
    return PublicPayGap(result, counts, tuple(gaps), tuple(quartiles), policy, tuple(notes))


def _withheld(row: Any, n_group: int | None, n_ref: int | None) -> Any:
    """A gap row with every figure withheld and the reason."""
    return replace(
        row,
        status=WITHHELD,
        reason=WITHHELD_REASON,
        n_group=n_group,
        n_reference=n_ref,
        mean_group=None,
        mean_reference=None,
        median_group=None,
        median_reference=None,
        mean_gap=None,
        mean_gap_low=None,
        mean_gap_high=None,
        median_gap=None,
        median_gap_low=None,
        median_gap_high=None,
        band_mix=None,
        band_mix_low=None,
        band_mix_high=None,
        within_band=None,
        bands_without_reference=(),
    )
