"""Every CSV the command line writes is safe to open in a spreadsheet (issue 12): a text cell that starts with
``=``, ``+``, ``-`` or ``@`` is written with a leading ``'`` (OWASP CSV injection), and numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.cli.odd import DIRECTORATES, ESR_FILE, FORMULA_TEXTS, LEARNING_FILE, OddImport, run_captured


def _expected(text: str) -> str:
    """The OWASP rule, written out: text a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _no_live_formula(rows: list[dict[str, str]], numeric: set[str]) -> None:
    for row in rows:
        for column, value in row.items():
            if column in numeric and value:
                float(value)  # a number (negative ones included), not text
            else:
                assert value[:1] not in ("=", "+", "-", "@"), (column, value)


@pytest.mark.parametrize("to_file", [True, False], ids=["--out", "stdout"])
def test_indicators_csv_by_directorate(odd_import: OddImport, tmp_path: Path, to_file: bool) -> None:
    args = ["indicators", "--store", str(odd_import.store), "--by", "directorate", "--format", "csv"]
    out = tmp_path / "results.csv"
    code, printed, err = run_captured([*args, "--out", str(out)] if to_file else args)
    assert code == 0, err
    rows = _rows(out.read_text(encoding="utf-8") if to_file else printed)
    strata = {r["stratum"] for r in rows if r["breakdown"] == "directorate"}
    assert strata == {_expected(d) for d in DIRECTORATES}
    assert {"'" + f for f in FORMULA_TEXTS} <= strata
    numeric = {"year", "a", "n1", "c", "n2", "rate_a", "rate_b", "estimate", "ci95_low", "ci95_high", "ci998_low"}
    _no_live_formula(rows, numeric | {"ci998_high", "katz95_low", "katz95_high", "log_se", "benchmark", "unknown"})


def test_rejects_csv_names_the_file_safely(odd_import: OddImport) -> None:
    assert odd_import.code == 0, odd_import.err
    texts = {p.name: p.read_text(encoding="utf-8") for p in odd_import.reports.glob("*-rejects.csv")}
    rows = [r for text in texts.values() for r in _rows(text)]
    files = {r["file"] for r in rows}
    assert _expected(LEARNING_FILE) in files
    assert ESR_FILE in files
    assert "'=1+2 learning_records.csv" in files
    for row in rows:
        for column, value in row.items():
            if column != "row":
                assert value[:1] not in ("=", "+", "-", "@"), (column, value)
