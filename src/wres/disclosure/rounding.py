"""Rounding of the counts that remain after suppression (methods.md §11.2 step 3).

Every remaining non-zero count, totals included, is rounded to the nearest ``rounding_base`` (8 → 10, 12 → 10,
13 → 15); totals are rounded from their true value, never summed from rounded cells. Published zeros are exact.

**Tie rule: half up.** An integer is exactly halfway between two multiples of the base only when the base is even
(e.g. 15 with base 10); such values round up (15 → 20). With the default base 5 no integer is a tie (a remainder
of 0, 1, 2 rounds down and 3, 4 rounds up), so the rule never applies. Consequently a published value ``r`` means a
true value in ``[r − ⌊b/2⌋, r + ⌈b/2⌉ − 1]``: ``[r − 2, r + 2]`` for base 5 (§11.4).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Final, Literal

from wres.disclosure.policy import DisclosurePolicy
from wres.disclosure.system import CellSystem

CellStatus = Literal["suppressed", "rounded", "zero", "exempt", "hidden"]
SUPPRESSED: Final = "suppressed"
HIDDEN: Final = "hidden"
ROUNDED: Final = "rounded"
ZERO: Final = "zero"
EXEMPT: Final = "exempt"


@dataclass(frozen=True)
class PublicValue:
    """What the public tier shows for one cell: ``value`` is None when suppressed."""

    value: int | None
    status: CellStatus


def round_count(value: int, base: int) -> int:
    """``value`` rounded to the nearest multiple of ``base``, ties half up (see the module docstring)."""
    if base < 1:
        raise ValueError("base must be at least 1")
    if value < 0:
        raise ValueError("counts are non-negative")
    return (2 * value + base) // (2 * base) * base


def rounding_interval(published: int, base: int) -> tuple[int, int]:
    """The integers that round to ``published`` (before knowing anything else): ``[r − ⌊b/2⌋, r + ⌈b/2⌉ − 1]``."""
    return published - base // 2, published + (base + 1) // 2 - 1


def public_value(
    value: int, suppressed: bool, exempt: bool, policy: DisclosurePolicy, hidden: bool = False
) -> PublicValue:
    """The public form of one count (exempt cells are published exactly, hidden cells never)."""
    if hidden:
        return PublicValue(None, HIDDEN)
    if exempt:
        return PublicValue(value, EXEMPT)
    if suppressed:
        return PublicValue(None, SUPPRESSED)
    if value == 0:
        return PublicValue(0, ZERO)
    return PublicValue(round_count(value, policy.rounding_base), ROUNDED)


def publish(system: CellSystem, suppressed: Collection[str], policy: DisclosurePolicy) -> dict[str, PublicValue]:
    """The public value of every cell of ``system``, given the suppressed cells."""
    hidden = set(suppressed)
    return {cell.id: public_value(cell.value, cell.id in hidden, cell.exempt, policy) for cell in system.cells.values()}
