"""Pay quartiles (wres-domain.md §7.1): rank everyone by hourly pay, split into four equal-sized groups, and report
for each quartile the percentage of its members in each ethnic group, with Wilson intervals (methods.md §1).

**Sizes.** With ``n`` people ranked 0 … n−1 from the lowest paid, quartile ``q`` (1 = lower … 4 = upper) holds
ranks ``floor((q−1) n / 4)`` to ``floor(q n / 4) − 1``: sizes differ by at most one (``n = 10`` gives 2, 3, 2, 3).

**Ties at a boundary.** People paid the same are spread across a boundary as evenly as possible by ethnic group,
as the gender pay gap guidance asks for gender: employees on the same hourly rate where the quartiles split are to
be distributed as evenly as possible by gender across the quartiles (Acas and the Government Equalities Office,
"Managing gender pay reporting"; paraphrased). Rule:
within a block of equal pay, the ``k``-th (0-based, in input order) of the block's ``m_g`` members of group ``g``
is placed at ``(k + ½) / m_g`` along the block, ties of that broken by the group's order in ``groups`` and then by
input order. Any cut of the block then gives each group a share of the cut within one person of its share of the
block: four White and four BME people paid the same across the boundary at rank 4 of 8 go two and two either side.
The rule is deterministic (same data, same quartiles) and uses no random numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wres.stats.proportion import wilson_interval

__all__ = ["QuartileCell", "quartile_of", "quartile_table"]


def quartile_of(pay: NDArray[np.float64], labels: NDArray[np.object_], groups: Sequence[str]) -> NDArray[np.int64]:
    """Each person's quartile, 1 (lowest paid) to 4, under the size and tie rules of the module docstring."""
    n = len(pay)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    h = np.asarray(pay, dtype=np.float64)
    rank_of_group = {g: i for i, g in enumerate(groups)}
    group_index = np.array([rank_of_group.get(str(x), len(groups)) for x in labels], dtype=np.int64)
    # Position of each person within their (pay, group) block, in input order, and the block's size.
    order = np.lexsort((np.arange(n), group_index, h))
    key_h, key_g = h[order], group_index[order]
    new_block = np.ones(n, dtype=bool)
    new_block[1:] = (key_h[1:] != key_h[:-1]) | (key_g[1:] != key_g[:-1])
    block_id = np.cumsum(new_block) - 1
    starts = np.flatnonzero(new_block)
    sizes = np.diff(np.append(starts, n))
    k = np.arange(n) - starts[block_id]
    spread = np.empty(n, dtype=np.float64)
    spread[order] = (k + 0.5) / sizes[block_id]
    final = np.lexsort((np.arange(n), group_index, spread, h))
    rank = np.empty(n, dtype=np.int64)
    rank[final] = np.arange(n)
    edges = np.array([(q * n) // 4 for q in range(1, 4)])
    return np.asarray(np.searchsorted(edges, rank, side="right") + 1, dtype=np.int64)


@dataclass(frozen=True)
class QuartileCell:
    """One quartile × group: its members, the quartile's size, the share (``count / size``) with a Wilson interval,
    and the quartile's pay range."""

    quartile: int
    group: str
    count: int
    size: int
    share: float
    low: float
    high: float
    min_pay: float
    max_pay: float


def quartile_table(
    pay: NDArray[np.float64], labels: NDArray[np.object_], groups: Sequence[str], level: float = 0.95
) -> list[QuartileCell]:
    """Every quartile × group of ``groups`` (in order, quartile 1 first), with Wilson intervals at ``level``."""
    q = quartile_of(pay, labels, groups)
    h = np.asarray(pay, dtype=np.float64)
    out: list[QuartileCell] = []
    for quartile in range(1, 5):
        in_q = q == quartile
        size = int(in_q.sum())
        lo_pay = float(h[in_q].min()) if size else float("nan")
        hi_pay = float(h[in_q].max()) if size else float("nan")
        counts = np.array([int(np.count_nonzero(in_q & (labels == g))) for g in groups])
        low, high = wilson_interval(counts, np.full(len(counts), size), level)
        for g, c, lo, hi in zip(groups, counts, low, high, strict=True):
            share = float(c) / size if size else float("nan")
            out.append(QuartileCell(quartile, g, int(c), size, share, float(lo), float(hi), lo_pay, hi_pay))
    return out
