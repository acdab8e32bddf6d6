"""The command line: versions, one-line errors, exit codes, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import STAFF_HEADER, staff_rows, write_csv

from wres import __version__
from wres.cli.main import INTERNAL_ERROR, run


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("synth", "load", "demo", "schema", "summary"):
        assert command in out


def test_load_valid_folder(tmp_path: Path, canonical_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "w.duckdb"
    assert run(["load", str(canonical_folder), "--store", str(store)]) == 0
    assert "loaded" in capsys.readouterr().out
    assert run(["summary", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "Headcount" in out
    assert "2024" in out


def test_load_bad_folder_is_one_line_error(
    tmp_path: Path, canonical_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = staff_rows()
    rows[0][1] = "yesterday"
    write_csv(canonical_folder / "staff.csv", STAFF_HEADER, rows)
    code = run(["load", str(canonical_folder), "--store", str(tmp_path / "w.duckdb")])
    err = capsys.readouterr().err
    assert code == 2
    assert "staff.csv, row 2, column 'snapshot_date'" in err
    assert "Traceback" not in err


def test_dry_run_changes_nothing(tmp_path: Path, canonical_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "w.duckdb"
    assert run(["load", "--dry-run", str(canonical_folder), "--store", str(store)]) == 0
    assert "valid" in capsys.readouterr().out
    assert run(["summary", "--store", str(store)]) == 1
    assert "no staff" in capsys.readouterr().err


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["load", str(tmp_path / "nowhere"), "--store", str(tmp_path / "w.duckdb")]) == 1
    assert "not a folder" in capsys.readouterr().err


def test_usage_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["load", "--no-such-option"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_unexpected_error_has_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from wres.store import warehouse

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("oops")

    monkeypatch.delenv("WRES_DEBUG", raising=False)
    monkeypatch.setattr(warehouse.Store, "validate_folder", boom)
    assert run(["load", "--dry-run", str(tmp_path), "--store", str(tmp_path / "w.duckdb")]) == INTERNAL_ERROR
    err = capsys.readouterr().err
    assert "internal error" in err
    assert "Traceback" not in err


def test_help_shows_the_documented_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    """Rich markup would swallow a bracketed ``[default: …]``: the help must show it."""
    assert run(["indicators", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "(default: latest)" in out
    assert run(["import", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "(default: detected)" in out
