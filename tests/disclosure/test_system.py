"""The cell system: cells, additive constraints, shared cells (methods.md §11.3)."""

from __future__ import annotations

import numpy as np
import pytest

from wres.disclosure import CellSystem, table_system


def test_a_cell_added_twice_is_one_cell() -> None:
    s = CellSystem()
    a = s.add_cell("white", 40)
    assert s.add_cell("white", 40) is a
    assert len(s) == 1
    assert s.add_cell("white", 40, margin=True).margin  # flags accumulate


@pytest.mark.parametrize("value", [-1, 2.5, True])
def test_counts_must_be_non_negative_integers(value: object) -> None:
    with pytest.raises(ValueError, match="non-negative integer"):
        CellSystem().add_cell("x", value)  # type: ignore[arg-type]


def test_the_same_id_cannot_hold_two_values() -> None:
    s = CellSystem()
    s.add_cell("x", 3)
    with pytest.raises(ValueError, match="already has value 3"):
        s.add_cell("x", 4)


def test_constraints_must_hold_and_be_well_formed() -> None:
    s = CellSystem()
    for cid, v in (("t", 10), ("a", 4), ("b", 6)):
        s.add_cell(cid, v)
    assert s.add_constraint("t", ["a", "b"], "row") is not None
    assert s.add_constraint("t", ["b", "a"]) is None  # the same constraint again
    with pytest.raises(ValueError, match="does not hold"):
        s.add_constraint("a", ["b"])
    with pytest.raises(ValueError, match="distinct"):
        s.add_constraint("t", ["a", "a"])
    with pytest.raises(KeyError):
        s.add_constraint("t", ["a", "zz"])
    assert s.is_margin("t")
    assert not s.is_margin("a")
    assert [c.id for c in s.constraints_of("a")] == ["row"]


def test_a_cell_shared_by_two_tables_takes_part_in_both() -> None:
    # the overall White headcount: the total of indicator 1's band table and a denominator of indicator 3
    s = CellSystem()
    for cid, v in (("white", 50), ("band5 white", 30), ("band6 white", 20), ("white entrants", 4), ("white rest", 46)):
        s.add_cell(cid, v)
    s.add_constraint("white", ["band5 white", "band6 white"], "indicator 1")
    s.add_constraint("white", ["white entrants", "white rest"], "indicator 3")
    assert len(s.constraints_of("white")) == 2


def test_matrix_rows_are_total_minus_parts() -> None:
    s, _ = table_system({("r1", "W"): 3, ("r1", "B"): 5, ("r2", "W"): 8, ("r2", "B"): 9})
    a = s.matrix().toarray()
    assert a.shape == (len(s.constraints), len(s))
    assert np.allclose(a @ s.values(), 0)
    assert set(np.unique(a)) <= {-1.0, 0.0, 1.0}


def test_table_system_has_row_column_and_grand_totals() -> None:
    s, labels = table_system({("r1", "W"): 3, ("r2", "W"): 8})
    assert s.value("*|*") == 11
    assert s.value("r1|*") == 3
    assert s.value("*|W") == 11
    assert labels["r1|W"] == "r1|W"
    assert {c.id for c in s.constraints} == {"row r1", "row r2", "column W", "row totals", "column totals"}


def test_hidden_cells_cannot_be_exempt() -> None:
    with pytest.raises(ValueError, match="hidden"):
        CellSystem().add_cell("x", 1, hidden=True, exempt=True)
