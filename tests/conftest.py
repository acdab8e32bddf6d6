"""Shared test fixtures."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import settings
from tests.indicators.worked import write_worked_folder

from wres.store import Store

# No test asserts on time: Hypothesis's default deadline (200 ms an example) would fail a correct property on a busy
# machine. Speed is measured by the scripts in benchmarks/.
settings.register_profile("wres", deadline=None)
settings.load_profile("wres")

WriteCsv = Callable[[Path, Sequence[str], Sequence[Sequence[object]]], Path]


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


STAFF_HEADER = [
    "org_code",
    "snapshot_date",
    "person_id",
    "ethnic_category",
    "band",
    "staff_group",
    "contract",
    "bank_only",
]


def staff_rows(org: str = "RXX", year: int = 2024) -> list[list[object]]:
    return [
        [org, f"{year}-03-31", "P1", "A", "5", "Nursing and Midwifery Registered", "substantive", "false"],
        [org, f"{year}-03-31", "P2", "N", "5", "Nursing and Midwifery Registered", "substantive", "false"],
        [org, f"{year}-03-31", "P3", "H", "8a", "Administrative and Clerical", "substantive", "false"],
        [org, f"{year}-03-31", "P4", "Z", "MD_CONS", "Medical and Dental", "substantive", "false"],
        [org, f"{year}-03-31", "P5", "C", "3", "Estates and Ancillary", "bank", "true"],
    ]


@pytest.fixture
def canonical_folder(tmp_path: Path) -> Path:
    """A tiny valid canonical folder (organisations and staff only)."""
    folder = tmp_path / "canonical"
    write_csv(folder / "organisations.csv", ["org_code", "org_name"], [["RXX", "Example Trust"]])
    write_csv(folder / "staff.csv", STAFF_HEADER, staff_rows())
    return folder


@pytest.fixture(scope="session")
def worked_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_worked_folder(tmp_path_factory.mktemp("worked") / "canonical")


@pytest.fixture(scope="session")
def worked_store_path(worked_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "worked.duckdb"
    with Store(path) as st:
        st.load_folder(worked_folder)
    return path


@pytest.fixture
def worked_store(worked_store_path: Path) -> Iterator[Store]:
    with Store(worked_store_path, read_only=True) as st:
        yield st
