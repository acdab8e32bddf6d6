"""Raw text is printed exactly as written (issue 12, ADR 5): values from extracts, file names, paths, profile
and configuration values never reach Rich as markup, and the error handler itself prints any message."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from tests.cli.odd import (
    ESR_FILE,
    LEARNING_FILE,
    MARKUP_TEXTS,
    REJECTED_STAFF_GROUP,
    OddImport,
    run_captured,
)

from wres.cli.main import INTERNAL_ERROR, report_error, run
from wres.cli.markup import literal, markup
from wres.errors import DataError, Problem, WresError

HOSTILE: tuple[str, ...] = (*MARKUP_TEXTS, "a\\\\\\", "[", "]", "[[/]]", "x\\[/]", "[@click]", "[#ff0000]r")
"""Markup-like text, including backslashes before and after brackets and at the end."""


def _printed(renderable: object) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=500, color_system=None, highlight=False).print(renderable)
    return buffer.getvalue().removesuffix("\n")


# ------------------------------------------------------------------------------------------------- the helper


@pytest.mark.parametrize("value", HOSTILE)
def test_markup_fills_fields_literally(value: str) -> None:
    text = markup("[bold]{v}[/] then {v} [dim]({v})[/]", v=value)
    assert text.plain == f"{value} then {value} ({value})"
    assert _printed(text) == f"{value} then {value} ({value})"
    bold = [s for s in text.spans if str(s.style) == "bold"]
    assert [(s.start, s.end) for s in bold] == [(0, len(value))]


@pytest.mark.parametrize("value", HOSTILE)
def test_literal_is_the_text_itself(value: str) -> None:
    assert _printed(literal(value)) == value


def test_markup_formats_fields() -> None:
    assert markup("{n:,} rows, {v!r}, {p}", n=12345, v="[/]", p=Path("a/[b]")).plain == "12,345 rows, '[/]', a/[b]"


# ----------------------------------------------------------------------------------------- the error handler


def test_error_message_with_markup_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert report_error(WresError("file x.csv: value '[/]' in [bold] column \\[c]")) == 1
    assert capsys.readouterr().err == "error: file x.csv: value '[/]' in [bold] column \\[c]\n"


def test_data_error_problems_with_markup_are_printed(capsys: pytest.CaptureFixture[str]) -> None:
    problems = [Problem("[red]f.csv", i, "[link=x]", "[/]", "not valid") for i in (2, 3)]
    assert report_error(DataError(problems)) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: [red]f.csv, row 2, column '[link=x]': not valid (value '[/]') (and 1 more problems)",
        "  [red]f.csv, row 3, column '[link=x]': not valid (value '[/]')",
    ]


def test_internal_error_with_markup_is_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from wres.store import warehouse

    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError("[/] went [bold]wrong")

    monkeypatch.delenv("WRES_DEBUG", raising=False)
    monkeypatch.setattr(warehouse.Store, "validate_folder", boom)
    assert run(["load", "--dry-run", str(tmp_path), "--store", str(tmp_path / "w.duckdb")]) == INTERNAL_ERROR
    err = capsys.readouterr().err
    assert "internal error: ValueError: [/] went [bold]wrong (this is a bug" in err


def test_usage_error_with_markup_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["[/]"]) == 2
    assert "'[/]'" in capsys.readouterr().err


# ------------------------------------------------------------------------------------- data, names and paths


def test_import_prints_file_names_and_values_as_written(odd_import: OddImport) -> None:
    assert odd_import.code == 0, odd_import.err
    assert ESR_FILE in odd_import.out
    assert LEARNING_FILE in odd_import.out
    assert f"{ESR_FILE}, row 2, column 'Staff Group': value {REJECTED_STAFF_GROUP!r}:" in odd_import.out
    assert f"Data quality: {ESR_FILE}" in odd_import.out


def test_import_history_prints_file_names_and_values_as_written(odd_import: OddImport) -> None:
    code, out, err = run_captured(["imports", "--store", str(odd_import.store)])
    assert code == 0, err
    assert ESR_FILE in out
    assert LEARNING_FILE in out
    code, out, err = run_captured(["imports", "--store", str(odd_import.store), "--json"])
    assert code == 0, err
    ids = {r["file_name"]: r["import_id"] for r in json.loads(out)}
    code, out, err = run_captured(["imports", "--store", str(odd_import.store), "--show", str(ids[ESR_FILE])])
    assert code == 0, err
    assert f"Data quality: {ESR_FILE}" in out
    assert f"row 2, column 'Staff Group': value {REJECTED_STAFF_GROUP!r}:" in out


def test_indicator_table_prints_directorates_as_written(odd_import: OddImport) -> None:
    code, out, err = run_captured(["indicators", "--store", str(odd_import.store), "--by", "directorate"])
    assert code == 0, err
    cells = {line.split("│")[2].strip() for line in out.splitlines() if line.count("│") > 3}
    for name in MARKUP_TEXTS:  # a long label wraps onto a second line of its cell
        assert name in cells or f"directorate {name}" in cells, name


def test_config_value_with_markup_is_printed(
    worked_store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "wres[bold].toml"
    cfg.write_text('[indicator3]\nform = "[/]"\n')
    assert run(["indicators", "--store", str(worked_store_path), "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "'[/]'" in err
    assert "Traceback" not in err


def test_profile_name_with_markup_is_printed(
    odd_import: OddImport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = odd_import.folder / "organisations.csv"
    code = run(["validate", str(file), "--profile", "[bold]mine[/]", "--store", str(tmp_path / "w.duckdb")])
    assert code != 0
    assert "[bold]mine[/]" in capsys.readouterr().err


def test_path_with_markup_is_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "[/]" / "[bold]nowhere\\"
    assert run(["load", str(missing), "--store", str(tmp_path / "w.duckdb")]) == 1
    assert str(missing) in capsys.readouterr().err


def test_report_outputs_print_paths_and_notes_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wres.cli.report_commands import print_outputs
    from wres.reports.build import ReportOutputs

    folder = tmp_path / "[bold]reports[/]"
    out = ReportOutputs(
        "public",
        "RXX",
        2025,
        folder / "report.html",
        pdf=folder / "report.pdf",
        workbook=folder / "return.xlsx",
        csv=[folder / "csv" / "results.csv"],
        notes=["directorate [/] suppressed"],
    )
    print_outputs([out])
    printed = capsys.readouterr().out
    for path in (out.html, out.pdf, out.workbook, folder / "csv"):
        assert str(path) in printed
    assert "note: directorate [/] suppressed" in printed


def test_progress_bar_prints_file_names_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    from wres.cli import import_commands

    buffer = io.StringIO()
    terminal = Console(file=buffer, force_terminal=True, width=200, color_system=None)
    monkeypatch.setattr(import_commands, "console", terminal)
    names = [ESR_FILE, "learning_[link=x]y.csv", "board_\\[red]_a\\.csv"]
    with import_commands._progress([Path(n) for n in names]) as update:
        for name in names:
            update(name, "read", 1)
    for name in names:
        assert name in buffer.getvalue()
