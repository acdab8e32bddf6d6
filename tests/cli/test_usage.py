"""Usage (issue 12, ADR 5): help that shows flags as flags, usage errors as one line with exit code 2, and a
year without data refused in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from wres.cli.main import app, run

PYTHON_TYPE_METAVAR = re.compile(r"<[^<>\s][^<>\n]*>")
"""Typer's default value labels: ``<bool>``, ``<int>``, ``<str>``, ``<path>``, ``<list[int]>``, ``<float range>``."""
SYNTH_PROFILES = (
    "national",
    "london",
    "south-east",
    "south-west",
    "east",
    "midlands",
    "north-west",
    "north-east-yorkshire",
)
"""The synthetic profiles (wres.synth.profiles.PROFILES), written out: the help must name each one."""


def _command_paths() -> list[list[str]]:
    """Every command and group of ``wres`` (as listed by ``wres --help`` and ``wres users --help``)."""
    run(["--version"])  # registers the commands
    group = typer.main.get_command(app)
    paths: list[list[str]] = [[]]

    def walk(command: object, path: list[str]) -> None:
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            paths.append([*path, name])
            walk(sub, [*path, name])

    walk(group, [])
    return paths


COMMANDS = _command_paths()


def test_every_command_is_found() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"", "import", "indicators", "report", "synth", "users", "users add", "users list"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "wres")
def test_help_shows_flags_as_flags_and_plain_value_names(path: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*path, "--help"]) == 0
    out = capsys.readouterr().out
    assert PYTHON_TYPE_METAVAR.findall(out) == []
    help_line = next(line for line in out.splitlines() if "--help" in line)
    assert re.search(r"--help\s+Show this message", help_line), help_line


def test_help_names_value_types_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["indicators", "--help"]) == 0
    lines = capsys.readouterr().out.splitlines()

    def line(option: str) -> str:
        return next(x for x in lines if f" {option} " in x)

    assert re.search(r"--year\s+(INTEGER|YEAR)\s", line("--year"))
    assert re.search(r"--out\s+(PATH|FILE)\s", line("--out"))
    assert re.search(r"--all\s+Table:", line("--all"))
    assert run(["report", "--help"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"--pdf\s+--no-pdf\s+Also write the PDF", out)


# ------------------------------------------------------------------------------------------------ usage errors


@pytest.fixture(autouse=True)
def _no_default_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing may touch ./wres-data: the default store is in the test's folder (and is never created)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WRES_STORE", str(tmp_path / "none.duckdb"))
    monkeypatch.delenv("WRES_DEBUG", raising=False)


def _one_line_usage_error(capsys: pytest.CaptureFixture[str], args: list[str]) -> str:
    code = run(args)
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert code == 2, captured.err
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in captured.out + captured.err
    return lines[0]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "wres")
def test_unknown_option_exits_2_in_one_line(path: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_line_usage_error(capsys, [*path, "--no-such-option"])
    assert "--no-such-option" in line
    assert f"wres {' '.join(path)} --help".replace("  ", " ") in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-command"], "No such command 'no-such-command'"),
        (["load"], "Missing argument 'folder'"),
        (["import"], "Missing argument 'files'"),
        (["users", "add"], "Missing argument 'username'"),
        (["users", "add", "bob", "--role", "analyst"], "Missing option '--org'"),
        (["indicators", "--year", "twenty"], "'--year'"),
        (["indicators", "--year"], "'--year' requires an argument"),
        (["report", "--tier"], "'--tier' requires an argument"),
        (["summary", "extra"], "unexpected extra argument"),
        (["synth", "--orgs", "0"], "'--orgs'"),
        (["import", "x.csv", "--max-invalid", "2"], "'--max-invalid'"),
        (["imports", "--show", "last"], "'--show'"),
        (["serve", "--port", "http"], "'--port'"),
        # bad choices, checked by wres
        (["indicators", "--format", "xml"], "--format must be one of table, json, csv, parquet, not 'xml'"),
        (["indicators", "--engine", "oracle"], "--engine must be one of duckdb, spark, not 'oracle'"),
        (["indicators", "--by", "shoe_size"], "unknown breakdown 'shoe_size'"),
        (["indicators", "--format", "parquet"], "--format parquet needs --out FILE"),
        (["report", "--tier", "secret"], "--tier must be public or internal, not 'secret'"),
        (["report", "--groups", "ethnicity3"], "--groups must be one of ethnicity5, ethnicity9"),
        (["import", "x.csv", "--source", "payroll"], "unknown source 'payroll'"),
        (["validate", "x.csv", "--source", "payroll"], "unknown source 'payroll'"),
        (["synth", "--format", "xml"], "--format must be parquet or csv, not 'xml'"),
        (["synth", "--first-year", "2026", "--last-year", "2025"], "--first-year must not be after --last-year"),
        (["synth", "--size", "5"], "size must be between 200 and 100000"),
        (["users", "add", "bob", "--org", "RXX", "--role", "king"], "--role must be one of admin"),
    ],
)
def test_usage_errors_exit_2_in_one_line(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert message in _one_line_usage_error(capsys, args)


def test_no_arguments_shows_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run([]) == 2
    assert "Commands" in capsys.readouterr().out


# ------------------------------------------------------------------------------------------- synthetic profiles


def test_synth_profiles_are_the_generators() -> None:
    """The CLI names the profiles without importing the generator: its list must be the generator's."""
    from wres.cli.options import SYNTH_PROFILES as LISTED
    from wres.synth.profiles import PROFILES

    assert tuple(PROFILES) == SYNTH_PROFILES
    assert LISTED == SYNTH_PROFILES


@pytest.mark.parametrize("command", ["synth", "demo"])
def test_synth_profile_help_and_error_list_every_profile(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([command, "--help"]) == 0
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())
    for name in SYNTH_PROFILES:
        assert name in out, name
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    line = _one_line_usage_error(capsys, [command, "--profile", "atlantis", "--out", str(folder)])
    assert "--profile must be one of" in line
    for name in SYNTH_PROFILES:
        assert name in line, name
    assert (folder / "keep.txt").read_text() == "mine", "a refused command changes nothing"


# ---------------------------------------------------------------------------------------------- years without data


@pytest.mark.parametrize("years", [["1999"], ["2024", "1999"], ["2031"]])
def test_indicators_for_a_year_without_data(
    worked_store_path: Path, years: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["indicators", "--store", str(worked_store_path)]
    for year in years:
        args += ["--year", year]
    code = run(args)
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert code == 1, captured.err
    assert len(lines) == 1, captured.err
    missing = [y for y in years if y != "2024"]
    assert lines[0].startswith(f"error: no data for WRES year {', '.join(missing)}"), lines[0]
    assert "2024" in lines[0].split("holds", 1)[1], "the message names the years the store does hold"
    assert captured.out == ""


def test_report_for_a_year_without_data(
    worked_store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["report", "--store", str(worked_store_path), "--year", "1999", "--out", str(tmp_path / "r")])
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert code == 1
    assert len(lines) == 1, captured.err
    assert "no data for WRES year 1999" in lines[0]
    assert not (tmp_path / "r").exists()


# ---------------------------------------------------------------------------------------------------- breakdowns

BREAKDOWNS = ("band", "cluster", "staff_group", "clinical", "directorate", "site", "gender", "internal")
"""Every stratum breakdown ``--by`` offers (its help lists them), written out."""


@pytest.mark.parametrize("by", [*BREAKDOWNS, "ethnicity5", "ethnicity9"])
def test_every_breakdown_runs(worked_store_path: Path, by: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A breakdown that does not apply to an indicator family leaves it out with a note, never a crash (``--by
    internal`` applies to indicator 2 only; it was an internal error, exit 70)."""
    code = run(["indicators", "--store", str(worked_store_path), "--year", "2024", "--by", by, "--all"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"  {by} " in captured.out or by.startswith("ethnicity")
    if by == "internal":
        assert "breakdown 'internal' is not available for representation indicators" in captured.out


@pytest.fixture(scope="module")
def counts_file(worked_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wres.indicators import compute, from_store
    from wres.indicators.counts import write_counts
    from wres.store import Store

    path = tmp_path_factory.mktemp("counts") / "counts.csv"
    with Store(worked_store_path, read_only=True) as st:
        write_counts(compute(from_store(st), [2024]).counts, path)
    return path


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--year", "1999"], "no data for WRES year 1999 in "),
        (["--year", "2024", "--year", "2031"], "no data for WRES year 2031 in "),
        (["--org", "RQQ"], "organisation(s) not in the counts file: RQQ"),
    ],
)
def test_counts_file_without_the_year_or_organisation(
    counts_file: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The counts path refuses what the file does not hold, in one line, as the store path does (it printed a
    table of "not computed" rows, or nothing, and exit 0)."""
    code = run(["indicators", "--counts", str(counts_file), *extra])
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert code == 1, captured.err
    assert len(lines) == 1, captured.err
    assert message in lines[0]
    if "year" in message:
        assert lines[0].endswith("(it holds 2024)")
    assert captured.out == ""
