"""Model Employer trajectories stored as issued (wres.store.issued_targets; ADR 0016): versions kept, the issue a
year is judged against, who and when, exact targets, and a store that never issued one left unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from wres.store import Store
from wres.store.issued_targets import ISSUES, TARGETS, StoredRow, has_tables, issues, latest_issue, record_issue

PARAMS = {"baseline_year": 2018, "target_year": 2028, "bands": ["8c"], "reference": "latest"}


def _rows(num: int, den: int) -> list[StoredRow]:
    common = {"band": "8c", "baseline_year": 2018, "baseline_bme": 1, "baseline_headcount": 20, "reference_year": 2024}
    return [
        StoredRow(tier="internal", year=2024, target_num=num, target_den=den, reference_bme=200,
                  reference_headcount=1000, **common),  # type: ignore[arg-type]
        StoredRow(tier="public", year=2024, target_num=1, target_den=5, reference_bme=200,
                  reference_headcount=1000, **common),  # type: ignore[arg-type]
        StoredRow(tier="internal", year=None, target_num=None, target_den=None, reference_bme=200,
                  reference_headcount=1000, reason="no staff", **{**common, "band": "9"}),  # type: ignore[arg-type]
    ]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    return path


def test_a_store_that_never_issued_reads_as_none_and_is_not_changed(store: Path) -> None:
    with Store(store, read_only=True) as st:
        assert latest_issue(st.con, "RXX", 2030) is None
        assert issues(st.con, "RXX") == []
        assert not has_tables(st.con)


def test_issuing_again_makes_a_new_version_and_keeps_the_old(store: Path) -> None:
    with Store(store) as st:
        first = record_issue(st, "RXX", 2024, PARAMS, ["a note"], _rows(7, 50), issued_by="alice")
        second = record_issue(st, "RXX", 2024, PARAMS, [], _rows(3, 20), issued_by="bob")
        other = record_issue(st, "RYY", 2024, PARAMS, [], _rows(1, 4))
    assert (first.version, second.version, other.version) == (1, 2, 1)
    with Store(store, read_only=True) as st:
        held = issues(st.con, "RXX")
        assert [(i.issue_year, i.version, i.issued_by) for i in held] == [(2024, 1, "alice"), (2024, 2, "bob")]
        assert all(i.issued_at for i in held)
        latest = latest_issue(st.con, "RXX", 2024)
        assert latest is not None
        assert latest.version == 2
        assert latest.rows[0].target_num == 3
        assert latest.rows[0].target_den == 20
        count = st.con.execute(f"SELECT count(*) FROM {TARGETS}").fetchone()
        assert count is not None
        assert count[0] == 9  # three issues of three rows: nothing replaced
        share = st.con.execute(f"SELECT target_share FROM {TARGETS} WHERE target_num = 7").fetchone()
        assert share is not None
        assert share[0] == pytest.approx(0.14)


def test_latest_issue_on_or_before_the_year_judged(store: Path) -> None:
    with Store(store) as st:
        record_issue(st, "RXX", 2022, PARAMS, [], _rows(1, 10))
        record_issue(st, "RXX", 2024, PARAMS, [], _rows(1, 5))
    with Store(store, read_only=True) as st:
        assert latest_issue(st.con, "RXX", 2021) is None
        for year, issued in ((2022, 2022), (2023, 2022), (2024, 2024), (2030, 2024)):
            found = latest_issue(st.con, "RXX", year)
            assert found is not None
            assert found.issue_year == issued


def test_rows_come_back_as_stored_in_order(store: Path) -> None:
    rows = _rows(7, 50)
    with Store(store) as st:
        record_issue(st, "RXX", 2024, PARAMS, ["note"], rows)
    with Store(store, read_only=True) as st:
        found = latest_issue(st.con, "RXX", 2024)
    assert found is not None
    assert found.rows == rows
    assert found.parameters == PARAMS
    assert found.notes == ["note"]


def test_loading_data_keeps_the_issues(store: Path, tmp_path: Path) -> None:
    from wres.synth import SynthConfig, generate, write_canonical

    data = generate(SynthConfig(size=200, first_year=2024, last_year=2024, seed=2))
    canonical = write_canonical(data, tmp_path / "canonical")
    with Store(store) as st:
        record_issue(st, "SY001", 2024, PARAMS, [], _rows(7, 50))
        st.load_folder(canonical)
        count = st.con.execute(f"SELECT count(*) FROM {ISSUES}").fetchone()
    assert count is not None
    assert count[0] == 1


def test_a_read_only_store_is_refused(store: Path) -> None:
    with Store(store, read_only=True) as st, pytest.raises(ValueError, match="read-only"):
        record_issue(st, "RXX", 2024, PARAMS, [], _rows(7, 50))
