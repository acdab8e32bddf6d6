"""The data-quality report lists the activity years each event table covers, and the years it misses
(wres-domain.md §5.0, "Coverage per activity year"), in the report, the ledger and ``wres imports --show``."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from wres.cli.main import run
from wres.ingest.importer import import_files
from wres.ingest.quality import file_quality
from wres.store import Store
from wres.store.imports import list_imports
from wres.synth import SynthConfig, generate, write_raw


def learning(dates: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_code": "RXX",
            "record_id": [f"L{i}" for i in range(len(dates))],
            "person_id": "P1",
            "course": "Coaching",
            "start_date": [dt.date.fromisoformat(d) for d in dates],
            "mandatory": False,
        }
    )


def test_activity_years_and_gaps_of_an_event_table() -> None:
    # 1 Apr 2021 - 31 Mar 2022 is 2021/22 (WRES 2022); nothing in 2022/23; 31 Mar 2024 closes 2023/24
    dates = ["2021-04-01", "2022-03-31", "2021-12-01", "2023-04-01", "2024-03-31", "2024-04-01"]
    with duckdb.connect() as con:
        q = file_quality(con, {"training": learning(dates)}, identical_rows=0, duplicate_keys=0, merged_assignments=0)
    assert q["activity_years"] == {
        "training": {"years": {"2021/22": 3, "2023/24": 2, "2024/25": 1}, "gaps": ["2022/23"]}
    }


def test_tables_that_are_not_event_tables_have_no_activity_years() -> None:
    staff = pd.DataFrame({"org_code": ["RXX"], "snapshot_date": [dt.date(2024, 3, 31)], "ethnic_category": ["A"]})
    with duckdb.connect() as con:
        q = file_quality(con, {"staff": staff}, identical_rows=0, duplicate_keys=0, merged_assignments=0)
    assert q["activity_years"] == {}


def test_imports_show_lists_the_activity_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = generate(SynthConfig(profile="london", n_orgs=1, size=200, seed=5, first_year=2023, last_year=2025))
    raw = write_raw(data, tmp_path / "raw")
    source = raw / "learning_records.csv"
    with source.open(newline="", encoding="utf-8") as f:
        header, *body = list(csv.reader(f))
    start = header.index("Start Date")  # dd/mm/yyyy

    def activity_year(text: str) -> int:  # the WRES year whose activity year holds the date
        _day, month, year = (int(x) for x in text.split("/"))
        return year + (month >= 4)

    kept = [r for r in body if activity_year(r[start]) != 2024]  # drop 2023/24 entirely
    assert len(kept) < len(body)
    with source.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *kept])
    store = tmp_path / "s.duckdb"
    with Store(store) as st:
        report = import_files(sorted(raw.glob("*.csv")), st, key_path=tmp_path / "k.key")
        (rec,) = [f for f in report.files if f.path.name == source.name]
        imports = list_imports(st)
    years = rec.quality["activity_years"]["training"]
    assert years["gaps"] == ["2023/24"]
    assert "2023/24" not in years["years"]
    assert sum(years["years"].values()) == len(kept)
    (entry,) = [i for i in imports if i.file_name == source.name]
    capsys.readouterr()
    assert run(["imports", "--store", str(store), "--show", str(entry.import_id)]) == 0
    out = capsys.readouterr().out
    for label, n in years["years"].items():
        assert f"{label} {n:,}" in out
    assert "no training records in activity year 2023/24" in out
