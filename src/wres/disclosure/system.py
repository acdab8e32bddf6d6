"""One linear system over every table published together (methods.md §11.3).

A :class:`CellSystem` holds *cells* (a published count with its true integer value) and additive *constraints*
(``total = part + part + …``). A cell may appear in any number of constraints, so a count shown in two tables
(the overall White headcount of indicators 1, 3, 4 and 9, say) is one cell, and protecting one table cannot be
undone by differencing against another. Secondary suppression (:mod:`wres.disclosure.suppress`) and the audit
(:mod:`wres.disclosure.audit`) both work on this system.

A cell is a *margin* when it is the total of some constraint (or was added with ``margin=True``); secondary
suppression prefers inner cells to margins. An *exempt* cell is published exactly and never suppressed
(all-England aggregates, §11.2 exemptions). A *hidden* cell is a count that is never published but that
published figures bound (for example the people recorded only as "BME, not specified": WRES BME minus the
5-group's Mixed, Asian, Black and Other); the audit treats it like a suppressed cell, and protects it when it is
1–7, since differencing published tables could otherwise reveal it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Cell:
    """A count: its id, true value, and whether it is a declared margin, exempt, or hidden (never published)."""

    id: str
    value: int
    margin: bool = False
    exempt: bool = False
    hidden: bool = False


@dataclass(frozen=True)
class Constraint:
    """``total = sum(parts)``, true of the unrounded values."""

    id: str
    total: str
    parts: tuple[str, ...]

    @property
    def members(self) -> tuple[str, ...]:
        return (self.total, *self.parts)


class CellSystem:
    """Cells and additive constraints; cells keep the order they were added in (ties are broken by it)."""

    def __init__(self) -> None:
        self._cells: dict[str, Cell] = {}
        self._index: dict[str, int] = {}
        self._constraints: list[Constraint] = []
        self._seen: set[tuple[str, frozenset[str]]] = set()
        self._of: dict[str, list[int]] = {}
        self._totals: set[str] = set()

    # building ---------------------------------------------------------------------------------------------

    def add_cell(
        self, cell_id: str, value: int, *, margin: bool = False, exempt: bool = False, hidden: bool = False
    ) -> Cell:
        """Add a cell, or return the existing one with this id (its value must agree).

        Raises ``ValueError`` for a negative or non-integer value, or an id already used with another value.
        """
        if isinstance(value, bool) or int(value) != value or value < 0:
            raise ValueError(f"cell {cell_id!r}: a count must be a non-negative integer, not {value!r}")
        existing = self._cells.get(cell_id)
        if existing is not None:
            if existing.value != value:
                raise ValueError(f"cell {cell_id!r} already has value {existing.value}, not {value}")
            if (margin and not existing.margin) or (exempt and not existing.exempt):
                existing = Cell(
                    cell_id, existing.value, existing.margin or margin, existing.exempt or exempt, existing.hidden
                )
                self._cells[cell_id] = existing
            return existing
        if hidden and exempt:
            raise ValueError(f"cell {cell_id!r}: a hidden cell cannot be exempt")
        cell = Cell(cell_id, int(value), margin, exempt, hidden)
        self._index[cell_id] = len(self._cells)
        self._cells[cell_id] = cell
        self._of[cell_id] = []
        return cell

    def holds(self, total: str, parts: Sequence[str]) -> bool:
        """Whether ``total = sum(parts)`` holds for the true values (all cells must exist)."""
        return self._cells[total].value == sum(self._cells[p].value for p in parts)

    def add_constraint(self, total: str, parts: Sequence[str], constraint_id: str | None = None) -> Constraint | None:
        """Add ``total = sum(parts)``; ``None`` when the same constraint is already present.

        Raises ``KeyError`` for an unknown cell and ``ValueError`` when the parts are empty, repeat, include the
        total, or do not add up to it.
        """
        for c in (total, *parts):
            if c not in self._cells:
                raise KeyError(f"unknown cell {c!r}")
        if not parts or len(set(parts)) != len(parts) or total in parts:
            raise ValueError(f"constraint on {total!r}: parts must be distinct cells other than the total")
        if not self.holds(total, parts):
            got = sum(self._cells[p].value for p in parts)
            raise ValueError(f"constraint on {total!r} does not hold: {self._cells[total].value} != {got}")
        key = (total, frozenset(parts))
        if key in self._seen:
            return None
        self._seen.add(key)
        con = Constraint(constraint_id or f"{total} = sum of {len(parts)}", total, tuple(parts))
        k = len(self._constraints)
        self._constraints.append(con)
        for c in con.members:
            self._of[c].append(k)
        self._totals.add(total)
        return con

    # reading ----------------------------------------------------------------------------------------------

    @property
    def cells(self) -> Mapping[str, Cell]:
        return self._cells

    @property
    def constraints(self) -> Sequence[Constraint]:
        return self._constraints

    def __len__(self) -> int:
        return len(self._cells)

    def __contains__(self, cell_id: object) -> bool:
        return cell_id in self._cells

    def value(self, cell_id: str) -> int:
        return self._cells[cell_id].value

    def index(self, cell_id: str) -> int:
        """Position of a cell in :meth:`ids`, :meth:`values` and the columns of :meth:`matrix`."""
        return self._index[cell_id]

    def ids(self) -> list[str]:
        return list(self._cells)

    def values(self) -> FloatArray:
        return np.array([c.value for c in self._cells.values()], dtype=float)

    def constraints_of(self, cell_id: str) -> list[Constraint]:
        """Every constraint the cell takes part in, as total or as part."""
        return [self._constraints[k] for k in self._of[cell_id]]

    def is_margin(self, cell_id: str) -> bool:
        """A declared margin, or the total of some constraint."""
        return self._cells[cell_id].margin or cell_id in self._totals

    def matrix(self) -> sp.csr_array:
        """Constraints as rows of ``A x = 0``: +1 for the total, −1 for each part (columns follow :meth:`ids`)."""
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        for k, con in enumerate(self._constraints):
            rows.append(k)
            cols.append(self._index[con.total])
            data.append(1.0)
            for p in con.parts:
                rows.append(k)
                cols.append(self._index[p])
                data.append(-1.0)
        shape = (len(self._constraints), len(self._cells))
        return sp.csr_array((np.array(data), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))), shape)


def table_system(
    inner: Mapping[tuple[str, str], int], *, name: str = "", exempt: Iterable[str] = ()
) -> tuple[CellSystem, dict[str, str]]:
    """A two-way table with row, column and grand totals, as a system (handy for examples and tests).

    ``inner`` maps (row label, column label) to a count. Cell ids are ``"{name}r|c"`` for inner cells,
    ``"{name}r|*"``, ``"{name}*|c"`` for margins and ``"{name}*|*"`` for the grand total. Returns the system and
    a map from id to the label pair.
    """
    rows = list(dict.fromkeys(r for r, _ in inner))
    cols = list(dict.fromkeys(c for _, c in inner))
    sys = CellSystem()
    labels: dict[str, str] = {}
    skip = set(exempt)

    def cid(r: str, c: str) -> str:
        labels[f"{name}{r}|{c}"] = f"{r}|{c}"
        return f"{name}{r}|{c}"

    for r in rows:
        for c in cols:
            sys.add_cell(cid(r, c), inner.get((r, c), 0), exempt=cid(r, c) in skip)
    for r in rows:
        sys.add_cell(cid(r, "*"), sum(inner.get((r, c), 0) for c in cols), exempt=cid(r, "*") in skip)
        sys.add_constraint(cid(r, "*"), [cid(r, c) for c in cols], f"row {r}")
    for c in cols:
        sys.add_cell(cid("*", c), sum(inner.get((r, c), 0) for r in rows), exempt=cid("*", c) in skip)
        sys.add_constraint(cid("*", c), [cid(r, c) for r in rows], f"column {c}")
    sys.add_cell(cid("*", "*"), sum(inner.values()), exempt=cid("*", "*") in skip)
    sys.add_constraint(cid("*", "*"), [cid(r, "*") for r in rows], "row totals")
    sys.add_constraint(cid("*", "*"), [cid("*", c) for c in cols], "column totals")
    return sys, labels
