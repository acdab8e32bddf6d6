"""The flow model's parameters as pooled counts, and the rates read from them with the people each rests on
(methods.md §12).

* **Transitions** ``P_e[i, j] = count(i at Y−1 → j at Y) / count(i at Y−1)``, ``j`` a band or ``left``, per
  ethnic group ``e``, the counts summed over the pooled year pairs (:func:`wres.indicators.flows.flow_counts`).
  A reclassified person's move counts in their stated group (the flows module's rule).
* **Support.** A row's Dirichlet posterior, ``Dirichlet(counts + 0.5)``, puts the 0.5 on the transitions seen from
  that band in *any* group (and always on staying and leaving): a move nobody in the organisation made in the
  window (band 2 → VSM, say) is a structural zero, not a 1-in-(2 × states) chance. A group with nobody in a band
  then moves, if it ever gets someone there, among the organisation's observed moves from that band.
* **Reclassification** ``ρ_e[i, e']`` = people of group ``e`` at band ``i`` at Y−1 stated as ``e'`` at Y, over
  everyone of ``e`` at ``i`` at Y−1 (the diagonal: not reclassified); support: the groups anyone of ``e`` was
  reclassified to.
* **Hires** ``r_e[j]`` = arrivals into band ``j`` in group ``e`` per year, the mean over the pooled years; the
  group mix of a band's hires ``q[j, e]`` has support the groups with any hire in the window.
* **Shortlisted** applicants per band and group: the equal-appointment scenario's mix
  (:mod:`wres.analysis.projection.scenarios`).

Each rate's 95% interval is the central interval of its posterior marginal, ``Beta(α_k, α_0 − α_k)`` (the marginal
of a Dirichlet; Gelman et al., *Bayesian Data Analysis*, 3rd ed., §23.2), with the counts beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.stats import beta

from wres.indicators.flows import LEFT, UNKNOWN, FlowCounts

PRIOR = 0.5
"""The Dirichlet prior count added to every transition in a row's support (methods.md §12)."""
WHITE = "White"

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class FlowModel:
    """Pooled counts of one organisation's flows, as arrays indexed by group ``g`` and band ``i``/``j`` (the last
    column of ``moves`` is ``left``)."""

    org_code: str
    groups: tuple[str, ...]
    bands: tuple[str, ...]
    years: tuple[int, ...]
    latest_year: int
    moves: IntArray
    """(G, K, K + 1) people from band i (at Y−1) to band j or left (at Y), by flow group."""
    reclass: IntArray
    """(G, K, G) people of group g at band i at Y−1 stated as group g' at Y (diagonal: not reclassified)."""
    hires: IntArray
    """(G, K) arrivals over the pooled years."""
    stock: IntArray
    """(G, K) people in post at the latest snapshot."""
    shortlisted: IntArray
    """(G, K) shortlisted applicants over the pooled years, by band of the post."""

    @property
    def n_years(self) -> int:
        return len(self.years)

    @property
    def states(self) -> tuple[str, ...]:
        return (*self.bands, LEFT)

    @property
    def bme(self) -> BoolArray:
        """Which groups are BME (every group but White and Unknown)."""
        return np.array([g not in (WHITE, UNKNOWN) for g in self.groups])

    def index(self, group: str) -> int:
        return self.groups.index(group)

    def support(self) -> BoolArray:
        """(K, K + 1): transitions seen from band i in any group, plus staying and leaving."""
        seen = self.moves.sum(axis=0) > 0
        k = len(self.bands)
        seen[np.arange(k), np.arange(k)] = True
        seen[:, k] = True
        return seen

    def move_alpha(self) -> FloatArray:
        """(G, K, K + 1) Dirichlet parameters of each transition row: counts + 0.5 on the support, 0 elsewhere."""
        return np.where(self.support()[None, :, :], self.moves + PRIOR, 0.0)

    def reclass_alpha(self) -> FloatArray:
        """(G, K, G) Dirichlet parameters of each reclassification row."""
        g = len(self.groups)
        seen = self.reclass.sum(axis=1) > 0  # (G, G): g was ever reclassified to g'
        seen[np.arange(g), np.arange(g)] = True
        return np.where(seen[:, None, :], self.reclass + PRIOR, 0.0)

    def hire_alpha(self) -> FloatArray:
        """(K, G) Dirichlet parameters of each band's hire mix."""
        seen = self.hires.sum(axis=1) > 0  # (G,)
        return np.where(seen[None, :], self.hires.T + PRIOR, 0.0)

    def hires_per_year(self) -> FloatArray:
        """(K,) mean hires per year into each band (all groups)."""
        per: FloatArray = self.hires.sum(axis=0) / max(self.n_years, 1)
        return per


def _frame_index(values: pd.Series, labels: tuple[str, ...]) -> NDArray[np.intp]:
    where = {label: i for i, label in enumerate(labels)}
    return np.array([where[str(v)] for v in values], dtype=np.intp)


def from_counts(counts: FlowCounts) -> FlowModel:
    """The pooled arrays of :class:`FlowModel` from executed flow counts."""
    groups, bands = counts.groups, counts.bands
    g, k = len(groups), len(bands)
    states = (*bands, LEFT)
    moves = np.zeros((g, k, k + 1), dtype=np.int64)
    m = counts.moves
    if not m.empty:
        np.add.at(
            moves,
            (_frame_index(m["group"], groups), _frame_index(m["band"], bands), _frame_index(m["to"], states)),
            m["people"].to_numpy(dtype=np.int64),
        )
    reclass = np.zeros((g, k, g), dtype=np.int64)
    if not m.empty:
        np.add.at(
            reclass,
            (_frame_index(m["from_group"], groups), _frame_index(m["band"], bands), _frame_index(m["group"], groups)),
            m["people"].to_numpy(dtype=np.int64),
        )

    def grid(frame: pd.DataFrame) -> IntArray:
        out = np.zeros((g, k), dtype=np.int64)
        frame = frame[frame["band"].isin(bands)]
        if not frame.empty:
            np.add.at(
                out,
                (_frame_index(frame["group"], groups), _frame_index(frame["band"], bands)),
                frame["people"].to_numpy(dtype=np.int64),
            )
        return out

    return FlowModel(
        org_code=counts.org_code,
        groups=groups,
        bands=bands,
        years=counts.years,
        latest_year=counts.latest_year,
        moves=moves,
        reclass=reclass,
        hires=grid(counts.hires),
        stock=grid(counts.stock),
        shortlisted=grid(counts.shortlisted),
    )


def _marginals(alpha: FloatArray, level: float = 0.95) -> tuple[FloatArray, FloatArray]:
    """Central ``level`` interval of each component's posterior marginal ``Beta(α_k, α_0 − α_k)``; NaN off the
    support."""
    total = alpha.sum(axis=-1, keepdims=True)
    a = np.where(alpha > 0, alpha, np.nan)
    b = np.where(alpha > 0, total - alpha, np.nan)
    tail = (1 - level) / 2
    with np.errstate(invalid="ignore"):
        low = np.where(b > 0, beta.ppf(tail, a, np.where(b > 0, b, 1.0)), 1.0)
        high = np.where(b > 0, beta.ppf(1 - tail, a, np.where(b > 0, b, 1.0)), 1.0)
    low = np.where(alpha > 0, low, np.nan)
    high = np.where(alpha > 0, high, np.nan)
    return low, high


def _rate(count: IntArray, base: IntArray) -> FloatArray:
    """``count / base``, NaN where the base is 0 (a guarded division)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.where(base > 0, count / np.where(base > 0, base, 1), np.nan)
    return out


def transition_table(model: FlowModel, level: float = 0.95) -> pd.DataFrame:
    """Every transition on the support: ``group``, ``band`` (Y−1), ``to``, ``people`` (the count), ``base`` (the
    row's people), ``rate`` (count ÷ base), and ``low`` / ``high`` (the posterior marginal's interval)."""
    alpha = model.move_alpha()
    low, high = _marginals(alpha, level)
    base = model.moves.sum(axis=2)
    rows = []
    states = model.states
    for g, group in enumerate(model.groups):
        for i, band in enumerate(model.bands):
            for j, to in enumerate(states):
                if alpha[g, i, j] <= 0:
                    continue
                rows.append(
                    {
                        "group": group,
                        "band": band,
                        "to": to,
                        "people": int(model.moves[g, i, j]),
                        "base": int(base[g, i]),
                        "rate": float(_rate(model.moves[g, i, j], base[g, i])),
                        "low": float(low[g, i, j]),
                        "high": float(high[g, i, j]),
                    }
                )
    return pd.DataFrame(rows, columns=["group", "band", "to", "people", "base", "rate", "low", "high"])


def hire_table(model: FlowModel) -> pd.DataFrame:
    """Hires by band and group: ``people`` over the pooled ``years``, ``per_year``, and the group's ``share`` of the
    band's hires."""
    total = model.hires.sum(axis=0)
    rows = [
        {
            "group": group,
            "band": band,
            "people": int(model.hires[g, i]),
            "years": model.n_years,
            "per_year": float(model.hires[g, i]) / max(model.n_years, 1),
            "share": float(_rate(model.hires[g, i], total[i])),
        }
        for g, group in enumerate(model.groups)
        for i, band in enumerate(model.bands)
        if total[i] > 0
    ]
    return pd.DataFrame(rows, columns=["group", "band", "people", "years", "per_year", "share"])


def reclassification_table(model: FlowModel) -> pd.DataFrame:
    """Reclassifications over the pooled years: ``from_group``, ``to_group``, ``band`` (Y−1), ``people``,
    ``base`` (everyone of the from group in the band at Y−1), ``rate``."""
    base = model.reclass.sum(axis=2)
    rows = [
        {
            "from_group": a,
            "to_group": b,
            "band": band,
            "people": int(model.reclass[g, i, h]),
            "base": int(base[g, i]),
            "rate": float(_rate(model.reclass[g, i, h], base[g, i])),
        }
        for g, a in enumerate(model.groups)
        for h, b in enumerate(model.groups)
        for i, band in enumerate(model.bands)
        if g != h and model.reclass[g, i, h] > 0
    ]
    return pd.DataFrame(rows, columns=["from_group", "to_group", "band", "people", "base", "rate"])


def reference_share(model: FlowModel) -> float:
    """The organisation's overall BME share at the latest snapshot (everyone in the denominator, Unknown included):
    mirrors the default reference share ``S`` of Model Employer (wres-domain.md §7.2)."""
    total = int(model.stock.sum())
    return float(model.stock[model.bme].sum() / total) if total else float("nan")
