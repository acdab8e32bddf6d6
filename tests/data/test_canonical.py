"""Validation of canonical folders: every problem names file, row, column, value and problem."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from tests.conftest import STAFF_HEADER, staff_rows, write_csv

from wres.data.canonical import FolderValidator, find_table_files
from wres.data.docs import data_format_markdown
from wres.errors import DataError, WresError


def validate(folder: Path) -> dict[str, int]:
    return FolderValidator(duckdb.connect(), folder).validate()


def problems_of(folder: Path) -> DataError:
    with pytest.raises(DataError) as info:
        validate(folder)
    return info.value


def test_valid_folder_counts(canonical_folder: Path) -> None:
    assert validate(canonical_folder) == {"organisations": 1, "staff": 5}


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(WresError, match="not a folder"):
        find_table_files(tmp_path / "nope")


def test_missing_required_table(tmp_path: Path) -> None:
    write_csv(tmp_path / "organisations.csv", ["org_code", "org_name"], [["RXX", "T"]])
    err = problems_of(tmp_path)
    assert "required table 'staff' is missing" in str(err)


def test_unknown_file_is_an_error(canonical_folder: Path) -> None:
    write_csv(canonical_folder / "stafff.csv", ["a"], [["1"]])
    err = problems_of(canonical_folder)
    assert "stafff.csv" in str(err)
    assert "not a canonical table" in str(err)


def test_missing_column_names_file_and_column(canonical_folder: Path) -> None:
    header = [h for h in STAFF_HEADER if h != "band"]
    rows = [[v for h, v in zip(STAFF_HEADER, r, strict=True) if h != "band"] for r in staff_rows()]
    write_csv(canonical_folder / "staff.csv", header, rows)
    err = problems_of(canonical_folder)
    p = err.problems[0]
    assert p.file.endswith("staff.csv")
    assert p.column == "band"
    assert "required column is missing" in p.problem


def test_unexpected_column(canonical_folder: Path) -> None:
    rows = [[*r, "x"] for r in staff_rows()]
    write_csv(canonical_folder / "staff.csv", [*STAFF_HEADER, "full_name"], rows)
    err = problems_of(canonical_folder)
    assert err.problems[0].column == "full_name"


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("snapshot_date", "31/03/2024", "not a date"),
        ("ethnic_category", "White British", "not a canonical ethnic category code"),
        ("band", "Band 5", "not a band code"),
        ("staff_group", "Nurses", "not an ESR staff group"),
        ("bank_only", "maybe", "not a boolean"),
        ("contract", "permanent", "not one of"),
        ("org_code", "rxx", "not an ODS code"),
        ("person_id", "", "empty value"),
    ],
)
def test_bad_value_names_row_column_value(canonical_folder: Path, column: str, value: str, problem: str) -> None:
    rows = staff_rows()
    rows[2][STAFF_HEADER.index(column)] = value
    write_csv(canonical_folder / "staff.csv", STAFF_HEADER, rows)
    err = problems_of(canonical_folder)
    p = err.problems[0]
    assert p.file.endswith("staff.csv")
    assert p.row == 4  # header is line 1; the third data row is line 4
    assert p.column == column
    assert problem in p.problem
    if value:
        assert p.value == value


def test_duplicate_key(canonical_folder: Path) -> None:
    rows = staff_rows()
    rows.append(list(rows[0]))
    write_csv(canonical_folder / "staff.csv", STAFF_HEADER, rows)
    err = problems_of(canonical_folder)
    assert err.problems[0].row == 7
    assert "duplicate key" in err.problems[0].problem


def test_organisation_must_be_listed(canonical_folder: Path) -> None:
    rows = staff_rows()
    rows[0][0] = "RYY"
    write_csv(canonical_folder / "staff.csv", STAFF_HEADER, rows)
    err = problems_of(canonical_folder)
    assert err.problems[0].value == "RYY"
    assert "organisation not in organisations" in err.problems[0].problem


def test_appointed_but_not_shortlisted(canonical_folder: Path) -> None:
    header = [
        "org_code",
        "application_id",
        "vacancy_id",
        "applicant_id",
        "ethnic_category",
        "application_date",
        "shortlisted",
        "shortlisting_date",
        "appointed",
    ]
    write_csv(
        canonical_folder / "recruitment.csv",
        header,
        [
            ["RXX", "A1", "V1", "C1", "A", "2023-05-01", "true", "2023-05-10", "true"],
            ["RXX", "A2", "V1", "C2", "N", "2023-05-01", "false", "", "true"],
        ],
    )
    err = problems_of(canonical_folder)
    assert err.problems[0].row == 3
    assert err.problems[0].problem == "appointed but not shortlisted"


def test_every_problem_is_counted(canonical_folder: Path) -> None:
    rows = staff_rows()
    for r in rows:
        r[STAFF_HEADER.index("band")] = "Band X"
    write_csv(canonical_folder / "staff.csv", STAFF_HEADER, rows)
    err = problems_of(canonical_folder)
    assert err.total == len(rows)
    assert "and 4 more problems" in str(err)


def test_parquet_folder(canonical_folder: Path, tmp_path: Path) -> None:
    con = duckdb.connect()
    out = tmp_path / "pq"
    out.mkdir()
    for name in ("organisations", "staff"):
        con.execute(
            f"COPY (SELECT * FROM read_csv('{canonical_folder / (name + '.csv')}', header=true)) "
            f"TO '{out / (name + '.parquet')}' (FORMAT parquet)"
        )
    assert validate(out) == {"organisations": 1, "staff": 5}


def test_unreadable_csv_is_reported(canonical_folder: Path) -> None:
    (canonical_folder / "staff.csv").write_bytes(b'org_code,person_id\n"RXX,P1\n')
    err = problems_of(canonical_folder)
    assert "staff.csv" in str(err)


def test_data_format_doc_is_generated_from_schema() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "data-format.md"
    assert doc.read_text(encoding="utf-8") == data_format_markdown(), (
        "docs/data-format.md is stale: run `wres schema --out docs/data-format.md`"
    )
