"""Primary and secondary suppression (methods.md §11.2 steps 1–2, §11.3), with a reason per suppressed cell.

* Primary: every count of ``suppress_min``–``suppress_max`` (1–7) is suppressed; zeros are shown unless the
  policy says otherwise. Exempt cells are never suppressed.
* Secondary, the greedy rule of §11.3: every constraint that contains a suppressed cell must contain at least
  two; when one has only one, also suppress the smallest non-zero unsuppressed cell of that constraint,
  preferring inner cells to margins. Repeat until no constraint changes.

Each suppressed cell carries a :class:`Reason` (the reason log of ACRO, https://pypi.org/project/acro). The log
names which cells were primary, so it belongs to the internal tier, never to a public output.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from wres.disclosure.policy import DisclosurePolicy
from wres.disclosure.system import CellSystem, Constraint

ReasonKind = Literal["primary", "secondary", "audit", "hidden"]


@dataclass(frozen=True)
class Reason:
    """Why one cell is suppressed: ``kind`` is primary, secondary, audit, or hidden (a count never published);
    ``detail`` is one readable line."""

    cell: str
    kind: ReasonKind
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


def primary_reason(cell: str, value: int, policy: DisclosurePolicy) -> Reason | None:
    """The primary reason for suppressing a count of ``value``, or ``None`` (§11.2 step 1)."""
    if not policy.is_primary(value):
        return None
    if value == 0:
        return Reason(cell, "primary", "zero count (zeros are not shown under this policy)")
    return Reason(cell, "primary", f"count {policy.suppress_min}–{policy.suppress_max}")


def primary_suppression(system: CellSystem, policy: DisclosurePolicy) -> dict[str, Reason]:
    """Every non-exempt cell whose count the policy suppresses on its own, and every hidden cell (unknown to
    readers from the start; primary when its count is one the policy protects)."""
    out: dict[str, Reason] = {}
    for cell in system.cells.values():
        if cell.exempt:
            continue
        reason = primary_reason(cell.id, cell.value, policy)
        if cell.hidden:
            if reason is not None:
                reason = Reason(cell.id, "primary", f"unpublished {reason.detail}, bounded by published figures")
            else:
                reason = Reason(cell.id, "hidden", "not published")
        if reason is not None:
            out[cell.id] = reason
    return out


def choose_partner(system: CellSystem, constraint: Constraint, suppressed: Collection[str]) -> str | None:
    """The cell to suppress with a lone suppressed cell of ``constraint``.

    The smallest non-zero, unsuppressed, non-exempt member, inner cells before margins, then the earliest added;
    ``None`` when there is none (the audit then decides).
    """
    best: tuple[bool, int, int] | None = None
    chosen: str | None = None
    for cell_id in constraint.members:
        cell = system.cells[cell_id]
        if cell_id in suppressed or cell.exempt or cell.hidden or cell.value == 0:
            continue
        key = (system.is_margin(cell_id), cell.value, system.index(cell_id))
        if best is None or key < best:
            best, chosen = key, cell_id
    return chosen


def secondary_suppression(system: CellSystem, suppressed: Mapping[str, Reason]) -> dict[str, Reason]:
    """Apply the greedy rule of §11.3 until no constraint changes; returns every suppressed cell with its reason.

    Constraints are visited in the order they were added, repeatedly, until a full pass adds nothing. A
    constraint whose lone suppressed cell has no possible partner is left as it is (the audit catches it).
    """
    out = dict(suppressed)
    changed = True
    while changed:
        changed = False
        for con in system.constraints:
            inside = [c for c in con.members if c in out]
            if len(inside) != 1:
                continue
            partner = choose_partner(system, con, out)
            if partner is None:
                continue
            out[partner] = Reason(partner, "secondary", f"protects cell {inside[0]} in constraint {con.id}")
            changed = True
    return out


def suppress(system: CellSystem, policy: DisclosurePolicy) -> dict[str, Reason]:
    """Primary then secondary suppression (§11.2 steps 1–2)."""
    return secondary_suppression(system, primary_suppression(system, policy))
