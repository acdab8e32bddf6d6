"""Issue 18: a CSV file read, mapped, pseudonymised and validated in chunks gives what reading it whole gives.

Oracle: the same import with a chunk larger than every file (``[ingest] chunk_rows``), the whole-file path that the
other tests of ``tests/ingest`` check against hand-made files; and the keyed pseudonym of one employee number
computed directly (:meth:`wres.ingest.pseudonym.Pseudonymiser.pseudonym`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from wres.config import IngestOptions
from wres.errors import DataError
from wres.ingest.importer import ImportReport, import_files
from wres.ingest.pseudonym import load_key
from wres.ingest.readers import read_csv_chunks, read_raw
from wres.store import Store
from wres.synth import SynthConfig, generate, write_raw

TINY = IngestOptions(chunk_rows=7)
WHOLE = IngestOptions(chunk_rows=10**9)
TABLES = ("organisations", "staff", "recruitment", "disciplinary", "training")


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Small synthetic extracts, the event files given problems that span chunks."""
    base = tmp_path_factory.mktemp("chunks")
    data = generate(SynthConfig(profile="london", n_orgs=1, size=200, seed=7, first_year=2025, last_year=2025))
    raw = write_raw(data, base / "raw")
    out = base / "mutated"
    out.mkdir()
    learning = _rows(raw / "learning_records.csv")
    header = learning[0]
    start, ident, title = header.index("Start Date"), header.index("Enrolment ID"), header.index("Course Title")
    learning[5][start] = "31/02/2025"  # a reject in an early chunk
    learning[-3][start] = "not a date"  # and in the last
    learning[60][ident] = learning[4][ident]  # the same record id in two chunks: both rows are rejects
    learning.insert(90, list(learning[12]))  # a row repeated whole, chunks apart: identical, and a repeated key
    learning[30][title] = "Basic\nLife Support"  # a quoted line break: no chunk may be cut inside it
    learning[31].append("shifted")  # a damaged row (one cell too many)
    recruitment = _rows(raw / "recruitment_applications.csv")
    band = recruitment[0].index("Job Band")
    recruitment[8][band] = "Band Seven-ish"  # unmapped band, listed in the quality report
    recruitment[-2][band] = "Band Seven-ish"
    paths = [
        _write(out / "learning_records.csv", learning),
        _write(out / "recruitment_applications.csv", recruitment),
    ]
    for name in ("organisations.csv", "er_case_log.csv", "board_register.csv"):
        paths.append(_write(out / name, _rows(raw / name)))
    paths += sorted(raw.glob("esr_staff_*.csv"))  # not chunked (assignments are resolved per person)
    return paths


def _import(paths: list[Path], folder: Path, key: Path, options: IngestOptions) -> tuple[ImportReport, dict]:
    with Store(folder / "s.duckdb") as store:
        report = import_files(paths, store, key_path=key, options=options)
        tables = {t: store.con.execute(f"SELECT * EXCLUDE (_import_id) FROM {t} ORDER BY ALL").df() for t in TABLES}
    return report, tables


def test_a_chunked_import_gives_the_tables_rejects_and_report_of_a_whole_one(files: list[Path], tmp_path: Path) -> None:
    key = tmp_path / "key" / "pseudonym.key"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    whole, whole_tables = _import(files, tmp_path / "a", key, WHOLE)
    chunked, chunked_tables = _import(files, tmp_path / "b", key, TINY)
    for name in TABLES:
        assert len(whole_tables[name]), name
        pd.testing.assert_frame_equal(whole_tables[name], chunked_tables[name], obj=name)
    for a, b in zip(whole.files, chunked.files, strict=True):
        for name, value in a.outcome().items():
            if isinstance(value, pd.DataFrame):
                pd.testing.assert_frame_equal(value, b.outcome()[name], obj=f"{name} of {a.path.name}")
            else:
                assert value == b.outcome()[name], (a.path.name, name)
        pd.testing.assert_frame_equal(a.rejects, b.rejects, obj=f"rejects of {a.path.name}")
        pd.testing.assert_frame_equal(
            a.set_aside.reset_index(drop=True), b.set_aside.reset_index(drop=True), obj=f"set aside of {a.path.name}"
        )
        assert a.quality == b.quality, a.path.name
    learning = next(f for f in chunked.files if f.path.name == "learning_records.csv")
    rejected = learning.rejects
    # the hand-placed problems, each at its row in the whole file (line 1 is the header; row 30's title spans two
    # lines, so every row after it is one line further down)
    assert {6, 5, 62, 13, 92} <= set(rejected["row"])  # bad date, the repeated id (both), the repeated row (both)
    assert (rejected.loc[rejected["row"] == 33, "column"] == "(whole row)").all()  # the damaged row, after row 30
    duplicates = learning.quality["duplicates"]
    assert (duplicates["identical_rows"], duplicates["repeated_keys"]) == (1, 4)
    recruitment = next(f for f in chunked.files if f.path.name == "recruitment_applications.csv")
    bands = recruitment.quality["values"]["vacancy_band"]["values"]
    assert next(v for v in bands if v["value"] == "Band Seven-ish")["rows"] == 2  # summed over two chunks


def test_pseudonyms_are_the_same_across_chunk_boundaries(files: list[Path], tmp_path: Path) -> None:
    key = tmp_path / "pseudonym.key"
    report, tables = _import(files, tmp_path, key, TINY)
    assert report.commit is not None
    learning = _rows(files[0])
    header = learning[0]
    emp, ident = header.index("Employee Number"), header.index("Enrolment ID")
    by_person: dict[str, dict[str, int]] = {}
    for line, row in enumerate(learning[1:]):
        if len(row) == len(header):
            by_person.setdefault(row[emp], {})[row[ident]] = line
    employee, at = max(by_person.items(), key=lambda kv: max(kv[1].values()) - min(kv[1].values()))
    assert max(at.values()) - min(at.values()) > 7  # rows further apart than a chunk: in different chunks
    records = set(at)
    training = tables["training"]
    ids = set(training.loc[training["record_id"].isin(records), "person_id"])
    pseudonymiser = load_key(key)
    assert pseudonymiser is not None
    assert ids == {pseudonymiser.pseudonym(employee, kind="person")}


def test_an_error_in_a_late_chunk_names_its_row_and_changes_nothing(files: list[Path], tmp_path: Path) -> None:
    key = tmp_path / "pseudonym.key"
    rows = _rows(files[1])
    late = len(rows) - 2  # 0-based index of a row in the last chunk; its line is late + 1
    rows[3][0] = "Café"  # UTF-8 early on
    mixed = tmp_path / "recruitment_applications.csv"
    _write(mixed, rows)
    data = mixed.read_bytes()
    lines = data.split(b"\r\n")
    lines[late] = lines[late].replace(b"VAC", b"VAC\xe9", 1)  # a byte that is not UTF-8, late in the file
    mixed.write_bytes(b"\r\n".join(lines))
    others = [p for p in files if p.name in {"organisations.csv", "learning_records.csv"}]
    with Store(tmp_path / "s.duckdb") as store:
        import_files(others, store, key_path=key, options=TINY)
        before = store.row_counts()
        ledger = store.con.execute("SELECT count(*) FROM imports").fetchone()
        for options in (TINY, WHOLE):
            with pytest.raises(DataError) as info:
                import_files([*others[:0], mixed], store, key_path=key, options=options)
            assert info.value.problems[0].row == late + 1, options
            assert "not UTF-8" in info.value.problems[0].problem
        assert store.row_counts() == before
        assert store.con.execute("SELECT count(*) FROM imports").fetchone() == ledger


def test_a_late_chunk_over_the_invalid_share_refuses_the_file_naming_its_rows(
    files: list[Path], tmp_path: Path
) -> None:
    rows = _rows(files[1])
    date = rows[0].index("Application Date")
    for row in rows[-40:]:
        row[date] = "32/13/2025"
    bad = _write(tmp_path / "recruitment_applications.csv", rows)
    orgs = next(p for p in files if p.name == "organisations.csv")
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(DataError, match="refused") as info:
            import_files([orgs, bad], store, key_path=tmp_path / "k.key", options=TINY, max_invalid_share=0.01)
        assert info.value.problems[1].row == len(rows) - 40 + 1
        assert info.value.problems[1].column == "Application Date"
        assert store.row_counts()["recruitment"] == 0


def test_chunks_read_as_the_whole_file(files: list[Path]) -> None:
    whole = read_raw(files[0])
    chunks = list(read_csv_chunks(files[0], rows=5))
    assert len(chunks) > 10
    frame = pd.concat([c.frame for c in chunks], ignore_index=True)
    pd.testing.assert_frame_equal(whole.frame, frame)
    assert [int(r) for c in chunks for r in c.source_rows] == whole.source_rows.tolist()
    assert [d for c in chunks for d in c.damaged] == list(whole.damaged)


def test_the_spilled_tables_are_removed_when_the_import_ends(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    made: list[Path] = []
    real = tempfile.mkdtemp

    def mkdtemp(*args: object, **kwargs: object) -> str:
        path = real(*args, **kwargs)  # type: ignore[call-overload]
        made.append(Path(path))
        return str(path)

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    with Store(tmp_path / "s.duckdb") as store:
        report = import_files(files[:3], store, key_path=tmp_path / "k.key", options=TINY)
        assert report.commit is not None
        assert store.row_counts()["training"] > 0
    spills = [p for p in made if p.name.startswith("wres-import-")]
    assert len(spills) == 1  # the learning and recruitment tables were spilled there ...
    assert not spills[0].exists()  # ... and it is gone


def test_spilled_tables_read_back_as_written_and_answer_membership_unread(tmp_path: Path) -> None:
    from wres.store.imports import SpilledTables

    frame = pd.DataFrame(
        {
            "org_code": pd.Series(["A", None], dtype="str"),
            "snapshot_date": pd.Series(pd.to_datetime(["2025-03-31", None]), dtype="datetime64[ns]"),
            "flag": pd.array([True, None], dtype="boolean"),
            "n": pd.array([3, None], dtype="Int64"),
        }
    )
    tables = SpilledTables(tmp_path, "0", {"staff": frame})
    (tmp_path / "0-staff.parquet").rename(tmp_path / "moved.parquet")  # membership must not read the file
    assert "staff" in tables
    assert "training" not in tables
    (tmp_path / "moved.parquet").rename(tmp_path / "0-staff.parquet")
    pd.testing.assert_frame_equal(tables["staff"], frame)
    tables["organisations"] = frame.head(1)
    assert list(tables) == ["staff", "organisations"]
    assert len(tables) == 2


def test_spilled_tables_appended_chunk_by_chunk_read_back_as_the_chunks_concatenated(tmp_path: Path) -> None:
    """Oracle: pandas' concatenation of the chunks, less the dropped rows. The first chunk's ``role`` is all missing
    (no Arrow type yet), a later one's is text: the file keeps one schema."""
    import numpy as np

    from wres.store.imports import SpilledTables

    def chunk(ids: list[str], roles: list[str | None]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "org_code": pd.Series(["RAA"] * len(ids), dtype="str"),
                "snapshot_date": pd.Series(pd.to_datetime(["2025-03-31"] * len(ids)), dtype="datetime64[ns]"),
                "member_id": pd.Series(ids, dtype="str"),
                "voting": pd.array([True] * len(ids), dtype="boolean"),
                "role": pd.Series(roles, dtype=object),
            }
        )

    chunks = [chunk(["a", "b"], [None, None]), chunk(["c"], ["Chair"]), chunk(["d", "e", "f"], ["x", None, "y"])]
    tables = SpilledTables(tmp_path, "3")
    for part in chunks:
        tables.append("board", part)
    tables.close()
    assert tables.rows("board") == 6
    whole = pd.concat(chunks, ignore_index=True)
    pd.testing.assert_frame_equal(tables["board"], whole)
    keep = np.array([True, False, True, True, False, True])
    tables.drop_rows("board", keep)
    assert tables.rows("board") == 4
    pd.testing.assert_frame_equal(tables["board"], whole[keep].reset_index(drop=True))


def test_repeated_keys_across_chunks_are_compared_exactly_when_hashes_collide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every key given the same hash (all rows candidates): the rows named are still those whose key is on another
    row. Oracle: pandas' ``duplicated(keep=False)`` over the chunks concatenated. One chunk's ids are of mixed types
    (kept as pandas, not Arrow)."""
    import numpy as np

    from wres.ingest import importer

    chunks = [
        pd.DataFrame({"org_code": ["A", "A", "B"], "record_id": ["1", "2", "1"]}),
        pd.DataFrame({"org_code": ["A", "B", "A"], "record_id": ["3", "1", "2"]}),
        pd.DataFrame({"org_code": ["A", "C", "C"], "record_id": [4, "x", None]}, dtype=object),
        pd.DataFrame({"org_code": ["C"], "record_id": [None]}, dtype=object),
    ]
    rows = [np.array([2, 3, 4]), np.array([5, 6, 7]), np.array([8, 9, 10]), np.array([11])]
    whole = pd.concat(chunks, ignore_index=True)
    expected = np.concatenate(rows)[whole.duplicated(keep=False).to_numpy()]
    assert sorted(expected.tolist()) == [3, 4, 6, 7, 10, 11]
    for collide in (False, True):
        if collide:
            monkeypatch.setattr(
                pd.util, "hash_pandas_object", lambda frame, index=False: pd.Series(np.zeros(len(frame), np.uint64))
            )
        keys = importer._Keys(("org_code", "record_id"))
        for frame, at in zip(chunks, rows, strict=True):
            keys.add(frame, at)
        assert sorted(keys.repeated().tolist()) == sorted(expected.tolist()), collide


def test_a_chunked_dry_run_previews_the_stored_records_a_whole_one_does(files: list[Path], tmp_path: Path) -> None:
    """Oracle: the dry run of the same file read whole (nothing spilled)."""
    learning = _rows(files[0])
    shorter = _write(tmp_path / "learning_records.csv", learning[: len(learning) // 2])
    orgs = next(p for p in files if p.name == "organisations.csv")
    key = tmp_path / "k.key"
    with Store(tmp_path / "s.duckdb") as store:
        import_files([orgs, files[0]], store, key_path=key, options=TINY)
        previews = [
            import_files([shorter], store, key_path=key, options=options, dry_run=True).files[0].quality
            for options in (TINY, WHOLE)
        ]
    assert previews[0]["stored_records_not_in_file"], previews[0]
    assert previews[0] == previews[1]
