"""The public policy applied to one linear system, in order (methods.md §11.2 steps 1–4).

``public-v2``: primary suppression, rounding, then the audit (§11.4); when the audit finds a primary cell whose
range holds fewer than ``protection_width`` integers, the smallest unsuppressed non-zero inner cell of a constraint
that binds it is suppressed too (reason ``audit``, :func:`binding_partner`), and the audit is repeated (§11.3).
Nothing else is suppressed: no greedy rule.

``public-v1``: primary suppression, secondary suppression to a fixed point, rounding, then the audit. When the audit
finds a primary cell narrower than the protection width, one more cell is suppressed (reason ``audit``): one of the
published cells whose bounds limit that range in the audit's programmes, choosing the one whose suppression sets off
the least further secondary suppression (then inner cells first, then the smaller); secondary suppression runs
again, and the audit is repeated. If no cell is left to suppress the output is blocked
(:class:`DisclosureBlockedError`). Every round adds at least one suppression, so the loop ends.

``exact_for`` lets an adaptor say which published counts an attacker knows exactly for a given set of suppressed
cells (counts behind published derived statistics, :mod:`wres.disclosure.derived`); it is called again after
every change, since suppressing a count also suppresses the statistics built on it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from wres.disclosure.audit import AuditCache, AuditReport, Prior, audit
from wres.disclosure.policy import DisclosurePolicy
from wres.disclosure.rounding import PublicValue, publish
from wres.disclosure.suppress import Reason, primary_suppression, secondary_suppression
from wres.disclosure.system import CellSystem
from wres.errors import WresError

ExactFor = Callable[[frozenset[str]], Collection[str]]
Preference = Callable[[str], int]
"""Which cells ``public-v2`` would rather suppress when a cell is exposed: lower first (e.g. an Unknown count
before a count behind a headline share); cells it does not rank are 0."""
CASCADE_CANDIDATES = 8
"""How many limiting cells the audit's remedy weighs by the secondary suppression each would set off."""


class DisclosureBlockedError(WresError):
    """The audit failed and no further suppression could protect the cell: nothing may be published."""

    def __init__(self, cells: list[str], report: AuditReport) -> None:
        self.cells = cells
        self.report = report
        super().__init__(
            f"disclosure audit failed and cannot be fixed by more suppression: {cells[0]} ({report.describe(cells[0])})"
            + (f" and {len(cells) - 1} more" if len(cells) > 1 else "")
        )


@dataclass(frozen=True)
class CellProtection:
    """The outcome for one system: public values, reasons for every suppressed cell, the final audit."""

    public: dict[str, PublicValue]
    reasons: dict[str, Reason]
    primary: frozenset[str]
    audit: AuditReport
    rounds: int

    @property
    def suppressed(self) -> frozenset[str]:
        return frozenset(self.reasons)


def audit_partner(system: CellSystem, cell: str, suppressed: Collection[str]) -> str | None:
    """A cell to suppress so that ``cell`` widens: the smallest non-zero unsuppressed, non-exempt cell of the
    constraints holding ``cell`` (inner cells first); failing that, of the constraints holding those cells."""
    taken = set(suppressed)
    near = system.constraints_of(cell)
    rings = [near, [c for con in near for m in con.members for c in system.constraints_of(m)]]
    for ring in rings:
        best: tuple[bool, int, int] | None = None
        chosen: str | None = None
        for con in ring:
            for m in con.members:
                info = system.cells[m]
                if m in taken or info.exempt or info.hidden or info.value == 0:
                    continue
                key = (system.is_margin(m), info.value, system.index(m))
                if best is None or key < best:
                    best, chosen = key, m
        if chosen is not None:
            return chosen
    return None


def limiting_partner(
    system: CellSystem, cell: str, limits: Collection[str], reasons: Mapping[str, Reason]
) -> str | None:
    """The cell to suppress for an unprotected ``cell``, among the published cells that limit its range (from the
    audit's programmes): the one whose suppression, with the secondary suppression it sets off, hides the fewest
    cells; ties go to inner cells, then cells sharing a constraint with ``cell``, then the smaller. Failing any
    limiting cell, :func:`audit_partner`."""
    near = {m for con in system.constraints_of(cell) for m in con.members}
    candidates = [
        c
        for c in set(limits)
        if c not in reasons and not system.cells[c].exempt and not system.cells[c].hidden and system.value(c) > 0
    ]
    if not candidates:
        return audit_partner(system, cell, reasons)
    candidates.sort(key=lambda c: (system.is_margin(c), c not in near, system.value(c), system.index(c)))
    best: tuple[int, int] | None = None
    chosen = candidates[0]
    for rank, c in enumerate(candidates[:CASCADE_CANDIDATES]):
        trial = dict(reasons)
        trial[c] = Reason(c, "audit", "trial")
        cost = len(secondary_suppression(system, trial)) - len(reasons)
        if best is None or (cost, rank) < best:
            best, chosen = (cost, rank), c
    return chosen


def binding_partner(
    system: CellSystem,
    cell: str,
    limits: Collection[str],
    reasons: Mapping[str, Reason],
    preference: Preference | None = None,
) -> str | None:
    """``public-v2``'s choice for an exposed ``cell`` (§11.3): an unsuppressed, non-zero, non-exempt cell of a
    constraint holding ``cell`` (the binding constraint) or whose bounds bind its range in the audit's programmes,
    ordered by ``preference``, then cells that bind before cells that merely share a constraint, inner cells
    before margins, the smaller, the earlier added; failing one, :func:`audit_partner`. Deterministic: same data,
    same choice."""
    rank = preference or (lambda _c: 0)

    def eligible(c: str) -> bool:
        info = system.cells[c]
        return c not in reasons and not info.exempt and not info.hidden and info.value > 0

    binding = set(limits)
    near = {m for con in system.constraints_of(cell) for m in con.members}
    pool = [c for c in near | binding if c != cell and eligible(c)]
    if pool:
        return min(
            pool, key=lambda c: (rank(c), c not in binding, system.is_margin(c), system.value(c), system.index(c))
        )
    return audit_partner(system, cell, reasons)


KEEP: int = 3
"""The preference rank of cells ``public-v2`` keeps whenever it can (:func:`free_kept_cells`): suppressing one hides
a figure the policy aims to show (e.g. the BME share of a band whose BME and White counts are both above
``suppress_max``)."""
FREE_ATTEMPTS = 6
"""How many audit rounds :func:`free_kept_cells` spends on each kept cell before it leaves it suppressed."""


def free_kept_cells(
    system: CellSystem,
    policy: DisclosurePolicy,
    reasons: dict[str, Reason],
    primary: frozenset[str],
    exact_for: ExactFor | None,
    preference: Preference,
    cache: AuditCache,
    prior: Prior,
) -> tuple[dict[str, Reason], dict[str, PublicValue], AuditReport] | None:
    """``public-v2``'s second look (§11.3): for each cell of rank :data:`KEEP` the audit's remedy suppressed, try
    publishing it again and protecting what that exposes with cells of lower rank only (the same choice as the
    remedy, :func:`binding_partner`, restricted to them). A trial is kept only when the audit passes; otherwise the
    cell stays suppressed. Returns the new suppression, public values and passing audit, or None when no kept cell
    could be freed. Deterministic: kept cells are tried in the system's cell order."""
    kept = sorted((c for c, r in reasons.items() if r.kind == "audit" and preference(c) >= KEEP), key=system.index)
    outcome: tuple[dict[str, Reason], dict[str, PublicValue], AuditReport] | None = None
    current = dict(reasons)
    for cell in kept:
        trial = {c: r for c, r in current.items() if c != cell}
        for _ in range(FREE_ATTEMPTS):
            public = publish(system, trial, policy)
            exact = exact_for(frozenset(trial)) if exact_for is not None else ()
            report = audit(system, public, primary, policy, exact, prior=prior, nonzero=policy.nonzero, cache=cache)
            if report.passed:
                current = trial
                outcome = (trial, public, report)
                break
            added = False
            for failing in report.failures:
                partner = binding_partner(system, failing, report.limits.get(failing, ()), trial, preference)
                if partner is None or partner in trial or preference(partner) >= KEEP or partner == cell:
                    continue
                trial[partner] = Reason(partner, "audit", f"widens cell {failing}: {report.describe(failing)}")
                added = True
            if not added:
                break
    return outcome


def protect_cells(
    system: CellSystem,
    policy: DisclosurePolicy,
    exact_for: ExactFor | None = None,
    preference: Preference | None = None,
) -> CellProtection:
    """Suppress, round and audit ``system`` under ``policy`` (see the module docstring)."""
    reasons = primary_suppression(system, policy)
    if policy.greedy_secondary:
        reasons = secondary_suppression(system, reasons)
    primary = frozenset(c for c, r in reasons.items() if r.kind == "primary")
    rounds = 0
    cache = AuditCache()
    prior: Prior = "all_primary" if policy.audit_prior == "all_primary" else "target"
    while True:
        rounds += 1
        public = publish(system, reasons, policy)
        exact = exact_for(frozenset(reasons)) if exact_for is not None else ()
        report = audit(system, public, primary, policy, exact, prior=prior, nonzero=policy.nonzero, cache=cache)
        if report.passed:
            if preference is not None and not policy.greedy_secondary:
                freed = free_kept_cells(system, policy, reasons, primary, exact_for, preference, cache, prior)
                if freed is not None:
                    reasons, public, report = freed
            return CellProtection(public, reasons, primary, report, rounds)
        touched: set[str] = set()
        stuck: list[str] = []
        for cell in report.failures:
            if any(m in touched for con in system.constraints_of(cell) for m in con.members):
                continue  # a cell suppressed this round may already protect it; the next audit will tell
            limits = report.limits.get(cell, ())
            if policy.greedy_secondary:
                partner = limiting_partner(system, cell, limits, reasons)
            else:
                partner = binding_partner(system, cell, limits, reasons, preference)
            if partner is None:
                stuck.append(cell)
                continue
            reasons[partner] = Reason(partner, "audit", f"widens cell {cell}: {report.describe(cell)}")
            touched.add(partner)
        if not touched:
            raise DisclosureBlockedError(stuck, report)
        if policy.greedy_secondary:
            reasons = secondary_suppression(system, reasons)
