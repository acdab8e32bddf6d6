"""The audit: can an attacker narrow down a suppressed count from what is published? (methods.md §11.4)

For each primary-suppressed cell two linear programmes (minimum and maximum of the cell) are solved with
``scipy.optimize.linprog(method="highs")`` subject to what an attacker knows:

* every constraint equation of the system (§11.3);
* each published rounded count ``r`` lies in its rounding interval ``[r − 2, r + 2]`` (base 5; a shown non-zero
  count also exceeds ``suppress_max``, which for base 5 changes nothing);
* published zeros and exempt counts are exact, and so is every count in ``exact`` (counts pinned by published
  derived statistics, see :class:`~wres.disclosure.policy.DisclosurePolicy`);
* every other suppressed cell is ≥ 0, and so is every hidden cell (a count never published, such as the people
  recorded only as "BME, not specified"), and the cell under test lies in ``[suppress_min, suppress_max]``.

Hidden cells of 1–7 are protected like primary-suppressed ones: differencing published tables must not reveal them.

A primary cell is protected when its feasible range holds at least ``protection_width`` integers (4 by default:
never pinned to within ±1; :meth:`~wres.disclosure.policy.DisclosurePolicy.protects`).

**The a priori range [1, 7] is given to the cell under test only** (``prior="target"``, the default). Giving it
to every primary cell at once (``prior="all_primary"``) lets a suppressed total that is itself 1–7 bound all of its
parts, and then small hierarchical tables (bands → clusters → categories) cannot be protected by any amount of
suppression; likewise every other suppressed cell is taken as ≥ 0 as §11.4 says, although with zeros shown an
attacker knows it is ≥ 1 (``nonzero=True`` audits that stronger attacker). See ADR 0008.

Cells linked only through exactly known cells are solved separately (connected components), so each programme is
small; results are cached by component, so re-auditing after more suppression only solves what changed. The true
values are a feasible point of every programme (the published figures were made from them), and so is every
solution found; a cell whose values over those points already spread over the protection width needs no
programme of its own.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

from wres.disclosure.policy import DisclosurePolicy
from wres.disclosure.rounding import EXEMPT, HIDDEN, ROUNDED, SUPPRESSED, ZERO, PublicValue, rounding_interval
from wres.disclosure.system import CellSystem, FloatArray

TOLERANCE = 1e-6
"""Slack on the width test for the solver's floating-point tolerance."""
DENSE_UP_TO = 400
"""Components with at most this many cells are passed to the solver as dense arrays (less overhead)."""
SPREAD_RANDOM = 4
"""Programmes with random ±1 weights on the primary cells, solved once per component to collect feasible points."""


Prior = Literal["target", "all_primary"]


class AuditError(RuntimeError):
    """The attacker's programme is infeasible: the published values contradict the system (a bug, not data)."""


@dataclass(frozen=True)
class CellRange:
    """The feasible range of one suppressed cell; ``high`` is ``inf`` when unbounded.

    When the test stopped early (the maximum alone showed the cell unprotected), ``low`` is its a priori lower
    bound and ``exact`` is False.
    """

    cell: str
    low: float
    high: float
    primary: bool
    exact: bool = True

    @property
    def width(self) -> float:
        return self.high - self.low

    def protected(self, policy: DisclosurePolicy) -> bool:
        return policy.protects(self.low, self.high)


@dataclass(frozen=True)
class AuditReport:
    """Ranges of the audited cells, the primary cells that fail the protection test, and for each failure the
    published cells whose bounds limit it (``limits``: suppressing one of them widens the range)."""

    ranges: Mapping[str, CellRange]
    failures: tuple[str, ...]
    protection_width: int
    programmes: int
    limits: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.failures

    def describe(self, cell: str) -> str:
        r = self.ranges[cell]
        high = "∞" if math.isinf(r.high) else f"{r.high:g}"
        return f"feasible range [{r.low:g}, {high}] holds fewer than {self.protection_width} integers"


@dataclass
class AuditCache:
    """Solved ranges by component signature, reused across audit rounds of one system."""

    ranges: dict[tuple[bytes, ...], tuple[float, float, bool, tuple[int, ...]]] = field(default_factory=dict)


def attacker_bounds(
    system: CellSystem,
    public: Mapping[str, PublicValue],
    policy: DisclosurePolicy,
    exact: Collection[str] = (),
    *,
    primary: Collection[str] = (),
    prior: Prior = "target",
    nonzero: bool = False,
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper bounds on every cell from the published values (columns follow ``system.ids()``).

    Suppressed cells get ``[0, ∞)`` (``[1, ∞)`` with ``nonzero``), primary cells ``[suppress_min,
    suppress_max]`` when ``prior="all_primary"``; the cell under test gets its a priori range in :func:`audit`.
    """
    n = len(system)
    low = np.zeros(n)
    high = np.full(n, np.inf)
    pinned = set(exact)
    hidden_low = 1.0 if (nonzero and policy.show_zeros) else 0.0  # a suppressed cell is never a shown zero
    for i, cell in enumerate(system.cells.values()):
        shown = public[cell.id]
        if shown.status in (SUPPRESSED, HIDDEN):
            if prior == "all_primary" and cell.id in primary:
                low[i], high[i] = _prior(policy)
            elif shown.status == SUPPRESSED and not cell.hidden:  # an unpublished count shows no [c]: it may be 0
                low[i] = hidden_low
        elif shown.status in (ZERO, EXEMPT) or cell.id in pinned:
            low[i] = high[i] = float(cell.value)
        elif shown.status == ROUNDED:
            assert shown.value is not None
            lo, hi = rounding_interval(shown.value, policy.rounding_base)
            low[i], high[i] = max(lo, policy.suppress_max + 1), hi
        else:  # pragma: no cover - statuses are exhaustive
            raise ValueError(f"unknown status {shown.status!r}")
    return low, high


def _prior(policy: DisclosurePolicy) -> tuple[float, float]:
    """What the attacker knows of a primary-suppressed count before looking at the rest of the publication: 1–7
    (``audit_prior`` "target" or "all_primary", v1), or only that it is a ``[c]`` (``audit_prior = "none"``, v2:
    primary and secondary ``[c]`` look the same, so the attacker cannot know a ``[c]`` is at most 7; §11.4)."""
    low = float(policy.suppress_min) if policy.show_zeros else 0.0
    if policy.audit_prior == "none":
        return (low if policy.nonzero else 0.0), math.inf
    return low, float(policy.suppress_max)


def _components(a: sp.csr_array, free: np.ndarray) -> np.ndarray:
    """Component label per cell: cells are linked when a constraint holds both and neither is fixed."""
    links = sp.csr_array(abs(a) > 0, dtype=float) @ sp.diags_array(free.astype(float))
    graph = (links.T @ links).tocsr()
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels)


def audit(
    system: CellSystem,
    public: Mapping[str, PublicValue],
    primary: Collection[str],
    policy: DisclosurePolicy,
    exact: Collection[str] = (),
    *,
    prior: Prior = "target",
    nonzero: bool = False,
    secondary_ranges: bool = False,
    cache: AuditCache | None = None,
) -> AuditReport:
    """Feasible range of every primary-suppressed cell (and of the others with ``secondary_ranges``), and the
    primary cells narrower than ``protection_width``.

    Each component first collects feasible points (the true values, and the solutions of a few programmes that
    push its primary cells up, down and in random directions); a cell whose values at those points already
    spread over the protection width is protected without programmes of its own (its range is then reported as
    at least that spread, ``exact=False``). Every other cell gets its own programmes (the second only when the
    first leaves the question open), whose solutions join the points; a failing cell always gets both, and its
    ``limits`` name the published cells whose bounds bind.

    Raises :class:`AuditError` when a programme is infeasible (the published values contradict the system).
    """
    primary_set = set(primary)
    ids = system.ids()
    low, high = attacker_bounds(system, public, policy, exact, primary=primary_set, prior=prior, nonzero=nonzero)
    values = system.values()
    suppressed = [i for i, c in enumerate(ids) if public[c].status in (SUPPRESSED, HIDDEN)]
    targets = [i for i in suppressed if ids[i] in primary_set or secondary_ranges]
    ranges: dict[str, CellRange] = {}
    limits: dict[str, tuple[str, ...]] = {}
    if not targets:
        return AuditReport(ranges, (), policy.protection_width, 0)
    cache = cache if cache is not None else AuditCache()
    a = system.matrix()
    fixed = low == high
    labels = _components(a, ~fixed)
    rhs_all = -(a @ np.where(fixed, low, 0.0))  # what the attacker knows of fixed cells, not the truth
    by_component: dict[int, list[int]] = {}
    for i in targets:
        by_component.setdefault(int(labels[i]), []).append(i)
    programmes = 0
    for label, cells in by_component.items():
        comp = _Component(a, np.flatnonzero((labels == label) & ~fixed), fixed, rhs_all, low, high, values)
        primaries = [i for i in cells if ids[i] in primary_set]
        for i in cells:
            key = comp.key(i, ids[i] in primary_set, policy)
            if key not in cache.ranges:
                found, solved = comp.solve(i, ids[i] in primary_set, policy, ids[i], primaries)
                cache.ranges[key] = found
                programmes += solved
            lo, hi, complete, limiting = cache.ranges[key]
            ranges[ids[i]] = CellRange(ids[i], lo, hi, ids[i] in primary_set, complete)
            limits[ids[i]] = tuple(ids[j] for j in limiting)
    failures = tuple(c for c in ids if c in ranges and ranges[c].primary and not ranges[c].protected(policy))
    return AuditReport(ranges, failures, policy.protection_width, programmes, {c: limits[c] for c in failures})


class _Component:
    """The attacker's programme restricted to one connected component of free cells."""

    def __init__(
        self,
        a: sp.csr_array,
        cols: np.ndarray,
        fixed: np.ndarray,
        rhs_all: FloatArray,
        low: FloatArray,
        high: FloatArray,
        values: FloatArray,
    ) -> None:
        self.cols = cols
        sub = a[:, cols]
        self.rows = np.flatnonzero(np.diff(sub.indptr) > 0)
        self.b_eq = rhs_all[self.rows]
        self.a_eq: np.ndarray | sp.csr_array | None = None
        if len(self.rows):
            self.a_eq = sub[self.rows].toarray() if len(cols) <= DENSE_UP_TO else sub[self.rows]
        # fixed cells of the component's rows: where to look for what limits a range
        self.fixed_in_rows = a[self.rows][:, np.flatnonzero(fixed)] if len(self.rows) else None
        self.fixed_index = np.flatnonzero(fixed)
        self.low, self.high = low[cols], high[cols]
        self.position = {int(j): k for k, j in enumerate(cols)}
        self.signature: tuple[bytes, ...] = (cols.tobytes(), self.rows.tobytes(), self.b_eq.tobytes())
        self.signature += (self.low.tobytes(), self.high.tobytes())
        self.points: list[FloatArray] = [np.asarray(values[cols], dtype=float)]
        self.spread_done = False

    def bounds(self, k: int, is_primary: bool, policy: DisclosurePolicy) -> tuple[FloatArray, FloatArray]:
        lo, hi = self.low.copy(), self.high.copy()
        if is_primary:
            a_low, a_high = _prior(policy)
            lo[k], hi[k] = max(lo[k], a_low), min(hi[k], a_high)
        return lo, hi

    def key(self, i: int, is_primary: bool, policy: DisclosurePolicy) -> tuple[bytes, ...]:
        k = self.position[i]
        return (*self.signature, np.array([k, int(is_primary), policy.suppress_min, policy.suppress_max]).tobytes())

    def _spread(self, primaries: list[int], policy: DisclosurePolicy) -> int:
        """Programmes that push all primary cells (each within its a priori range) up, down and in a few random
        directions: their solutions spread many cells at once."""
        self.spread_done = True
        if self.a_eq is None or not primaries:
            return 0
        lo, hi = self.low.copy(), self.high.copy()
        a_low, a_high = _prior(policy)
        ks = [self.position[i] for i in primaries]
        lo[ks], hi[ks] = np.maximum(lo[ks], a_low), np.minimum(hi[ks], a_high)
        bounds = np.column_stack([lo, hi])
        rng = np.random.default_rng(len(ks))
        objectives: list[FloatArray] = [np.ones(len(ks)), -np.ones(len(ks))]
        objectives += [np.asarray(rng.choice([-1.0, 1.0], size=len(ks)), dtype=float) for _ in range(SPREAD_RANDOM)]
        for weights in objectives:
            objective = np.zeros(len(lo))
            objective[ks] = weights
            res = linprog(objective, A_eq=self.a_eq, b_eq=self.b_eq, bounds=bounds, method="highs")
            if res.status == 0:
                self.points.append(np.asarray(res.x, dtype=float))
        return len(objectives)

    def solve(
        self, i: int, is_primary: bool, policy: DisclosurePolicy, name: str, primaries: list[int]
    ) -> tuple[tuple[float, float, bool, tuple[int, ...]], int]:
        k = self.position[i]
        lo, hi = self.bounds(k, is_primary, policy)
        if self.a_eq is None:
            return (lo[k], hi[k], True, ()), 0
        solved = 0
        if not self.spread_done:
            solved += self._spread(primaries, policy)
        seen = [p[k] for p in self.points if lo[k] - TOLERANCE <= p[k] <= hi[k] + TOLERANCE]
        if seen and policy.protects(min(seen), max(seen)):
            return (min(seen), max(seen), False, ()), solved
        limiting: set[int] = set()
        truth = self.points[0][k]
        # push first away from the nearer end of the cell's range: with the true value that often settles it
        first = -1.0 if truth - lo[k] <= (hi[k] if np.isfinite(hi[k]) else math.inf) - truth else 1.0
        found: dict[float, float] = {}
        for sign in (first, -first):
            value, res = self._extreme(k, lo, hi, sign, name)
            solved += 1
            limiting |= self._limits(res)
            found[sign] = value
            seen = [p[k] for p in self.points if lo[k] - TOLERANCE <= p[k] <= hi[k] + TOLERANCE]
            if len(found) == 1 and policy.protects(min(seen), max(seen)):
                return (min(seen), max(seen), False, ()), solved  # protected: no need for the other end
        return (found[1.0], found[-1.0], True, tuple(sorted(limiting))), solved

    def _extreme(self, k: int, lo: FloatArray, hi: FloatArray, sign: float, name: str) -> tuple[float, Any]:
        objective = np.zeros(len(lo))
        objective[k] = sign
        res = linprog(objective, A_eq=self.a_eq, b_eq=self.b_eq, bounds=np.column_stack([lo, hi]), method="highs")
        if res.status == 3:
            if sign > 0:  # pragma: no cover - bounded below by the cell's own bound
                raise AuditError(f"audit programme for {name!r} is unbounded below")
            return math.inf, None
        if res.status != 0:
            raise AuditError(f"audit programme for {name!r} failed: {res.message}")
        self.points.append(np.asarray(res.x, dtype=float))
        return sign * float(res.fun), res

    def _limits(self, res: Any) -> set[int]:
        """Cells whose published bounds bind at this optimum: free cells at a bound with a non-zero marginal,
        and the fixed cells of equations with a non-zero dual."""
        if res is None:
            return set()
        out: set[int] = set()
        bound_marginal = np.abs(res.lower.marginals) + np.abs(res.upper.marginals)
        out |= {int(self.cols[k]) for k in np.flatnonzero(bound_marginal > 1e-9)}
        if self.fixed_in_rows is not None:
            binding = np.flatnonzero(np.abs(res.eqlin.marginals) > 1e-9)
            if len(binding):
                touched = np.flatnonzero(np.asarray(abs(self.fixed_in_rows[binding]).sum(axis=0)).ravel() > 0)
                out |= {int(self.fixed_index[j]) for j in touched}
        return out
