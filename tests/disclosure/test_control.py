"""The steps in order: suppress, round, audit, and more suppression until the audit passes (§11.2, §11.4)."""

from __future__ import annotations

import pytest

from wres.disclosure import (
    V1_POLICY,
    CellSystem,
    DisclosureBlockedError,
    DisclosurePolicy,
    protect_cells,
    table_system,
)

NO_ROUNDING = DisclosurePolicy("public-v1", indicator9_exempt=False, rounding_base=1)


def row(values: dict[str, int], exempt: tuple[str, ...] = ()) -> CellSystem:
    s = CellSystem()
    s.add_cell("T", sum(values.values()), exempt="T" in exempt)
    for cid, v in values.items():
        s.add_cell(cid, v, exempt=cid in exempt)
    s.add_constraint("T", list(values), "row")
    return s


def test_the_audit_adds_suppression_the_greedy_rule_missed() -> None:
    # W + U = 3 is known exactly once T and B are shown unrounded: the greedy rule is satisfied (two suppressed
    # cells), the audit is not, and suppressing B fixes it
    s = row({"W": 1, "U": 2, "B": 50})
    outcome = protect_cells(s, NO_ROUNDING)
    assert outcome.audit.passed
    assert outcome.rounds == 2
    assert outcome.reasons["B"].kind == "audit"
    assert str(outcome.reasons["B"]).startswith("audit: widens cell ")
    assert "feasible range [1, 3] holds fewer than 4 integers" in outcome.reasons["B"].detail
    assert outcome.public["B"].value is None
    assert outcome.public["T"].value == 53


def test_nothing_to_do_when_nothing_is_small() -> None:
    s, _ = table_system({("a", "x"): 12, ("a", "y"): 40, ("b", "x"): 9, ("b", "y"): 30})
    outcome = protect_cells(s, V1_POLICY)
    assert not outcome.reasons
    assert outcome.rounds == 1
    assert {c: v.value for c, v in outcome.public.items()}["a|x"] == 10


def test_an_output_that_cannot_be_protected_is_blocked() -> None:
    # the total and the other cell are exempt (published exactly), so W = T − B whatever is suppressed
    s = row({"W": 3, "B": 20}, exempt=("T", "B"))
    with pytest.raises(DisclosureBlockedError, match="cannot be fixed") as err:
        protect_cells(s, V1_POLICY)
    assert err.value.cells == ["W"]


def test_exact_for_is_asked_again_after_each_change() -> None:
    calls: list[frozenset[str]] = []

    def exact(suppressed: frozenset[str]) -> set[str]:
        calls.append(suppressed)
        return {"T", "B", "U"} - suppressed  # every shown count is pinned by some statistic

    s = row({"W": 3, "U": 12, "B": 20})
    outcome = protect_cells(s, V1_POLICY, exact)
    assert outcome.audit.passed
    assert calls[0] == frozenset({"W", "U"})


def test_reasons_cover_every_suppressed_cell() -> None:
    s, _ = table_system({("a", "x"): 3, ("a", "y"): 40, ("b", "x"): 25, ("b", "y"): 30})
    outcome = protect_cells(s, V1_POLICY)
    assert set(outcome.reasons) == outcome.suppressed == {c for c, v in outcome.public.items() if v.value is None}
    assert outcome.primary == {"a|x"}
    assert {r.kind for r in outcome.reasons.values()} <= {"primary", "secondary", "audit"}
