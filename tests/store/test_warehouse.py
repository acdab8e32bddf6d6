"""The DuckDB store: schema versions, transactional loads, the ledger."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from tests.conftest import STAFF_HEADER, staff_rows, write_csv

from wres.errors import DataError, WresError
from wres.store import SCHEMA_VERSION, Store, warehouse


def test_created_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "w.duckdb"
    with Store(path) as st:
        assert st.schema_version() == SCHEMA_VERSION
        assert st.row_counts()["staff"] == 0
    assert path.exists()


def test_read_only_needs_existing_store(tmp_path: Path) -> None:
    with pytest.raises(WresError, match="no wres store here yet"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE wres_meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(WresError, match="newer than this wres understands"):
        Store(path)


def test_load_and_reload_replaces(tmp_path: Path, canonical_folder: Path) -> None:
    with Store(tmp_path / "w.duckdb") as st:
        first = st.load_folder(canonical_folder)
        assert first.row_counts == {"organisations": 1, "staff": 5}
        st.load_folder(canonical_folder)
        assert st.row_counts()["staff"] == 5
        ledger = st.con.execute("SELECT count(*) FROM load_ledger").fetchone()
        assert ledger == (2,)
        typed = st.con.execute("SELECT typeof(snapshot_date), typeof(bank_only) FROM staff LIMIT 1").fetchone()
        assert typed == ("DATE", "BOOLEAN")


def test_other_organisations_are_kept(tmp_path: Path, canonical_folder: Path) -> None:
    other = tmp_path / "other"
    write_csv(other / "organisations.csv", ["org_code", "org_name"], [["RYY", "Other Trust"]])
    write_csv(other / "staff.csv", STAFF_HEADER, staff_rows("RYY"))
    with Store(tmp_path / "w.duckdb") as st:
        st.load_folder(canonical_folder)
        st.load_folder(other)
        st.load_folder(canonical_folder)
        assert st.organisations() == ["RXX", "RYY"]
        assert st.row_counts()["staff"] == 10


def test_invalid_folder_leaves_store_unchanged(tmp_path: Path, canonical_folder: Path) -> None:
    path = tmp_path / "w.duckdb"
    with Store(path) as st:
        st.load_folder(canonical_folder)
    rows = staff_rows()
    rows[1][3] = "QQ"
    write_csv(canonical_folder / "staff.csv", STAFF_HEADER, rows)
    with Store(path) as st:
        with pytest.raises(DataError):
            st.load_folder(canonical_folder)
        assert st.row_counts()["staff"] == 5
        assert st.con.execute("SELECT count(*) FROM load_ledger").fetchone() == (1,)


def test_failure_inside_transaction_rolls_back(
    tmp_path: Path, canonical_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    with Store(path) as st:
        st.load_folder(canonical_folder)
    changed = tmp_path / "changed"
    write_csv(changed / "organisations.csv", ["org_code", "org_name"], [["RXX", "Renamed"]])
    write_csv(changed / "staff.csv", STAFF_HEADER, staff_rows()[:2])

    calls = {"n": 0}

    def failing_progress(message: str) -> None:
        if message.startswith("loading"):
            calls["n"] += 1
            if calls["n"] == 2:  # after organisations were replaced, before staff
                raise RuntimeError("power cut")

    with Store(path) as st, pytest.raises(RuntimeError):
        st.load_folder(changed, progress=failing_progress)
    with Store(path, read_only=True) as st:
        assert st.row_counts()["staff"] == 5
        assert st.con.execute("SELECT org_name FROM organisations").fetchone() == ("Example Trust",)


def test_migrations_cover_every_version() -> None:
    assert len(warehouse.MIGRATIONS) == SCHEMA_VERSION
