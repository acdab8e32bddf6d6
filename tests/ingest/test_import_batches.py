"""Never doubles, never silently loses (issue 13): two files for one snapshot or survey year in one ``wres import``
are refused naming both; event exports (recruitment, cases, learning) are merged by record id, and stored records a
new file lacks are removed only for a period the user states the file is a complete export of
(``--complete-period``). Everything runs through the CLI (:func:`wres.cli.main.run`) on synthetic raw extracts
edited by hand here; the expected counts are worked out in the test from the rows written."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from wres.cli.main import run
from wres.store import Store
from wres.synth import SynthConfig, generate, write_raw


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("batches")
    data = generate(SynthConfig(profile="london", n_orgs=1, size=300, seed=21, first_year=2025, last_year=2026))
    return write_raw(data, base / "raw")


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], body: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *body])
    return path


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def compact(text: str) -> str:
    return "".join(text.split())


def count(store: Path, table: str) -> int:
    with Store(store, read_only=True) as st:
        return st.row_counts()[table]


def activity_year(ddmmyyyy: str) -> str:
    """The WRES activity year (1 April to 31 March) of a dd/mm/yyyy date, as the store labels it (e.g. 2025/26)."""
    _, month, year = (int(x) for x in ddmmyyyy.split("/"))
    end = year + (month >= 4)
    return f"{end - 1}/{end % 100:02d}"


@pytest.mark.parametrize(
    ("name", "table"), [("esr_staff_2025-03-31.csv", "staff"), ("staff_survey_2025.csv", "survey_respondents")]
)
def test_two_files_for_one_snapshot_or_survey_year_in_one_import_are_refused_naming_both(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, table: str
) -> None:
    store = tmp_path / "s.duckdb"
    common = ["--store", str(store), "--key-file", str(tmp_path / "k.key")]
    assert run(["import", str(raw / "organisations.csv"), str(raw / name), *common]) == 0
    before = count(store, table)
    assert before > 50
    header, body = read_rows(raw / name)
    first = write_rows(tmp_path / "first" / name, header, body[:-1])  # two corrected files for the same slice
    second = write_rows(tmp_path / "second" / name, header, body[1:])
    capsys.readouterr()
    assert run(["import", str(first), str(second), *common]) == 1
    err = capsys.readouterr().err
    assert compact(str(first)) in compact(err)
    assert compact(str(second)) in compact(err)
    assert "Traceback" not in err
    assert count(store, table) == before  # not doubled (was 2 * before - 2), nothing changed
    assert run(["validate", str(first), str(second), *common]) == 1  # the dry run says so too
    # one of them on its own supersedes the earlier import
    assert run(["import", str(second), *common]) == 0
    assert count(store, table) == before - 1


def recruitment_split(raw: Path) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """The recruitment export split at 1 October 2025, inside activity year 2025/26: applications dated before it,
    then the rest."""
    header, body = read_rows(raw / "recruitment_applications.csv")
    applied = header.index("Application Date")

    def ymd(row: list[str]) -> tuple[int, int, int]:
        d, m, y = (int(x) for x in row[applied].split("/"))
        return y, m, d

    first = [r for r in body if ymd(r) < (2025, 10, 1)]
    rest = [r for r in body if ymd(r) >= (2025, 10, 1)]
    return header, first, rest


def periods_by_id(header: list[str], rows: list[list[str]]) -> dict[str, str]:
    """Application id → its activity year: of the shortlisting date, else the application date (wres-domain.md)."""
    app, applied, listed = (header.index(c) for c in ("Application ID", "Application Date", "Shortlisting Date"))
    return {r[app]: activity_year(r[listed] or r[applied]) for r in rows}


def quality(folder: Path, import_id: int) -> dict[str, Any]:
    data = json.loads((folder / f"import-{import_id}-quality.json").read_text(encoding="utf-8"))
    q: dict[str, Any] = data["quality"]
    return q


def test_an_event_export_split_within_a_year_keeps_both_parts(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, reports = tmp_path / "s.duckdb", tmp_path / "reports"
    common = ["--store", str(store), "--key-file", str(tmp_path / "k.key"), "--report-dir", str(reports)]
    header, first, rest = recruitment_split(raw)
    in_first, in_rest = periods_by_id(header, first), periods_by_id(header, rest)
    assert "2025/26" in set(in_first.values()) & set(in_rest.values())  # both parts hold 2025/26
    assert len(first) > 100
    assert len(rest) > 40
    a = write_rows(tmp_path / "recruitment_to_2025-09-30.csv", header, first)
    b = write_rows(tmp_path / "recruitment_from_2025-10-01.csv", header, rest)
    assert run(["import", str(raw / "organisations.csv"), str(a), *common]) == 0  # imports 1 and 2
    assert count(store, "recruitment") == len(first)
    capsys.readouterr()
    assert run(["import", str(b), *common]) == 0  # import 3
    out = flat(capsys.readouterr().out)
    assert count(store, "recruitment") == len(first) + len(rest)  # was: the first part's 2025/26 rows deleted
    # the report says how many stored records of the periods the new file holds it does not hold, and keeps them
    not_held = {p: sum(1 for q in in_first.values() if q == p) for p in set(in_rest.values())}
    not_held = {p: n for p, n in not_held.items() if n}
    listed = {e["period"]: e["records"] for e in quality(reports, 3)["stored_records_not_in_file"]}
    assert listed == not_held
    assert all(not e["removed"] for e in quality(reports, 3)["stored_records_not_in_file"])
    assert f"{not_held['2025/26']:,} stored recruitment records of 2025/26 are not in this file: kept" in out
    assert run(["imports", "--store", str(store), "--json"]) == 0
    statuses = {r["import_id"]: r["status"] for r in json.loads(capsys.readouterr().out)}
    assert statuses == {1: "current", 2: "current", 3: "current"}

    # a complete export of 2025/26 that lacks five of its records: those, and the first part's, go
    app = header.index("Application ID")
    of_year = [r for r in rest if in_rest[r[app]] == "2025/26"]
    dropped = {r[app] for r in of_year[:5]}
    complete = write_rows(tmp_path / "recruitment_2025-26.csv", header, [r for r in rest if r[app] not in dropped])
    stored = in_first | in_rest
    kept = {i: p for i, p in stored.items() if p != "2025/26"} | periods_by_id(
        header, [r for r in rest if r[app] not in dropped]
    )
    removed = sum(1 for i, p in stored.items() if p == "2025/26" and i not in kept)
    assert removed == 5 + sum(1 for p in in_first.values() if p == "2025/26")
    capsys.readouterr()
    assert run(["import", str(complete), "--complete-period", "2025/26", *common]) == 0  # import 4
    out = flat(capsys.readouterr().out)
    assert count(store, "recruitment") == len(kept)
    with Store(store, read_only=True) as st:
        ids = {str(r[0]) for r in st.con.execute("SELECT application_id FROM recruitment").fetchall()}
    assert ids == set(kept)
    entry = next(e for e in quality(reports, 4)["stored_records_not_in_file"] if e["period"] == "2025/26")
    assert (entry["records"], entry["removed"]) == (removed, True)
    assert f"{removed:,} stored recruitment records of 2025/26 are not in this file: removed" in out
    assert run(["imports", "--store", str(store), "--json"]) == 0
    statuses = {r["import_id"]: r["status"] for r in json.loads(capsys.readouterr().out)}
    assert statuses[4] == "current"
    assert statuses[3].endswith("superseded by import 4")  # its 2025/26 records, kept in the history
    assert statuses[2].endswith("superseded by import 4")
    # importing the complete file again changes nothing
    assert run(["import", str(complete), "--complete-period", "2025/26", *common]) == 0
    assert "already imported" in capsys.readouterr().out
    assert count(store, "recruitment") == len(kept)


def test_overlapping_event_exports_in_one_import_are_merged_by_record_id(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s.duckdb"
    common = ["--store", str(store), "--key-file", str(tmp_path / "k.key")]
    header, body = read_rows(raw / "recruitment_applications.csv")
    app, outcome = header.index("Application ID"), header.index("Outcome")
    half = len(body) // 2
    later = [list(r) for r in body[half - 50 :]]
    for r in later[:50]:  # the 50 records both exports hold: the later file's version is kept
        r[outcome] = "Withdrawn"
    a = write_rows(tmp_path / "recruitment_a.csv", header, body[:half])
    b = write_rows(tmp_path / "recruitment_b.csv", header, later)
    assert run(["import", str(raw / "organisations.csv"), str(a), str(b), *common]) == 0
    assert count(store, "recruitment") == len(body)  # was len(body) + 50, the overlap twice
    ids = tuple(r[app] for r in later[:50])
    with Store(store, read_only=True) as st:
        appointed = st.con.execute(f"SELECT count(*) FROM recruitment WHERE application_id IN {ids} AND appointed")
        assert appointed.fetchall()[0][0] == 0
        rows = st.con.execute(f"SELECT count(*) FROM recruitment WHERE application_id IN {ids}").fetchall()[0][0]
        assert rows == 50


def test_complete_period_must_be_an_activity_year_an_event_file_holds(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s.duckdb"
    common = ["--store", str(store), "--key-file", str(tmp_path / "k.key")]
    orgs, rec = str(raw / "organisations.csv"), str(raw / "recruitment_applications.csv")
    assert run(["import", orgs, rec, "--complete-period", "2025-26", *common]) == 2  # not an activity year
    assert run(["import", orgs, rec, "--complete-period", "1999/00", *common]) == 1  # no record of that year
    err = flat(capsys.readouterr().err)
    assert "1999/00" in err
    assert not store.exists()
    # two event files of one import holding a year stated complete: which one is the complete export?
    header, first, rest = recruitment_split(raw)
    a = write_rows(tmp_path / "a" / "recruitment.csv", header, first)
    b = write_rows(tmp_path / "b" / "recruitment.csv", header, rest)
    assert run(["import", orgs, str(a), str(b), "--complete-period", "2025/26", *common]) == 1
    err = capsys.readouterr().err
    assert compact(str(a)) in compact(err)
    assert compact(str(b)) in compact(err)
    assert not store.exists()
    assert run(["import", orgs, str(a), str(b), *common]) == 0  # without it, both are merged by id
    assert count(store, "recruitment") == len(first) + len(rest)


@pytest.mark.parametrize(
    ("name", "date_column", "table", "key"),
    [
        ("learning_records.csv", "Start Date", "training", "record_id"),
        ("er_case_log.csv", "Investigation Start Date", "disciplinary", "case_id"),
    ],
)
def test_learning_and_case_exports_split_within_a_year_load_as_the_whole_export_does(
    raw: Path, tmp_path: Path, name: str, date_column: str, table: str, key: str
) -> None:
    """The oracle: the same export imported whole into another store."""
    header, body = read_rows(raw / name)
    column = header.index(date_column)

    def before_october(row: list[str]) -> bool:
        if not row[column]:
            return True
        d, m, y = (int(x) for x in row[column].split("/"))
        return (y, m, d) < (2025, 10, 1)

    first = [r for r in body if before_october(r)]
    rest = [r for r in body if not before_october(r)]
    assert any(r[column] and activity_year(r[column]) == "2025/26" for r in first)
    assert any(activity_year(r[column]) == "2025/26" for r in rest)
    a = write_rows(tmp_path / "parts" / f"first_{name}", header, first)
    b = write_rows(tmp_path / "parts" / f"rest_{name}", header, rest)
    orgs, key_file = str(raw / "organisations.csv"), str(tmp_path / "k.key")
    whole, split = tmp_path / "whole.duckdb", tmp_path / "split.duckdb"
    assert run(["import", orgs, str(raw / name), "--store", str(whole), "--key-file", key_file]) == 0
    assert run(["import", orgs, str(a), "--store", str(split), "--key-file", key_file]) == 0
    assert run(["import", str(b), "--store", str(split), "--key-file", key_file]) == 0
    ids = []
    for store in (whole, split):
        with Store(store, read_only=True) as st:
            ids.append(sorted(str(r[0]) for r in st.con.execute(f"SELECT {key} FROM {table}").fetchall()))
    assert len(ids[0]) > 10
    assert ids[1] == ids[0]  # was: the first part's 2025/26 records deleted


def test_the_dry_run_says_how_many_stored_records_the_file_lacks(
    raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, reports = tmp_path / "s.duckdb", tmp_path / "reports"
    common = ["--store", str(store), "--key-file", str(tmp_path / "k.key"), "--report-dir", str(reports)]
    header, first, rest = recruitment_split(raw)
    a = write_rows(tmp_path / "recruitment_to_2025-09-30.csv", header, first)
    b = write_rows(tmp_path / "recruitment_from_2025-10-01.csv", header, rest)
    assert run(["import", str(raw / "organisations.csv"), str(a), *common]) == 0
    lacking = sum(1 for p in periods_by_id(header, first).values() if p == "2025/26")
    for extra, outcome in (([], "kept"), (["--complete-period", "2025/26"], "would be removed")):
        capsys.readouterr()
        assert run(["validate", str(b), *extra, *common]) == 0
        out = flat(capsys.readouterr().out)
        assert f"{lacking:,} stored recruitment records of 2025/26 are not in this file: {outcome}" in out
        data = json.loads((reports / f"validate-{b.stem}-quality.json").read_text(encoding="utf-8"))
        entry = next(e for e in data["quality"]["stored_records_not_in_file"] if e["period"] == "2025/26")
        assert (entry["records"], entry["removed"]) == (lacking, False)
    assert count(store, "recruitment") == len(first)  # a dry run changes nothing
