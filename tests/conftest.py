"""Shared test fixtures."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"

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
