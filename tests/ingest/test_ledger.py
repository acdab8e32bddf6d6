"""The import ledger, supersession, row accounting, rejects, the data-quality report and what never leaves the door."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from wres.cli.main import run
from wres.errors import WresError
from wres.ingest.importer import import_files
from wres.ingest.pseudonym import load_or_create_key
from wres.store import Store
from wres.store.imports import import_rejects, list_imports
from wres.synth import SynthConfig, generate, write_raw


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("ledger")
    data = generate(SynthConfig(profile="london", n_orgs=1, size=300, seed=21, first_year=2025, last_year=2026))
    return write_raw(data, base / "raw")


def csvs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.csv"))


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_rows(path: Path, header: list[str], body: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([header, *body])
    return path


def contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every table of the store, rows sorted: equal contents ⇔ nothing changed."""
    names = [r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    out = {}
    for name in names:
        rows = store.con.execute(f'SELECT * FROM "{name}"').fetchall()
        out[name] = sorted(rows, key=repr)
    return out


def test_reimporting_the_same_files_changes_nothing(raw: Path, tmp_path: Path) -> None:
    key = tmp_path / "k.key"
    with Store(tmp_path / "s.duckdb") as st:
        first = import_files(csvs(raw), st, key_path=key)
        assert first.commit is not None
        before = contents(st)
        again = import_files(csvs(raw), st, key_path=key)
        assert again.commit is None
        assert all(f.status.startswith("already imported (import ") for f in again.files)
        assert contents(st) == before


def test_corrected_file_supersedes_its_period_only_and_history_is_kept(raw: Path, tmp_path: Path) -> None:
    key = tmp_path / "k.key"
    esr_2026 = raw / "esr_staff_2026-03-31.csv"
    header, body = read_rows(esr_2026)
    col = header.index("Ethnic Origin")
    body[0][col] = "N Black or Black British - African"
    corrected_dir = tmp_path / "corrected"
    corrected_dir.mkdir()
    corrected = write_rows(corrected_dir / esr_2026.name, header, body)
    with Store(tmp_path / "s.duckdb") as st:
        import_files(csvs(raw), st, key_path=key)
        snap_2025 = st.con.execute("SELECT * FROM staff WHERE snapshot_date = DATE '2025-03-31'").df()
        old_ids = {r.file_name: r.import_id for r in list_imports(st)}
        report = import_files([corrected], st, key_path=key)
        assert report.commit is not None
        assert report.superseded == [old_ids[esr_2026.name]]
        history = {r.import_id: r for r in list_imports(st)}
        new_id = report.commit.import_ids[0]
        assert history[old_ids[esr_2026.name]].status == f"superseded by import {new_id}"
        assert history[new_id].status == "current"
        assert history[old_ids["esr_staff_2025-03-31.csv"]].status == "current"
        assert len(history) == len(csvs(raw)) + 1
        # the other snapshot is untouched, the corrected one replaced
        after_2025 = st.con.execute("SELECT * FROM staff WHERE snapshot_date = DATE '2025-03-31'").df()
        pd.testing.assert_frame_equal(snap_2025, after_2025)
        n_2026 = st.con.execute("SELECT count(*) FROM staff WHERE snapshot_date = DATE '2026-03-31'").fetchall()
        assert n_2026[0][0] == history[new_id].rows_loaded
        # re-importing the original brings it back as a new import and supersedes the correction
        back = import_files([esr_2026], st, key_path=key)
        assert back.commit is not None
        assert back.superseded == [new_id]


def test_every_row_is_loaded_rejected_merged_or_out_of_scope(raw: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        report = import_files(csvs(raw), st, key_path=tmp_path / "k.key", dry_run=True)
    by_name = {f.path.name: f for f in report.files}
    for f in report.files:
        assert f.rows_read == f.rows_loaded + f.rows_rejected + f.rows_merged + f.rows_out_of_scope, f.path.name
    assert by_name["esr_staff_2026-03-31.csv"].rows_merged > 0  # second assignments
    assert by_name["er_case_log.csv"].rows_out_of_scope > 0  # grievances, informal cases


def test_rejects_name_file_row_column_value_and_problem(raw: Path, tmp_path: Path) -> None:
    source = raw / "recruitment_applications.csv"
    header, body = read_rows(source)
    body[0][header.index("Application Date")] = "31/02/2025"  # required date: row not loaded (file row 2)
    body[1][header.index("Internal Applicant")] = "Perhaps"  # optional flag: value left empty (row 3)
    body[3][header.index("Application ID")] = body[2][header.index("Application ID")]  # repeated key (rows 4, 5)
    bad = write_rows(tmp_path / source.name, header, body)
    files = [bad if p.name == source.name else p for p in csvs(raw)]
    with Store(tmp_path / "s.duckdb") as st:
        report = import_files(files, st, key_path=tmp_path / "k.key")
        assert report.commit is not None
        (rec,) = [f for f in report.files if f.path.name == source.name]
        rejects = rec.rejects
        first = rejects[rejects["row"] == 2].iloc[0]
        assert (first["column"], first["value"], first["outcome"]) == (
            "Application Date",
            "31/02/2025",
            "row not loaded",
        )
        second = rejects[rejects["row"] == 3].iloc[0]
        assert (second["column"], second["value"]) == ("Internal Applicant", "Perhaps")
        assert second["outcome"] == "loaded, value left empty"
        duplicated = rejects[rejects["problem"].str.startswith("duplicate key")]
        assert sorted(duplicated["row"]) == [4, 5]
        assert rec.rows_rejected == 3
        assert rec.rows_loaded == rec.rows_read - 3 - rec.rows_out_of_scope
        stored = import_rejects(st, int(rec.import_id or 0))
        assert len(stored) == len(rejects)
        assert set(stored["row"]) == {2, 3, 4, 5}


def test_quality_report_counts_completeness_unmatched_ids_dates_and_duplicates(raw: Path, tmp_path: Path) -> None:
    learning = raw / "learning_records.csv"
    header, body = read_rows(learning)
    body[0][header.index("Start Date")] = "01/01/2099"  # in the future
    body.append(list(body[5]))  # an identical row (and a repeated enrolment id)
    changed = write_rows(tmp_path / learning.name, header, body)
    files = [changed if p.name == learning.name else p for p in csvs(raw)]
    with Store(tmp_path / "s.duckdb") as st:
        report = import_files(files, st, key_path=tmp_path / "k.key", max_invalid_share=0.5)
        staff = st.con.execute("SELECT ethnic_category FROM staff WHERE snapshot_date = DATE '2026-03-31'").df()
    by_name = {f.path.name: f for f in report.files}
    (eth,) = by_name["esr_staff_2026-03-31.csv"].quality["ethnicity"]
    unknown = int(staff["ethnic_category"].isin(["Z", "99"]).sum())
    assert (eth["rows"], eth["not_stated_or_unknown"]) == (len(staff), unknown)
    q = by_name[learning.name].quality
    assert q["dates_outside_period"]["training"]["future_dates"] == 1
    assert q["duplicates"]["identical_rows"] == 1
    assert q["duplicates"]["repeated_keys"] == 2
    (link,) = q["unmatched_staff"]
    assert link["unmatched_records"] == 0  # same key, same people

    # learning records pseudonymised with another key match nobody
    with Store(tmp_path / "t.duckdb") as st:
        import_files([p for p in csvs(raw) if p.name != learning.name], st, key_path=tmp_path / "k.key")
        other = import_files([learning], st, key_path=tmp_path / "other.key", allow_new_key=True)
    (link,) = other.files[0].quality["unmatched_staff"]
    assert link["unmatched_records"] == link["records"] > 0


def test_only_the_organisations_file_can_be_imported_first(raw: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        report = import_files([raw / "organisations.csv"], st, key_path=tmp_path / "k.key")
        assert report.commit is not None
        assert st.organisations()
        report = import_files([raw / "board_register.csv"], st, key_path=tmp_path / "k.key")
        assert report.files[0].rows_loaded > 0


def test_cli_imports_lists_history_and_shows_one(raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--store", str(tmp_path / "s.duckdb")]
    key = ["--key-file", str(tmp_path / "k.key")]
    reports = tmp_path / "reports"
    assert run(["import", *map(str, csvs(raw)), *common, *key, "--report-dir", str(reports)]) == 0
    out = capsys.readouterr().out
    assert "Data quality" in out
    assert "ethnicity stated" in out
    assert sorted(p.name for p in reports.iterdir())[:2] == ["import-1-quality.json", "import-1-rejects.csv"]
    assert run(["import", *map(str, csvs(raw)), *common, *key]) == 0
    assert "already imported" in capsys.readouterr().out
    assert run(["imports", *common]) == 0
    out = capsys.readouterr().out
    assert "esr_staff_2026-03-31.csv" in out
    assert "current" in out
    assert run(["imports", *common, "--show", "2", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["import_id"] == 2
    assert "rejects" in shown
    assert run(["imports", *common, "--show", "99"]) == 1
    assert "no import 99" in capsys.readouterr().err


def test_source_option_restricts_detection(raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--store", str(tmp_path / "s.duckdb"), "--key-file", str(tmp_path / "k.key")]
    esr = str(raw / "esr_staff_2026-03-31.csv")
    assert run(["validate", esr, "--source", "training", *common]) == 1
    err = capsys.readouterr().err
    assert "error:" in err
    assert "Traceback" not in err
    assert run(["validate", str(raw / "organisations.csv"), esr, "--source", "staff", *common]) == 1
    assert run(["validate", esr, "--source", "nonsense", *common]) == 2  # a usage error (ADR 5)
    assert "unknown source" in capsys.readouterr().err


def test_excel_named_sheet_through_the_cli(raw: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header, body = read_rows(raw / "board_register.csv")
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover"
    cover.append(["Board register, for the WRES return"])
    sheet = book.create_sheet("Register")
    sheet.append(["Trust board register"])  # a title row above the header
    sheet.append(header)
    for row in body:
        sheet.append(row)
    xlsx = tmp_path / "board.xlsx"
    book.save(xlsx)
    common = ["--store", str(tmp_path / "s.duckdb"), "--key-file", str(tmp_path / "k.key")]
    assert run(["import", str(raw / "organisations.csv"), *common]) == 0
    assert run(["import", str(xlsx), "--sheet", "Register", *common]) == 0
    assert "board_register" in capsys.readouterr().out
    with Store(tmp_path / "s.duckdb", read_only=True) as st:
        assert st.row_counts()["board"] == len(body)


def test_nothing_personal_reaches_output_reports_or_the_store(
    raw: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    esr = raw / "esr_staff_2026-03-31.csv"
    header, body = read_rows(esr)
    body[0][header.index("Pay Band")] = ""  # problems make rejects, which must not show ids
    body[0][header.index("Staff Group")] = "Not a group"
    body[1][header.index("Employee Number")] = ""
    folder = tmp_path / "raw"
    shutil.copytree(raw, folder)
    write_rows(folder / esr.name, header, body)
    secrets = set()
    for column in ("Employee Number", "Full Name", "NI Number", "Date of Birth"):
        secrets.update(r[header.index(column)] for r in body[:200] if r[header.index(column)])
    reports = tmp_path / "reports"
    store = tmp_path / "s.duckdb"
    args = ["--store", str(store), "--key-file", str(tmp_path / "k.key"), "--report-dir", str(reports)]
    assert run(["import", *map(str, csvs(folder)), *args]) == 0
    assert run(["imports", "--store", str(store), "--show", "1"]) == 0
    captured = capfd.readouterr()
    texts = [captured.out, captured.err] + [p.read_text(encoding="utf-8") for p in reports.iterdir()]
    with Store(store, read_only=True) as st:
        for table, rows in contents(st).items():
            texts.append(table + "\n" + "\n".join(map(repr, rows)))
    everything = "\n".join(texts)
    leaked = sorted(s for s in secrets if s in everything)
    assert not leaked, leaked[:5]


def test_next_years_event_file_does_not_wipe_this_year(raw: Path, tmp_path: Path) -> None:
    """A few applications of last year in next year's export update those records only."""
    source = raw / "recruitment_applications.csv"
    header, body = read_rows(source)
    date = header.index("Application Date")
    year_of = [int(r[date][-4:]) + (int(r[date][3:5]) >= 4) for r in body]  # the year ending 31 March
    this_year = [r for r, y in zip(body, year_of, strict=True) if y <= 2025]
    next_year = [r for r, y in zip(body, year_of, strict=True) if y == 2026]
    assert len(this_year) > 40
    assert len(next_year) > 40
    straddling = [list(r) for r in this_year[:2]]
    for r in straddling:
        r[header.index("Outcome")] = "Withdrawn"
    a = write_rows(tmp_path / "applications_2024-25.csv", header, this_year)
    b = write_rows(tmp_path / "applications_2025-26.csv", header, next_year + straddling)
    with Store(tmp_path / "s.duckdb") as st:
        import_files([raw / "organisations.csv", a], st, key_path=tmp_path / "k.key")
        report = import_files([b], st, key_path=tmp_path / "k.key")
        assert report.superseded == []
        assert st.row_counts()["recruitment"] == len(this_year) + len(next_year)
        ids = tuple(r[header.index("Application ID")] for r in straddling)
        appointed = st.con.execute(
            f"SELECT count(*) FROM recruitment WHERE application_id IN {ids} AND appointed"
        ).fetchall()[0][0]
        assert appointed == 0  # the later file's version of the two records
        assert all(r.status == "current" for r in list_imports(st))


def test_a_different_pseudonymisation_key_is_recorded_and_warned_about(raw: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        import_files([raw / "organisations.csv", raw / "esr_staff_2025-03-31.csv"], st, key_path=tmp_path / "a.key")
        with pytest.raises(WresError, match="--new-key"):  # a new key where the store has data: refused
            import_files([raw / "esr_staff_2026-03-31.csv"], st, key_path=tmp_path / "b.key")
        report = import_files([raw / "esr_staff_2026-03-31.csv"], st, key_path=tmp_path / "b.key", allow_new_key=True)
        assert "will not link" in report.files[0].quality["key_warning"]
        load_or_create_key(tmp_path / "c.key")  # an existing key file, not the one used before: a warning
        report = import_files([raw / "learning_records.csv"], st, key_path=tmp_path / "c.key")
        assert "another pseudonymisation key" in report.files[0].quality["key_warning"]
        assert len({r.key_id for r in list_imports(st)}) == 3


def test_control_characters_are_rejected_and_invisible_marks_removed(raw: Path, tmp_path: Path) -> None:
    esr = raw / "esr_staff_2026-03-31.csv"
    header, body = read_rows(esr)
    body[0][header.index("Directorate")] = "Medi\x00cine"
    body[1][header.index("Directorate")] = "\ufeffSurgery"
    body[2][header.index("Employee Number")] = "1000\x0012"
    changed = write_rows(tmp_path / esr.name, header, body)
    with Store(tmp_path / "s.duckdb") as st:
        report = import_files([raw / "organisations.csv", changed], st, key_path=tmp_path / "k.key")
        directorates = {r[0] for r in st.con.execute("SELECT DISTINCT directorate FROM staff").fetchall()}
    (rec,) = [f for f in report.files if f.path.name == esr.name]
    problems = rec.rejects[rec.rejects["problem"].str.startswith("contains a control character")]
    assert sorted(problems["row"]) == [2, 4]
    assert problems.loc[problems["row"] == 4, "value"].isna().all()  # an id's value is never shown
    assert "Surgery" in directorates
    assert not any("\x00" in str(d) or "\ufeff" in str(d) for d in directorates)


def test_columns_a_profile_does_not_read_are_never_loaded(raw: Path) -> None:
    from wres.ingest.profiles import load_profiles
    from wres.ingest.readers import read_raw

    profile = load_profiles()["esr_staff"]
    table = read_raw(raw / "esr_staff_2026-03-31.csv", select=profile.reads)
    for personal in ("Full Name", "NI Number", "Date of Birth"):
        assert personal in table.columns
        assert personal not in table.frame.columns
    assert "Employee Number" in table.frame.columns


@pytest.mark.parametrize("name", ["esr_staff_2026-03-31.csv", "er_case_log.csv"])
def test_every_input_row_is_loaded_or_listed_with_its_reason(raw: Path, tmp_path: Path, name: str) -> None:
    from wres.ingest.profiles import detect_profile, load_profiles
    from wres.ingest.pseudonym import load_or_create_key
    from wres.ingest.readers import read_raw
    from wres.ingest.transform import ROW_NOT_LOADED, apply_profile

    table = read_raw(raw / name)
    profile = detect_profile(table.columns, load_profiles())
    result = apply_profile(table, profile, load_or_create_key(tmp_path / "k.key"))
    loaded = set(result.rows[profile.table].tolist())
    rejected = set(result.rejects.loc[result.rejects["outcome"] == ROW_NOT_LOADED, "row"])
    set_aside = set(result.set_aside["row"])
    assert set_aside  # merged assignments, or grievance and informal cases
    assert not loaded & set_aside
    assert not rejected & set_aside
    assert loaded | rejected | set_aside == set(table.source_rows.tolist())
    assert result.set_aside["problem"].str.len().min() > 10
