"""The staff table's optional pay columns in canonical folders and the store (issue 17): a folder without them
loads as before; bad values are refused naming file, row, column and problem; a store made before them (schema
version 2) is migrated and keeps its rows, with the new columns empty."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from tests.conftest import STAFF_HEADER, staff_rows, write_csv

from wres.data.canonical import FolderValidator
from wres.errors import DataError
from wres.store import SCHEMA_VERSION, Store
from wres.store.warehouse import MIGRATIONS

PAY_HEADER = [*STAFF_HEADER, "hourly_pay", "hours", "fte"]


def pay_rows(*pay: tuple[str, str, str]) -> list[list[object]]:
    return [[*r, *p] for r, p in zip(staff_rows(), pay, strict=False)]


def test_a_folder_with_pay_loads_the_values(canonical_folder: Path, tmp_path: Path) -> None:
    rows = pay_rows(("18.73", "37.5", "1"), ("", "", ""), ("30.10", "22.5", "0.6"), ("60", "40", "1"), ("15", "0", "0"))
    write_csv(canonical_folder / "staff.csv", PAY_HEADER, rows)
    with Store(tmp_path / "s.duckdb") as st:
        st.load_folder(canonical_folder)
        got = st.con.execute("SELECT person_id, hourly_pay, hours, fte FROM staff ORDER BY person_id").fetchall()
    assert got == [
        ("P1", 18.73, 37.5, 1.0),
        ("P2", None, None, None),
        ("P3", 30.10, 22.5, 0.6),
        ("P4", 60.0, 40.0, 1.0),
        ("P5", 15.0, 0.0, 0.0),
    ]


def test_bad_pay_values_in_a_folder_name_file_row_column_and_problem(canonical_folder: Path) -> None:
    rows = pay_rows(
        ("-1", "37.5", "1"), ("1500", "37.5", "1"), ("abc", "37.5", "1"), ("20", "170", "1"), ("20", "1", "3")
    )
    write_csv(canonical_folder / "staff.csv", PAY_HEADER, rows)
    with pytest.raises(DataError) as info:
        FolderValidator(duckdb.connect(), canonical_folder).validate()
    got = {(p.row, p.column, p.problem) for p in info.value.problems}
    assert all(str(p.file).endswith("staff.csv") for p in info.value.problems)
    assert (2, "hourly_pay", "not a plausible hourly pay (expected 0.01 to 1,000 pounds)") in got  # -1
    assert (3, "hourly_pay", "not a plausible hourly pay (expected 0.01 to 1,000 pounds)") in got  # 1500
    assert (4, "hourly_pay", "not a number") in got
    assert (5, "hours", "not a plausible number of hours a week (expected 0 to 168)") in got
    assert (6, "fte", "not a plausible whole-time equivalent (expected 0 to 2)") in got


def _version_2_store(path: Path, folder: Path) -> None:
    """A store as wres made it before the pay columns: schema version 2, staff without them, one load."""
    Store(path).close()
    con = duckdb.connect(str(path))
    for name in ("hourly_pay", "hours", "fte"):
        con.execute(f"ALTER TABLE staff DROP COLUMN {name}")
    con.execute("UPDATE wres_meta SET value = '2' WHERE key = 'schema_version'")
    cols = ", ".join(STAFF_HEADER)
    con.execute("INSERT INTO organisations (org_code, org_name) VALUES ('RXX', 'Example Trust')")
    con.execute(f"INSERT INTO staff ({cols}) SELECT {cols} FROM read_csv('{folder / 'staff.csv'}', header=true)")
    con.close()


def test_a_store_made_before_pay_columns_is_migrated(canonical_folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    _version_2_store(path, canonical_folder)
    with Store(path, read_only=True, migrate=True) as st:  # read-only with migrate: migrated read-write first
        assert st.schema_version() == SCHEMA_VERSION == len(MIGRATIONS) == 4
        got = st.con.execute("SELECT count(*), count(hourly_pay), count(hours), count(fte) FROM staff").fetchone()
    assert got == (5, 0, 0, 0)
    with Store(path) as st:  # and a folder with pay loads into it
        rows = pay_rows(*[("20", "37.5", "1")] * 5)
        write_csv(canonical_folder / "staff.csv", PAY_HEADER, rows)
        st.load_folder(canonical_folder)
        assert st.con.execute("SELECT count(hourly_pay) FROM staff").fetchone() == (5,)


def test_a_new_store_has_the_pay_columns_once(tmp_path: Path) -> None:
    with Store(tmp_path / "new.duckdb") as st:
        cols = [
            r[0]
            for r in st.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'staff'"
            ).fetchall()
        ]
    assert [c for c in cols if c in ("hourly_pay", "hours", "fte")] == ["hourly_pay", "hours", "fte"]
