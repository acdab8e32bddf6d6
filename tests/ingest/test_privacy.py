"""No personal value leaves an import (issue 13, "Never prints or stores personal data").

Distinctive personal values are planted in raw extracts, good ones and malformed ones (a file whose header row is
missing so that a data row could be taken for it, a row shifted right by an unquoted comma in the name so that the
date of birth lands in a mapped column, rows that are rejected), and the files are run through the CLI (``wres
validate``, ``wres import --report-dir``, ``wres imports`` and ``wres imports --show N``, plain and ``--json``).
Every output is searched for each planted value: stdout, stderr, every table of the store (the ledger included)
read back as text, the store file's bytes, and every file the import wrote. The oracle is the planted text
itself: it must occur nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from tests.cli.odd import run_captured
from tests.ingest import rawfiles as rf
from tests.ingest.test_personal import (
    BAD_BIRTH_DATE,
    BIRTH_DATE,
    COMMENT,
    EMPLOYEE_NUMBER,
    NAME,
    NI_NUMBER,
    PLANTED,
)
from tests.isolation import isolate_user


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_user(tmp_path, monkeypatch)


@dataclass(frozen=True)
class Planted:
    """The extracts with personal values planted: good files and malformed ones."""

    good: tuple[Path, ...]
    malformed: tuple[tuple[Path, str], ...]  # (file, source)


def _esr_person(header: list[str], row: list[str], *, birth: str = BIRTH_DATE) -> list[str]:
    out = list(row)
    for column, value in (
        ("Employee Number", EMPLOYEE_NUMBER),
        ("Assignment Number", EMPLOYEE_NUMBER),
        ("Full Name", NAME),
        ("NI Number", NI_NUMBER),
        ("Date of Birth", birth),
    ):
        out[header.index(column)] = value
    return out


def _write(folder: Path, name: str, rows: rf.Rows) -> Path:
    path = folder / name
    path.write_text(rf.csv_text(rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    root = tmp_path_factory.mktemp("privacy")
    raw = rf.synthetic_raw(root / "raw", seed=29, size=200)
    good_dir, bad_dir = root / "good", root / "bad"
    good_dir.mkdir()
    bad_dir.mkdir()
    staff = rf.read_rows(raw.staff)
    header = staff[0]
    staff[1] = _esr_person(header, staff[1])
    staff[2][header.index("Date of Birth")] = BAD_BIRTH_DATE
    esr = _write(good_dir, raw.staff.name, staff)

    board = rf.read_rows(raw.file("board_register.csv"))
    board[1][board[0].index("Name")] = NAME
    survey_file = next(raw.folder.glob("staff_survey_*.csv"))
    survey = rf.read_rows(survey_file)
    survey[0] += ["Q31", "Comments"]  # free text: an open question and a comments column
    for row in survey[1:]:
        row += [COMMENT, COMMENT]
    good = (
        raw.organisations,
        esr,
        _write(good_dir, "board_register.csv", board),
        _write(good_dir, survey_file.name, survey),
    )

    # A header row lost: the first rows are data (ids like E99887766, a date of birth, a name).
    headless = [_esr_person(header, r) for r in staff[1:30]]
    # An unquoted comma in the name shifts the row right; its last cell was empty, so nothing is cut off visibly.
    shifted = [list(r) for r in staff]
    last = header.index("Assignment Start Date")
    row = _esr_person(header, shifted[3])
    row[last] = ""
    name_at = header.index("Full Name")
    shifted[3] = [*row[:name_at], "Quux", " Zebedee", *row[name_at + 1 : last]]
    shifted[3] = [*shifted[3], ""][: len(header) + 1]
    # Rejected rows: a person whose contract cannot be read, and bad dates of birth throughout.
    rejected = [list(r) for r in staff]
    rejected[4] = _esr_person(header, rejected[4], birth=BAD_BIRTH_DATE)
    rejected[4][header.index("Assignment Category")] = "Permanant"
    for r in rejected[5:]:
        r[header.index("Date of Birth")] = BAD_BIRTH_DATE
    # A deleted cell shifts the row left: every field lands one column to the left of its name.
    left = [list(r) for r in staff]
    left[5] = _esr_person(header, left[5])
    del left[5][header.index("Organisation")]
    # Learning records of the planted person: a bad start date, an employee number holding a control character.
    learning = rf.read_rows(raw.file("learning_records.csv"))
    lh = learning[0]
    for i, number in ((1, EMPLOYEE_NUMBER), (2, EMPLOYEE_NUMBER + "\x01")):
        learning[i][lh.index("Employee Number")] = number
        learning[i][lh.index("Start Date")] = "32/13/2024"  # not personal: shown as written
    malformed: list[tuple[Path, str]] = []
    for name, rows in (("headless", headless), ("shifted", shifted), ("rejected", rejected), ("left", left)):
        (bad_dir / name).mkdir()
        malformed.append((_write(bad_dir / name, raw.staff.name, rows), "staff"))
        if name in {"headless", "rejected"}:  # and the same as a workbook
            xlsx = bad_dir / name / raw.staff.name.replace(".csv", ".xlsx")
            rf.write_xlsx(xlsx, rows)
            malformed.append((xlsx, "staff"))
    (bad_dir / "learning").mkdir()
    malformed.append((_write(bad_dir / "learning", "learning_records.csv", learning), "training"))
    return Planted(good, tuple(malformed))


def _store_text(store: Path) -> Iterator[str]:
    """Every value of every table of the store (the ledger included), as text."""
    con = duckdb.connect(str(store), read_only=True)
    try:
        for table in rf.list_tables(con):
            for row in con.execute(f"SELECT * FROM {rf._qualified(table)}").fetchall():
                yield " ".join(str(v) for v in row)
    finally:
        con.close()


def _hits(text: str) -> list[str]:
    return [value for value in PLANTED if value.casefold() in text.casefold()]


def _leaks(where: str, text: str) -> list[str]:
    return [f"{where}: {value!r}" for value in _hits(text)]


def _run(*args: str | Path) -> tuple[int, str]:
    code, out, err = run_captured([str(a) for a in args])
    assert "Traceback" not in out + err
    return code, out + err


def _written(tmp_path: Path, store: Path) -> list[str]:
    """Leaks in the store's tables and in every file written (the store's bytes, its log, the key, the reports)."""
    leaks = _leaks("the store's tables", "\n".join(_store_text(store)))
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file()):
        leaks += _leaks(str(path.relative_to(tmp_path)), path.read_bytes().decode("latin-1"))
    return leaks


def test_no_planted_personal_value_is_printed_stored_or_written(planted: Planted, tmp_path: Path) -> None:
    store, key, reports = tmp_path / "store.duckdb", tmp_path / "pseudonym.key", tmp_path / "reports"
    opts = ["--store", str(store), "--key-file", str(key)]
    printed: list[str] = []
    code, out = _run("validate", *planted.good, *opts)
    assert code == 0, out
    printed.append(out)
    code, out = _run("import", *planted.good, *opts, "--report-dir", str(reports))
    assert code == 0, out
    printed.append(out)
    for path, source in planted.malformed:
        for command in ("validate", "import"):
            code, out = _run(command, path, *opts, "--source", source, "--report-dir", str(reports))
            printed.append(f"wres {command} {path.parent.name}: {out}")
    code, out = _run("imports", "--store", str(store))
    printed.append(out)
    ids = sorted({int(m) for m in re.findall(r"^\W\s*(\d+)\s", out, flags=re.MULTILINE)})
    assert ids, out
    for n in ids:
        for extra in ((), ("--json",)):
            code, out = _run("imports", "--store", str(store), "--show", str(n), *extra)
            assert code == 0, out
            printed.append(out)
    leaks = [leak for i, text in enumerate(printed) for leak in _leaks(f"output {i}", text)]
    leaks += _written(tmp_path, store)
    assert not leaks, "\n".join(leaks)
    shown = "\n".join(printed)
    assert "no header row" in shown  # the files without a header row were refused as such
    # the shifted rows are rejected whole (issue 13), by row and cell counts, no value of theirs shown
    assert re.search(r"row \d+, column '\(whole row\)': has \d+ cells, the header has \d+", shown), shown[-3000:]
    assert "32/13/2024" in shown  # a bad value of a column that is not personal is shown as written
    assert any(reports.rglob("*.csv")), "the report folder holds the rejects"
