"""End to end: raw synthetic extracts → import → store gives the same indicators as the canonical tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from wres.cli.main import run
from wres.errors import DataError, WresError
from wres.indicators import compute, from_store
from wres.ingest.importer import import_files
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical, write_raw


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("synthetic")
    data = generate(SynthConfig(profile="london", n_orgs=1, size=800, seed=5, first_year=2024, last_year=2026))
    return write_canonical(data, base / "canonical", fmt="parquet"), write_raw(data, base / "raw")


def raw_files(raw: Path) -> list[Path]:
    return sorted(raw.glob("*.csv"))


def test_import_gives_the_same_indicators_as_canonical(synthetic: tuple[Path, Path], tmp_path: Path) -> None:
    canonical, raw = synthetic
    with Store(tmp_path / "c.duckdb") as a, Store(tmp_path / "i.duckdb") as b:
        a.load_folder(canonical)
        report = import_files(raw_files(raw), b, key_path=tmp_path / "key" / "pseudonym.key")
        assert report.commit is not None
        assert report.rejects.empty
        counts_a, counts_b = a.row_counts(), b.row_counts()
        for table in ("staff", "recruitment", "disciplinary", "training", "survey_respondents", "board"):
            assert counts_a[table] == counts_b[table], table
        # ids are pseudonyms, never the raw employee numbers
        ids = b.con.execute("SELECT person_id FROM staff LIMIT 5").fetchall()
        assert all(not str(i[0]).startswith(("P0", "1000")) for i in ids)
        for by in (None, "band"):
            ra = compute(from_store(a), [2025, 2026], by=by).frame
            rb = compute(from_store(b), [2025, 2026], by=by).frame
            pd.testing.assert_frame_equal(ra, rb)


def test_too_many_invalid_rows_refuses_the_file_and_changes_nothing(
    synthetic: tuple[Path, Path], tmp_path: Path
) -> None:
    _, raw = synthetic
    source = raw / "learning_records.csv"
    with source.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    col = header.index("Start Date")
    for r in body[: len(body) // 5]:
        r[col] = "31/02/2025"  # not a date
    bad = tmp_path / "learning_records.csv"
    with bad.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *body])
    files = [bad if p.name == "learning_records.csv" else p for p in raw_files(raw)]
    with Store(tmp_path / "s.duckdb") as st:
        with pytest.raises(DataError) as info:
            import_files(files, st, key_path=tmp_path / "k.key")
        assert "refused" in str(info.value)
        assert info.value.problems[1].column == "Start Date"
        assert st.row_counts()["staff"] == 0


def test_dry_run_and_missing_organisation(synthetic: tuple[Path, Path], tmp_path: Path) -> None:
    _, raw = synthetic
    with Store(tmp_path / "s.duckdb") as st:
        report = import_files(raw_files(raw), st, key_path=tmp_path / "k.key", dry_run=True)
        assert report.commit is None
        assert {f.profile for f in report.files} >= {"esr_staff", "recruitment_trac", "organisations"}
        assert st.row_counts()["staff"] == 0
        only_board = [raw / "board_register.csv"]
        with pytest.raises(WresError, match="not in the store"):
            import_files(only_board, st, key_path=tmp_path / "k.key")


def test_cli_import_and_validate(
    synthetic: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, raw = synthetic
    files = [str(p) for p in raw_files(raw)]
    common = ["--store", str(tmp_path / "s.duckdb"), "--key-file", str(tmp_path / "k.key")]
    assert run(["validate", *files, *common]) == 0
    assert "valid (dry run: nothing was loaded)" in capsys.readouterr().out
    assert run(["import", *files, *common]) == 0
    out = capsys.readouterr().out
    assert "imported" in out
    assert "esr_staff" in out
    assert run(["import", str(raw / "README.txt"), *common]) != 0
    assert "Traceback" not in capsys.readouterr().err
