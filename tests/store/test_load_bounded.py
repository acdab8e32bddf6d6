"""``wres load`` within ``[store] memory_limit_mb`` (issue 18): same store, same problems, nothing half-written.

A national Parquet folder used to be copied as text into memory whole (10.5 GB peak); now a Parquet file is read
through a view, its row numbers Parquet's own record numbers, and DuckDB spills beyond the limit to an owner-only
folder removed with the store's connection. The oracle for rows and row numbers is pyarrow reading the same files.
"""

from __future__ import annotations

import stat
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from tests.conftest import STAFF_HEADER, write_csv

from wres.errors import DataError
from wres.store import Store

ROWS = 3000


def _text_csv(path: Path) -> pa.Table:
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    types = {name: pa.string() for name in header}
    return pa_csv.read_csv(path, convert_options=pa_csv.ConvertOptions(column_types=types))


def _folder(tmp_path: Path, canonical_folder: Path, *, bad_row: int | None = None, dup_of: int | None = None) -> Path:
    """A Parquet folder: the organisations of ``canonical_folder`` and ``ROWS`` staff in row groups of 256."""
    out = tmp_path / "pq"
    out.mkdir(exist_ok=True)
    pq.write_table(_text_csv(canonical_folder / "organisations.csv"), out / "organisations.parquet")
    rows: list[list[object]] = []
    for i in range(ROWS):
        group = "Nursing and Midwifery Registered"
        rows.append(["RXX", "2024-03-31", f"P{i:05d}", "A" if i % 3 else "N", "5", group, "substantive", "false"])
    person = STAFF_HEADER.index("person_id")
    if bad_row is not None:
        rows[bad_row][STAFF_HEADER.index("band")] = "Band X"
    if dup_of is not None:
        rows[-1][person] = rows[dup_of][person]
    write_csv(tmp_path / "staff.csv", STAFF_HEADER, rows)
    pq.write_table(_text_csv(tmp_path / "staff.csv"), out / "staff.parquet", row_group_size=256)
    return out


@pytest.fixture
def small_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    (tmp_path / "wres.toml").write_text("[store]\nmemory_limit_mb = 300\n", encoding="utf-8")
    monkeypatch.setenv("WRES_CONFIG", str(tmp_path / "wres.toml"))
    return 300


def test_load_within_the_limit_gives_the_files_rows(tmp_path: Path, canonical_folder: Path, small_limit: int) -> None:
    folder = _folder(tmp_path, canonical_folder)
    seen: list[tuple[str, int]] = []
    with Store(tmp_path / "s.duckdb") as st:

        def progress(stage: str) -> None:
            limit = st.con.execute("SELECT current_setting('memory_limit')").fetchone()
            spill = st.con.execute("SELECT current_setting('temp_directory')").fetchone()
            assert limit is not None
            assert spill is not None
            seen.append((str(limit[0]), stat.S_IMODE(Path(str(spill[0])).stat().st_mode)))

        st.load_folder(folder, progress=progress)
        spill_folder = Path(str(st.con.execute("SELECT current_setting('temp_directory')").fetchone()[0]))  # type: ignore[index]
        stored = st.con.execute("SELECT person_id, ethnic_category FROM staff ORDER BY person_id").fetchall()
    assert seen
    assert all(mode == 0o700 for _, mode in seen)
    assert all(limit.replace(" ", "").upper().startswith(("286", "300", "314")) for limit, _ in seen), seen
    assert not spill_folder.exists()  # removed with the connection
    expected = pq.read_table(folder / "staff.parquet", columns=["person_id", "ethnic_category"]).to_pylist()
    assert stored == sorted((r["person_id"], r["ethnic_category"]) for r in expected)


@pytest.mark.parametrize(("bad_row", "dup_of"), [(2900, None), (None, 10)])
def test_a_late_problem_names_its_record_and_leaves_the_store_unchanged(
    tmp_path: Path, canonical_folder: Path, small_limit: int, bad_row: int | None, dup_of: int | None
) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        st.load_folder(canonical_folder)
        before = st.row_counts(), st.con.execute("SELECT count(*) FROM load_ledger").fetchone()
    folder = _folder(tmp_path, canonical_folder, bad_row=bad_row, dup_of=dup_of)
    with Store(tmp_path / "s.duckdb") as st:
        with pytest.raises(DataError) as info:
            st.load_folder(folder)
        after = st.row_counts(), st.con.execute("SELECT count(*) FROM load_ledger").fetchone()
    assert after == before
    problem = info.value.problems[0]
    assert problem.file == str(folder / "staff.parquet")
    # The 1-based record number in the file, counted across its row groups (bad_row and the last row are 0-based).
    assert problem.row == (bad_row + 1 if bad_row is not None else ROWS)
    assert problem.column == ("band" if bad_row is not None else "org_code, snapshot_date, person_id")


def test_a_typed_parquet_folder_loads_what_the_csv_folder_loads(tmp_path: Path, canonical_folder: Path) -> None:
    """Dates and booleans already typed in Parquet are staged as they are: the same store rows as from CSV."""
    typed = tmp_path / "typed"
    typed.mkdir()
    con = duckdb.connect()
    for name in ("organisations", "staff"):
        con.execute(
            f"COPY (SELECT * FROM read_csv('{canonical_folder / (name + '.csv')}', header = true)) "
            f"TO '{typed / (name + '.parquet')}' (FORMAT parquet)"
        )
    kinds = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM '{typed / 'staff.parquet'}'").fetchall()}
    assert kinds["snapshot_date"] == "DATE"
    assert kinds["bank_only"] == "BOOLEAN"
    stored = []
    for i, folder in enumerate((canonical_folder, typed)):
        with Store(tmp_path / f"s{i}.duckdb") as st:
            st.load_folder(folder)
            stored.append(st.con.execute("SELECT * EXCLUDE (_import_id) FROM staff ORDER BY person_id").fetchall())
    assert stored[0] == stored[1]
    assert len(stored[0]) == 5
