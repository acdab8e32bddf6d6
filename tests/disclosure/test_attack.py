"""The differencing-attack test (methods.md §11.4).

Small synthetic organisations (where counts of 1–7 abound) go through the real indicator code and then through
:func:`wres.disclosure.protect`. An attacker written independently of the protection code (:mod:`.attacker`:
its own model of what every published figure is a sum of, and the published shares and rates as linear
constraints) then tries every primary-suppressed count with linear programmes. No count of 1–7 may be narrowed to
fewer than ``protection_width`` values, and no published figure may show one.
"""

from __future__ import annotations

import pandas as pd
import pytest

from wres.disclosure import V1_POLICY, DisclosurePolicy, protect

from .attacker import attack, primary_targets, published_small_counts
from .conftest import synthetic

CASES = {
    "small trusts, one year": {"seed": 1},
    "last year beside this year": {"seed": 2, "n_orgs": 1, "size": 300, "years": (2025, 2026)},
    "5-group view": {"seed": 3, "n_orgs": 1, "size": 200, "by": "ethnicity5"},
    "larger trusts": {"seed": 4, "size": 1500},
}


def _organisations(case: dict[str, object]) -> list[tuple[str, pd.DataFrame, pd.DataFrame]]:
    res = synthetic(**case)  # type: ignore[arg-type]
    return [
        (org, res.counts[res.counts["org_code"] == org], res.frame[res.frame["org_code"] == org])
        for org in sorted(set(res.counts["org_code"]))
    ]


# tests that share a synthetic data set run on the same xdist worker (``--dist loadgroup``): it is built once
GROUP = {"small trusts, one year": "a", "larger trusts": "a", "last year beside this year": "b", "5-group view": "b"}


@pytest.mark.parametrize(
    "case", [pytest.param(c, marks=pytest.mark.xdist_group(f"disclosure-{GROUP[c]}")) for c in CASES]
)
def test_no_count_of_one_to_seven_is_recovered(case: str) -> None:
    attacked = 0
    for org, counts, results in _organisations(CASES[case]):
        out = protect(counts, results, V1_POLICY)
        assert out.audits[org].passed
        assert not published_small_counts(out.counts, out.results), org
        failures = attack(out.counts, out.results, counts, V1_POLICY.protection_width - 1)
        assert not failures, (org, failures[:5])
        attacked += len(primary_targets(out.counts, counts))
    assert attacked > 50  # the test means something: many small counts were attacked


@pytest.mark.xdist_group("disclosure-a")
def test_statistics_never_outlive_their_counts() -> None:
    for _, counts, results in _organisations(CASES["small trusts, one year"]):
        out = protect(counts, results, V1_POLICY)
        public = out.results
        hidden = public[["a", "n1"]].isna().any(axis=1) & results[["a", "n1"]].notna().all(axis=1).to_numpy()
        assert public.loc[hidden, ["rate_a", "ci95_low", "ci95_high"]].isna().all().all()
        hidden_b = public[["c", "n2"]].isna().any(axis=1) & results[["c", "n2"]].notna().all(axis=1).to_numpy()
        assert public.loc[hidden_b, "rate_b"].isna().all()


@pytest.mark.xdist_group("disclosure-a")
def test_the_attacker_finds_what_primary_suppression_alone_gives_away(monkeypatch: pytest.MonkeyPatch) -> None:
    # the same publication with primary suppression only (no secondary suppression, no audit; derived statistics
    # still follow their counts): the attacker must recover small counts, or the test above proves nothing
    from wres.disclosure import control
    from wres.disclosure.audit import AuditReport

    monkeypatch.setattr(control, "secondary_suppression", lambda system, reasons: dict(reasons))
    monkeypatch.setattr(control, "audit", lambda *a, **k: AuditReport({}, (), 3, 0))
    _, counts, results = _organisations(CASES["small trusts, one year"])[0]
    out = protect(counts, results, V1_POLICY)
    assert len(attack(out.counts, out.results, counts, V1_POLICY.protection_width - 1)) > 5


@pytest.mark.xdist_group("disclosure-b")
def test_without_pinning_counts_behind_statistics_the_attacker_wins() -> None:
    # published shares at one decimal place undo the rounding of their counts (ADR 0008); auditing as if they did
    # not lets the attacker narrow some small counts
    res = synthetic(3, n_orgs=1, size=5000)
    out = protect(
        res.counts, res.frame, DisclosurePolicy("public-v1", indicator9_exempt=False, derived_pins_counts=False)
    )
    assert attack(out.counts, out.results, res.counts, V1_POLICY.protection_width - 1)
