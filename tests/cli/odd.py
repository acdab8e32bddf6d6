"""A store imported from raw extracts whose text is hostile to a terminal and to a spreadsheet (issue 12).

The synthetic trust's ESR extract, saved under a file name with Rich markup in it, names its directorates with
Rich markup (``[/]``, ``[bold]``, ``[link=x]``, a backslash before a bracket, a trailing backslash, an emoji
code) and with spreadsheet formulas (``=HYPERLINK(...)``, ``+1``, ``-2``, ``@SUM(A1)``); one row has a staff
group of ``[/]`` (rejected, so it is printed back as a problem). The learning records, under a file name that
starts with ``=``, have one unreadable start date (a reject in that file's rejects CSV).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.ingest import rawfiles as rf

from wres.cli.main import run

MARKUP_TEXTS: tuple[str, ...] = ("[/]", "[bold]", "[link=x]", "\\[bold]", "[red]x[/red]", "a\\", "\\[1", ":warning:")
"""Text that Rich would read as markup (or an emoji code) if it were printed as markup."""
FORMULA_TEXTS: tuple[str, ...] = ('=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)")
"""Text that a spreadsheet would run as a formula."""
DIRECTORATES: tuple[str, ...] = (*MARKUP_TEXTS, *FORMULA_TEXTS)
ESR_FILE = "esr_[bold]_2025-03-31.csv"
LEARNING_FILE = "=1+2 learning_records.csv"
REJECTED_STAFF_GROUP = "[/]"


@dataclass(frozen=True)
class OddImport:
    """The store, and what ``wres import`` printed (exit code, standard output, standard error)."""

    store: Path
    folder: Path
    reports: Path
    code: int
    out: str
    err: str


def run_captured(args: list[str]) -> tuple[int, str, str]:
    """``wres ARGS`` in process, with what it printed (Rich's consoles write to the current sys.stdout/stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(args)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="session")
def odd_import(tmp_path_factory: pytest.TempPathFactory) -> OddImport:
    root = tmp_path_factory.mktemp("odd")
    raw = rf.synthetic_raw(root / "raw", seed=11)
    folder = root / "extracts"
    folder.mkdir()
    staff = rf.read_rows(raw.staff)
    header = staff[0]
    directorate, staff_group = header.index("Directorate"), header.index("Staff Group")
    for i, row in enumerate(staff[1:]):
        row[directorate] = DIRECTORATES[i % len(DIRECTORATES)]
    staff[1][staff_group] = REJECTED_STAFF_GROUP
    (folder / ESR_FILE).write_text(rf.csv_text(staff), encoding="utf-8")
    learning = rf.read_rows(raw.file("learning_records.csv"))
    learning[1][learning[0].index("Start Date")] = "not a date"
    (folder / LEARNING_FILE).write_text(rf.csv_text(learning), encoding="utf-8")
    (folder / "organisations.csv").write_bytes(raw.organisations.read_bytes())
    store, reports = root / "odd.duckdb", root / "reports"
    args = ["import", *(str(folder / n) for n in ("organisations.csv", ESR_FILE, LEARNING_FILE))]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WRES_PROFILE_DIR", str(root / "no-profiles"))
        mp.delenv("WRES_DEBUG", raising=False)
        code, out, err = run_captured(
            [*args, "--store", str(store), "--key-file", str(root / "key"), "--report-dir", str(reports)]
        )
    return OddImport(store, folder, reports, code, out, err)
