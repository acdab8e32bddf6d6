"""Fuzz `wres import` (the real CLI, in process) with malformed raw extracts (issue 4).

Every case starts from the valid raw extracts of a small synthetic organisation (``SY001``) and mutates one of
them: wrong encodings, truncation, NUL bytes and byte-order marks in odd places, random bytes, duplicate or
missing headers, title rows above the header (merged or not), formulas in cells, mixed date formats, ragged
rows, empty files and sheets, 10 MB lines. The mutated file is imported together with the organisations and
ESR staff files (one of which may be the mutated one) into a copy of a store that already holds two
organisations (``SY001`` and ``SY002``).

Whatever the input, the import must either succeed (exit 0, with a report) or fail with a one-line error and
exit code 1 or 2 — never a traceback, never the internal-error code 70 — and the store must not change beyond
what was imported:

* on failure, every table (found through information_schema, so new ledger tables are covered) is identical;
* on success, the same tables exist; only the imported organisations' rows of the tables the imported files
  produce, and bookkeeping tables (ledgers, reports; anything that is neither canonical nor ``wres_meta``),
  may differ. ``SY002``'s rows, and the tables no imported file produces, are untouched; and when the store
  has an import ledger, every row added to a canonical table is accounted for by the new imports' slices.

A case that hits a bug already reported (:data:`KNOWN_BUGS`, matched on its internal-error message) is counted,
checked not to have changed the store, and turns the test into an xfail naming the bug once all cases have run.
Hypothesis does not shrink failures here (each step is a full import); it prints the failing case and a blob.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from tests.hang import hang_guard
from tests.ingest import rawfiles as rf

from wres.cli.main import INTERNAL_ERROR, run

FUZZ_ORG = "SY001"
OTHER_ORG = "SY002"
MB = 1024 * 1024
MAX_ERROR_LINE = 4000
"""Longest first error line accepted as one clear line (the profile-mismatch message alone is ~700)."""
BOOKKEEPING_FIXED = frozenset({"wres_meta"})
"""Non-canonical tables that an import must never change, except for the derived tables' stamp (ADR 23), which
every import sets to its own load and which is checked as that."""
NOT_THE_STAMP = "key <> 'derived_load_id'"

FUZZ = settings(
    max_examples=25,
    deadline=None,
    # No shrinking: each step is a full import, and hypothesis would spend up to five minutes per failure; the
    # failing case is printed as it is (and reproduced with @reproduce_failure from the printed blob).
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

KNOWN_BUGS: dict[str, str] = {}
"""Internal-error messages of bugs already reported (signature → description): a case that hits one is marked
xfail with the description, so the fuzz tests report the bug without failing until it is fixed."""

RAW_FILES = (
    "organisations.csv",
    "esr_staff_2025-03-31.csv",
    "learning_records.csv",
    "recruitment_applications.csv",
    "er_case_log.csv",
    "staff_survey_2024.csv",
    "board_register.csv",
)


# ---------------------------------------------------------------------------------------------- harness


@dataclass(frozen=True, repr=False)
class Env:
    """The synthetic extracts and the store every case starts from."""

    root: Path
    raw: rf.RawSet
    store: Path
    key: Path
    digest: rf.Digest
    other_rows: rf.Digest  # canonical tables: the rows of every organisation but FUZZ_ORG
    orgs: frozenset[str]
    meta: rf.TableDigest  # wres_meta but the derived tables' stamp

    def __repr__(self) -> str:
        return f"Env({self.root})"

    def rows(self, name: str) -> rf.Rows:
        return rf.read_rows(self.raw.file(name))

    def data(self, name: str) -> bytes:
        return self.raw.file(name).read_bytes()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Env:
    root = tmp_path_factory.mktemp("fuzz")
    other = rf.synthetic_raw(root / "other", seed=1, n_orgs=2)  # SY001 and SY002
    raw = rf.synthetic_raw(root / "raw", seed=7)  # SY001 only, other people
    assert sorted(p.name for p in raw.csv_files()) == sorted(RAW_FILES)
    store, key = root / "base.duckdb", root / "key" / "pseudonym.key"
    assert run(["import", *map(str, other.csv_files()), "--store", str(store), "--key-file", str(key)]) == 0
    with rf.open_store(store) as con:
        digest, orgs = rf.digest_store(con), frozenset(rf.store_orgs(con))
        others = rf.org_filter({FUZZ_ORG}, inside=False)
        other_rows = {t: rf.digest_table(con, t, where=others) for t in digest if t in rf.DATA_TABLES}
        meta = rf.digest_table(con, "wres_meta", where=NOT_THE_STAMP)
    assert orgs == {FUZZ_ORG, OTHER_ORG}
    assert other_rows["staff"].rows
    assert other_rows["training"].rows
    return Env(root, raw, store, key, digest, other_rows, orgs, meta)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No user profiles, no debug tracebacks, no default store."""
    monkeypatch.setenv("WRES_PROFILE_DIR", str(tmp_path_factory.mktemp("no-profiles")))
    monkeypatch.delenv("WRES_DEBUG", raising=False)
    monkeypatch.delenv("WRES_STORE", raising=False)


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        return next((line for line in self.err.splitlines() if line.strip()), "")


@contextmanager
def case_folder(env: Env) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="case-", dir=env.root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(repr=False)
class Importer:
    """Runs ``wres import`` on one case and checks the invariants of the module docstring."""

    env: Env
    capfd: pytest.CaptureFixture[str]
    known_bugs_hit: list[str] | None = None  # when a list, a case hitting a known bug is recorded, not xfailed

    def __call__(
        self,
        files: dict[str, bytes],
        *,
        extra: Sequence[str] = (),
        shuffle: int | None = None,
        directories: Sequence[str] = (),
        missing: Sequence[str] = (),
        fifos: Sequence[str] = (),
        devices: Sequence[str] = (),
    ) -> Outcome:
        """Import ``files`` (name → content; each replaces the synthetic file of the same stem, if any) with the
        synthetic organisations and ESR staff files. ``directories`` and ``missing`` add paths that are folders
        or do not exist, ``fifos`` named pipes and ``devices`` links to ``/dev/zero``."""
        env = self.env
        with case_folder(env) as folder:
            store = rf.copy_store(env.store, folder / "store.duckdb")
            written = []
            for name, data in files.items():
                (folder / name).write_bytes(data)
                written.append(folder / name)
            for name in directories:
                (folder / name).mkdir()
                written.append(folder / name)
            written += [folder / name for name in missing]
            for name in fifos:
                os.mkfifo(folder / name)
                written.append(folder / name)
            for name in devices:
                (folder / name).symlink_to("/dev/zero")
                written.append(folder / name)
            replaced = {Path(name).stem for name in (*files, *directories, *missing, *fifos, *devices)}
            # The case's files first: most fail on reading, before the valid files are mapped (quicker).
            paths = written + [p for p in (env.raw.organisations, env.raw.staff) if p.stem not in replaced]
            if shuffle is not None:
                random.Random(shuffle).shuffle(paths)
            self.capfd.readouterr()
            code = run(["import", *map(str, paths), "--store", str(store), "--key-file", str(env.key), *extra])
            out, err = self.capfd.readouterr()
            outcome = Outcome(code, out, err)
            produced = frozenset().union(*(rf.tables_of_file(p.name) for p in paths))
            bug = check_outcome(env, store, outcome, produced)
            if code == 0:  # the report names every file exactly as it is named (issue 12: no markup read in it)
                for path in paths:
                    assert path.name in out, f"{path.name!r} not in the report:\n{out[-3000:]}"
            if bug is not None:
                if self.known_bugs_hit is None:
                    pytest.xfail(bug)
                self.known_bugs_hit.append(bug)
            return outcome

    def fuzz(self, strategy: st.SearchStrategy[CsvCase | XlsxCase], config: settings = FUZZ) -> None:
        """Import every case ``strategy`` draws; cases hitting known bugs are counted and reported at the end (as
        an xfail naming the bugs) instead of stopping the run at the first one."""
        self.known_bugs_hit = []

        @config
        @given(case=strategy)
        def one(case: CsvCase | XlsxCase) -> None:
            self(case.build(self.env), extra=case.extra, shuffle=case.shuffle)

        one()
        if self.known_bugs_hit:
            counts = {bug: self.known_bugs_hit.count(bug) for bug in dict.fromkeys(self.known_bugs_hit)}
            pytest.xfail("; ".join(f"{n} case(s): {bug}" for bug, n in counts.items()))


def check_outcome(env: Env, store: Path, outcome: Outcome, produced: frozenset[str]) -> str | None:
    """Check the exit code, messages and store after one import (see the module docstring).

    Returns the description of a known bug the case hit (after checking that the store is unchanged), else None.
    """
    code, out, err = outcome.code, outcome.out, outcome.err
    shown = f"exit {code}\n--- stdout\n{out[-3000:]}\n--- stderr\n{err[-3000:]}"
    assert "Traceback" not in out + err, shown
    known = next((bug for signature, bug in KNOWN_BUGS.items() if signature in err), None)
    assert code != INTERNAL_ERROR or known, f"internal error (a bug): {shown}"
    assert code in (0, 1, 2, INTERNAL_ERROR), shown
    with rf.open_store(store) as con:
        after = rf.digest_store(con)
        assert set(after) == set(env.digest), f"tables added or dropped: {rf.describe_differences(env.digest, after)}"
        if code == INTERNAL_ERROR:
            assert after == env.digest, f"a crash changed the store: {rf.describe_differences(env.digest, after)}"
            return known
        if code != 0:
            line = outcome.error_line
            assert line.lower().startswith("error:"), f"no one-line error: {shown}"
            assert len(line) <= MAX_ERROR_LINE, f"error line of {len(line):,} characters: {line[:300]}..."
            assert "wres-import-" not in err, f"the error names an internal temporary file: {shown}"
            assert after == env.digest, f"failed import changed the store: {rf.describe_differences(env.digest, after)}"
            return None
        assert "import" in out.lower(), f"no report: {shown}"
        imported = {FUZZ_ORG} | (rf.store_orgs(con) - env.orgs)
        others = rf.org_filter(imported, inside=False)
        for table, before in env.digest.items():
            if table in rf.DATA_TABLES and table in produced:
                now = rf.digest_table(con, table, where=others)
                assert now == env.other_rows[table], f"{table}: rows of organisations not imported changed"
            elif table in BOOKKEEPING_FIXED:
                now = rf.digest_table(con, table, where=NOT_THE_STAMP)
                assert now == env.meta, f"{table} changed but no imported file produces it: {shown}"
            elif table in rf.DATA_TABLES:
                assert after[table] == before, f"{table} changed but no imported file produces it: {shown}"
        stamp = con.execute("SELECT value FROM wres_meta WHERE key = 'derived_load_id'").fetchall()
        latest = con.execute("SELECT max(load_id) FROM load_ledger").fetchone()
        assert latest is not None
        assert stamp == [(str(latest[0]),)], f"the derived tables are not current after the import: {stamp} {latest}"
        check_ledger_accounts(con, env.store, sorted(produced & rf.DATA_TABLES))
    return None


def check_ledger_accounts(con: duckdb.DuckDBPyConnection, base: Path, tables: Sequence[str]) -> None:
    """Every row an import added to a canonical table is accounted for by the new imports' slices in the ledger
    (when the store has one: ``import_slices`` and an ``_import_id`` column)."""
    if "import_slices" not in rf.list_tables(con):
        return
    con.execute(f"ATTACH '{base}' AS base (READ_ONLY)")
    try:
        for table in tables:
            if "_import_id" not in {c for c, _ in rf.table_columns(con, table)}:
                continue
            row = con.execute(
                f'SELECT count(*) FROM (SELECT * FROM main."{table}" EXCEPT ALL SELECT * FROM base."{table}")'
            ).fetchone()
            added = int(row[0]) if row else 0
            row = con.execute(
                "SELECT coalesce(sum(row_count), 0) FROM main.import_slices WHERE table_name = ? "
                "AND import_id NOT IN (SELECT import_id FROM base.import_slices)",
                [table],
            ).fetchone()
            reported = int(row[0]) if row else 0
            assert added == reported, f"{table}: {added} rows added, the ledger reports {reported}"
    finally:
        con.execute("DETACH base")


@pytest.fixture
def importer(env: Env, capfd: pytest.CaptureFixture[str]) -> Importer:
    return Importer(env, capfd)


# ----------------------------------------------------------------------------------------------- cases

Step = tuple[Any, ...]

WEIRD_VALUES: tuple[str, ...] = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ufeff",
    "\ufeffSY001",
    "NULL",
    "N/A",
    "#N/A",
    "#REF!",
    "Zoë Brontë – £5 ’",
    "\n",
    "line\r\nbreak",
    '"',
    'say "hi"',
    "1e308",
    "-0",
    "nan",
    "SY002",
    "x" * 5000,
    *rf.MARKUP,
    # Issue 13's additions: lower-case ESR codes, dates outside 1900-2100, integers too large for any column.
    "n black or black british - african",
    "a white - british",
    "band 5",
    "14/10/1066",
    "2235-11-22",
    "31/12/9999",
    "99999999999999999999999",
    "-9223372036854775809",
)
HEADER_NAMES: tuple[str, ...] = (
    "",
    " ",
    "Org Code",
    "Employee Number",
    "Organisation Code",
    "\ufeffEnrolment ID",
    "Enrolment ID\x00",
    "Primary Assignment",
    "=SUM(A1:A2)",
    "[/]",
    "[bold]Org Code",
    "Employee Number\\",
)

_index = st.integers(0, 10_000)
_cell_value = st.one_of(st.sampled_from(rf.FORMULAS + WEIRD_VALUES), st.text(max_size=12))
ROW_STEPS: st.SearchStrategy[Step] = st.one_of(
    st.tuples(st.just("title_rows"), st.integers(1, 6), st.booleans()),
    st.tuples(st.just("dup_header"), _index, _index, st.sampled_from(("same", "upper", "lower", "padded"))),
    st.tuples(st.just("dup_column"), _index),
    st.tuples(st.just("drop_column"), _index),
    st.tuples(st.just("rename_header"), _index, st.one_of(st.sampled_from(HEADER_NAMES), st.text(max_size=12))),
    st.tuples(st.just("cells"), st.lists(st.tuples(_index, _index), min_size=1, max_size=25).map(tuple), _cell_value),
    st.tuples(st.just("dates"), st.lists(st.sampled_from(rf.DATE_STYLES), min_size=1, max_size=4).map(tuple)),
    st.tuples(st.just("ragged"), _index, st.integers(-12, 3), st.sampled_from(("x", "", " "))),
    st.tuples(st.just("shift"), _index, _index, st.sampled_from((-1, 1))),
    st.tuples(st.just("dup_row"), _index),
    st.tuples(st.just("blank_rows"), _index, st.integers(1, 3)),
    st.tuples(st.just("keep_rows"), st.integers(0, 3)),
)


def apply_step(rows: rf.Rows, step: Step) -> rf.Rows:
    kind, *args = step
    match kind:
        case "title_rows":
            count, merged = int(args[0]), bool(args[1])
            titles = [rf.TITLE_ROWS[i % len(rf.TITLE_ROWS)] for i in range(count)]
            return rf.add_title_rows(rows, titles, merged=merged)
        case "dup_header":
            return rf.duplicate_header(rows, int(args[0]), int(args[1]), str(args[2]))
        case "dup_column":
            return rf.append_duplicate_column(rows, int(args[0]))
        case "drop_column":
            return rf.drop_column(rows, int(args[0]))
        case "rename_header":
            return rf.rename_header(rows, int(args[0]), str(args[1]))
        case "cells":
            return rf.set_cells(rows, list(args[0]), str(args[1]))
        case "dates":
            return rf.mix_dates(rows, list(args[0]))
        case "ragged":
            return rf.make_ragged(rows, int(args[0]), int(args[1]), str(args[2]))
        case "shift":
            return rf.shift_row(rows, int(args[0]), int(args[1]), int(args[2]))
        case "dup_row":
            return rf.duplicate_row(rows, int(args[0]))
        case "blank_rows":
            return rf.insert_blank_rows(rows, int(args[0]), int(args[1]))
        case "keep_rows":
            return rows[: 1 + int(args[0])]
    raise ValueError(kind)


ENCODINGS = (
    "utf-8",
    "utf-8",
    "utf-8-sig",
    "cp1252",
    "latin-1",
    "utf-16",
    "utf-16-le",
    "utf-16-le-bom",
    "utf-16-be-bom",
    "utf-8-double-bom",
    "utf-32",
)
PAYLOADS: tuple[bytes, ...] = (
    b"\x00",
    b"\x00" * 8,
    rf.UTF8_BOM,
    rf.UTF16_LE_BOM,
    rf.UTF16_BE_BOM,
    b"\xe9",  # Latin-1 é in a UTF-8 file
    b"\xa3\xe9\xfc",
    b"\x81",  # undefined in Windows-1252
    b"\x8d\x8f\x90\x9d",
    b"\xc3",  # half a UTF-8 character
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\r",
    b"\n",
    b'"',
    b"\x1a",  # DOS end of file
)
BYTE_STEPS: st.SearchStrategy[Step] = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(
        st.just("insert"), st.floats(0, 1), st.one_of(st.sampled_from(PAYLOADS), st.binary(min_size=1, max_size=16))
    ),
    st.tuples(st.just("line_boms"), st.integers(1, 60)),
    st.tuples(st.just("replace"), st.binary(max_size=3000)),
)


def apply_byte_step(data: bytes, step: Step) -> bytes:
    kind, *args = step
    match kind:
        case "truncate":
            return rf.truncate(data, float(args[0]))
        case "insert":
            return rf.insert_bytes(data, float(args[0]), bytes(args[1]))
        case "line_boms":
            return rf.insert_at_line_starts(data, rf.UTF8_BOM, int(args[0]))
        case "replace":
            return bytes(args[0])
    raise ValueError(kind)


@dataclass(frozen=True)
class CsvCase:
    """One malformed CSV: a synthetic file, row mutations, how it is written, byte mutations."""

    target: str
    steps: tuple[Step, ...] = ()
    encoding: str = "utf-8"
    delimiter: str = ","
    line_ending: str = "\r\n"
    quote_all: bool = True
    byte_steps: tuple[Step, ...] = ()
    extra: tuple[str, ...] = ()
    shuffle: int | None = None

    def build(self, env: Env) -> dict[str, bytes]:
        rows = env.rows(self.target)
        for step in self.steps:
            rows = apply_step(rows, step)
        text = rf.csv_text(rows, delimiter=self.delimiter, line_ending=self.line_ending, quote_all=self.quote_all)
        data = rf.encode_text(text, self.encoding)
        for step in self.byte_steps:
            data = apply_byte_step(data, step)
        return {self.target: data}


@dataclass(frozen=True)
class XlsxCase:
    """One malformed workbook made from a synthetic file."""

    target: str
    steps: tuple[Step, ...] = ()
    cells: str = "text"  # text, datetime (typed numbers and dates) or serial (dates as Excel serial numbers)
    titles: int = 0
    merge_titles: bool = True
    cover_sheet: bool = False
    empty: bool = False
    extra: tuple[str, ...] = field(default=())
    shuffle: int | None = None

    def build(self, env: Env) -> dict[str, bytes]:
        rows = env.rows(self.target)
        for step in self.steps:
            rows = apply_step(rows, step)
        clean = [[ILLEGAL_CHARACTERS_RE.sub("", v) for v in r] for r in rows]
        cells: list[list[object]] = (
            [list(r) for r in clean] if self.cells == "text" else rf.typed_cells(clean, dates_as=self.cells)
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = rf.write_xlsx(
                Path(tmp) / "book.xlsx",
                cells,
                titles=[rf.TITLE_ROWS[i % len(rf.TITLE_ROWS)] or "Report" for i in range(self.titles)],
                merge_titles=self.merge_titles,
                cover_sheet=self.cover_sheet,
                empty=self.empty,
            )
            data = path.read_bytes()
        return {Path(self.target).with_suffix(".xlsx").name: data}


_extra = st.sampled_from(((), (), ("--max-invalid", "0"), ("--max-invalid", "0.5"), ("--max-invalid", "1")))
_shuffle = st.one_of(st.none(), st.integers(0, 1000))

CSV_ROW_CASES = st.builds(
    CsvCase,
    target=st.sampled_from(RAW_FILES),
    steps=st.lists(ROW_STEPS, min_size=1, max_size=3).map(tuple),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from((",", ",", ";", "\t", "|")),
    line_ending=st.sampled_from(("\r\n", "\n", "\r")),
    quote_all=st.booleans(),
    extra=_extra,
    shuffle=_shuffle,
)
CSV_BYTE_CASES = st.builds(
    CsvCase,
    target=st.sampled_from(RAW_FILES),
    encoding=st.sampled_from(("utf-8", "utf-8", "utf-8-sig", "cp1252")),
    quote_all=st.booleans(),
    byte_steps=st.lists(BYTE_STEPS, min_size=1, max_size=3).map(tuple),
    extra=_extra,
    shuffle=_shuffle,
)
XLSX_CASES = st.builds(
    XlsxCase,
    target=st.sampled_from(RAW_FILES),
    steps=st.lists(ROW_STEPS, max_size=2).map(tuple),
    cells=st.sampled_from(("text", "datetime", "serial")),
    titles=st.integers(0, 4),
    merge_titles=st.booleans(),
    cover_sheet=st.integers(0, 3).map(lambda n: n == 0),
    empty=st.integers(0, 9).map(lambda n: n == 0),
    extra=_extra,
    shuffle=_shuffle,
)


# ------------------------------------------------------------------------------------------ fuzz tests


def test_valid_files_import(importer: Importer, env: Env) -> None:
    """The unmutated extracts import cleanly (so the cases below test the mutations, not the baseline)."""
    outcome = importer({name: env.data(name) for name in RAW_FILES})
    assert outcome.code == 0, outcome.err
    for case in (CsvCase("learning_records.csv"), XlsxCase("board_register.csv", cells="datetime")):
        assert importer(case.build(env)).code == 0


def test_fuzzed_csv_rows(importer: Importer) -> None:
    """Header, row and cell mutations, written in any encoding, delimiter, line ending and quoting."""
    importer.fuzz(CSV_ROW_CASES)


def test_fuzzed_csv_bytes(importer: Importer) -> None:
    """Truncation, NUL bytes, byte-order marks, stray Latin-1 / undecodable bytes, random bytes."""
    importer.fuzz(CSV_BYTE_CASES)


def test_fuzzed_xlsx(importer: Importer) -> None:
    """Workbooks: merged title rows, formulas without cached values, typed dates and serials, empty sheets."""
    importer.fuzz(XLSX_CASES, settings(FUZZ, max_examples=15))


# ------------------------------------------------------------------------------------ edge-case files

Build = Callable[[Env], dict[str, bytes]]
L = "learning_records.csv"
ESR = "esr_staff_2025-03-31.csv"


def _unicode_text(env: Env, name: str) -> dict[str, bytes]:
    """Excel's "Unicode Text" export: UTF-16 little-endian with a BOM, tab-delimited."""
    text = rf.csv_text(env.rows(name), delimiter="\t", quote_all=False)
    return {name: rf.encode_text(text, "utf-16-le-bom")}


def _xlsx(env: Env, name: str, **kwargs: object) -> dict[str, bytes]:
    case = XlsxCase(name, **kwargs)
    return case.build(env)


def _zip_not_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


def _zip_bomb(env: Env, name: str, *, claim: int | None = None) -> bytes:
    """The workbook of ``name`` with its sheet replaced by 4 MB of one repeated row (over 1,000 to 1), or, with
    ``claim``, kept as it is but declaring in the zip directory that it decompresses to ``claim`` bytes."""
    data = _xlsx(env, name)[Path(name).with_suffix(".xlsx").name]
    sheet = "xl/worksheets/sheet1.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            part = source.read(member)
            if member.filename == sheet and claim is None:
                head, _, tail = part.partition(b"</row>")
                row = tail[: tail.index(b"</row>") + len(b"</row>")]
                part = head + b"</row>" + row * (4 * MB // max(1, len(row))) + b"</sheetData></worksheet>"
            target.writestr(member, part, compresslevel=9)
    if claim is None:
        return out.getvalue()
    bomb = bytearray(out.getvalue())
    position = 0
    while (central := bomb.find(b"PK\x01\x02", position)) >= 0:  # the central directory's entry for the sheet
        length = int.from_bytes(bomb[central + 28 : central + 30], "little")
        if bomb[central + 46 : central + 46 + length] == sheet.encode():
            bomb[central + 24 : central + 28] = claim.to_bytes(4, "little")
        position = central + 4
    return bytes(bomb)


def _csv(rows: rf.Rows) -> bytes:
    return rf.csv_text(rows).encode()


def _header(env: Env, name: str) -> bytes:
    return env.data(name).split(b"\n", 1)[0] + b"\n"


EDGE_CASES: dict[str, Build] = {
    "empty csv": lambda e: {L: b""},
    "empty organisations": lambda e: {"organisations.csv": b""},
    "BOM only": lambda e: {L: rf.UTF8_BOM},
    "UTF-16 BOM only": lambda e: {L: rf.UTF16_LE_BOM},
    "blank lines only": lambda e: {L: b"\r\n  \n\t\n,,,\n"},
    "NULs only": lambda e: {L: b"\x00" * 4096},
    "random bytes 64 KiB": lambda e: {L: random.Random(4).randbytes(64 * 1024)},
    "header only (learning)": lambda e: {L: _header(e, L)},
    "header only (ESR)": lambda e: {ESR: _header(e, ESR)},
    "header only (organisations)": lambda e: {"organisations.csv": _header(e, "organisations.csv")},
    "UTF-16 unicode text (learning)": lambda e: _unicode_text(e, L),
    "UTF-16 unicode text (organisations)": lambda e: _unicode_text(e, "organisations.csv"),
    "UTF-16 unicode text (ESR)": lambda e: _unicode_text(e, ESR),
    "UTF-8 BOM mid-header": lambda e: {L: rf.insert_bytes(e.data(L), 0.002, rf.UTF8_BOM)},
    "BOM at every line start": lambda e: {ESR: rf.insert_at_line_starts(e.data(ESR), rf.UTF8_BOM, 1)},
    "NUL in every line": lambda e: {L: e.data(L).replace(b'","', b'",\x00"')},
    "Latin-1 name in UTF-8 file": lambda e: {ESR: e.data(ESR).replace(b"Ali, ", b"Al\xed, ", 1)},
    "undecodable byte": lambda e: {ESR: rf.insert_bytes(e.data(ESR), 0.5, b"\x81")},
    "cut mid-row": lambda e: {ESR: e.data(ESR)[: e.data(ESR).rindex(b"\n") - 40]},
    "cut mid-row, unquoted": lambda e: {ESR: rf.csv_text(e.rows(ESR), quote_all=False).encode()[:-30]},
    "cut mid-character": lambda e: {L: e.data(L) + '"LR9","SY001","10000001","Zoë'.encode()[:-1]},
    "10 MB single value": lambda e: {L: b"a" * (10 * MB)},
    "10 MB single line of commas": lambda e: {L: b"," * (10 * MB)},
    "10 MB single line of numbers": lambda e: {L: b"a,1," * (10 * MB // 4)},
    "10 MB line after the header": lambda e: {L: _header(e, L) + b"x" * (10 * MB)},
    "10 MB quoted cell": lambda e: {L: _csv(rf.set_cells(e.rows(L), [(3, 3)], "y" * 10 * MB))},
    "10 MB unterminated quote": lambda e: {L: e.data(L) + b'"' + b"z" * (10 * MB)},
    "10 MB header name": lambda e: {L: _csv(rf.rename_header(e.rows(L), 3, "h" * 10 * MB))},
    "1 MB header of duplicate names": lambda e: {L: b"a," * (MB // 2)},
    "1 MB cell under the limit": lambda e: {L: _csv(rf.set_cells(e.rows(L), [(3, 3)], "y" * 1_000_000))},
    "duplicate header": lambda e: {L: _csv(rf.duplicate_header(e.rows(L), 0, 4))},
    "missing required header": lambda e: {L: _csv(rf.drop_column(e.rows(L), 6))},
    "missing organisation code in ESR": lambda e: {ESR: _csv(rf.drop_column(e.rows(ESR), 2))},
    "25 title rows": lambda e: {L: _csv(rf.add_title_rows(e.rows(L), ["Title"] * 25, merged=True))},
    "formula injection everywhere": lambda e: {
        L: _csv([e.rows(L)[0]] + [["=cmd|' /C calc'!A0"] * 8 for _ in range(20)])
    },
    "mixed date formats": lambda e: {ESR: _csv(rf.mix_dates(e.rows(ESR), rf.DATE_STYLES))},
    "ragged rows": lambda e: {L: _csv(rf.make_ragged(rf.make_ragged(e.rows(L), 3, -4), 9, 2))},
    "rows shifted right and left (ESR)": lambda e: {
        ESR: _csv(rf.shift_row(rf.shift_row(e.rows(ESR), 3, 1, 1), 7, 4, -1))
    },
    "rows shifted right and left (learning)": lambda e: {
        L: _csv(rf.shift_row(rf.shift_row(e.rows(L), 2, 0, 1), 5, 2, -1))
    },
    "header repeated mid-file": lambda e: {ESR: _csv([*e.rows(ESR)[:50], e.rows(ESR)[0], *e.rows(ESR)[50:]])},
    "NUL and BOM inside values": lambda e: {
        ESR: _csv(rf.set_cells(rf.set_cells(e.rows(ESR), [(1, 15)], "Medi\x00cine"), [(2, 15)], "\ufeffMedicine"))
    },
    "stray Latin-1 byte with UTF-8 text": lambda e: {
        ESR: _csv(rf.set_cells(e.rows(ESR), [(1, 15)], "Médecine")).replace(b"Ali, ", b"Al\xed, ", 1)
    },
    "empty workbook sheet": lambda e: _xlsx(e, L, empty=True),
    "workbook with a cover sheet": lambda e: _xlsx(e, L, cover_sheet=True),
    "workbook header only": lambda e: _xlsx(e, L, steps=(("keep_rows", 0),)),
    "workbook merged titles": lambda e: _xlsx(e, ESR, titles=3, cells="datetime"),
    "workbook dates as serials": lambda e: _xlsx(e, ESR, cells="serial", titles=1, merge_titles=False),
    "workbook formulas": lambda e: _xlsx(e, L, steps=(("cells", tuple((i, 2) for i in range(40)), "=1+1"),)),
    "workbook truncated": lambda e: {"learning_records.xlsx": _xlsx(e, L)["learning_records.xlsx"][:3000]},
    "zip that is not a workbook": lambda e: {"learning_records.xlsx": _zip_not_xlsx()},
    "CSV named .xlsx": lambda e: {"learning_records.xlsx": e.data(L)},
    "workbook named .csv": lambda e: {L: _xlsx(e, L)["learning_records.xlsx"]},
    "unsupported .xls": lambda e: {"learning_records.xls": e.data(L)},
    "no suffix": lambda e: {"learning_records": e.data(L)},
    "zip bomb workbook": lambda e: {"learning_records.xlsx": _zip_bomb(e, L)},
    "zip bomb ESR workbook": lambda e: {"esr_staff_2025-03-31.xlsx": _zip_bomb(e, ESR)},
    "workbook claiming 4 GB": lambda e: {"learning_records.xlsx": _zip_bomb(e, L, claim=0xFFFF_FFF0)},
    "workbook claiming less than it holds": lambda e: {"learning_records.xlsx": _zip_bomb(e, L, claim=100)},
    "4 MB line of a million fields": lambda e: {L: _header(e, L) + b"x," * (2 * MB)},
    "one-cell rows under a wide header": lambda e: {
        L: _header(e, L).rstrip(b"\r\n")
        + b","
        + b",".join(b"x%d" % i for i in range(200))
        + b"\n"
        + b'"a\nb"\n' * 50_000
    },
    "UTF-16 without a BOM (ESR)": lambda e: {ESR: e.data(ESR).decode().encode("utf-16-le")},
    "UTF-16 big-endian without a BOM": lambda e: {L: e.data(L).decode().encode("utf-16-be")},
    "UTF-32 with a BOM (ESR)": lambda e: {ESR: e.data(ESR).decode().encode("utf-32")},
    "UTF-32 without a BOM": lambda e: {L: e.data(L).decode().encode("utf-32-be")},
    "UTF-16 without a BOM, cut mid-character": lambda e: {L: e.data(L).decode().encode("utf-16-le")[:-1]},
    "lower-case ESR codes": lambda e: {ESR: _csv(_lower_case_codes(e.rows(ESR)))},
    "dates outside 1900-2100": lambda e: {
        ESR: _csv(
            rf.set_cells(
                rf.set_cells(e.rows(ESR), [(1, _col(e, ESR, "Date of Birth"))], "14/10/1066"),
                [(2, _col(e, ESR, "Date of Birth"))],
                "01/01/2235",
            )
        )
    },
    "huge integers": lambda e: {
        L: _csv(rf.set_cells(e.rows(L), [(1, 2), (2, 2)], "99999999999999999999999")),
        ESR: _csv(rf.set_cells(e.rows(ESR), [(3, _col(e, ESR, "Employee Number"))], "9" * 30)),
    },
    "markup in cells": lambda e: {ESR: _csv(_markup_cells(e.rows(ESR)))},
    "markup in the header": lambda e: {L: _csv(rf.rename_header(rf.rename_header(e.rows(L), 2, "[/]"), 3, "[bold]"))},
    "markup in the file name": lambda e: {"learning_records_[bold]_\\[link=x].csv": e.data(L)},
    "markup in the ESR file name": lambda e: {"esr_staff_[red]_2025-03-31.csv": e.data(ESR)},
    "workbook with markup": lambda e: _xlsx(e, ESR, steps=(("cells", tuple((i, 15) for i in range(9)), "[/]"),)),
}


def _col(env: Env, name: str, column: str) -> int:
    return env.rows(name)[0].index(column)


def _lower_case_codes(rows: rf.Rows) -> rf.Rows:
    """Ethnic origin, pay band and staff group written in lower case, as some ESR report exports give them."""
    out = rf.copy_rows(rows)
    for column in ("Ethnic Origin", "Pay Band", "Staff Group"):
        if column in out[0]:
            index = out[0].index(column)
            for row in out[1:]:
                row[index] = row[index].lower()
    return out


def _markup_cells(rows: rf.Rows) -> rf.Rows:
    """Rich markup in the Staff Group (rejected, so printed back), Directorate and Location of the first rows."""
    out = rf.copy_rows(rows)
    for column in ("Staff Group", "Directorate", "Location"):
        index = out[0].index(column)
        for i, text in enumerate(rf.MARKUP):
            out[1 + i][index] = text
    return out


@pytest.mark.parametrize("name", list(EDGE_CASES))
def test_edge_case_files(importer: Importer, env: Env, name: str) -> None:
    importer(EDGE_CASES[name](env))


def test_folders_and_missing_files(importer: Importer) -> None:
    assert importer({}, directories=["learning_records.csv"]).code in (1, 2)
    assert importer({}, missing=["learning_records.csv"]).code in (1, 2)


def test_only_organisations(importer: Importer, env: Env) -> None:
    """The organisations file alone (no staff): accepted or refused, but cleanly."""
    importer({"organisations.csv": env.data("organisations.csv")})


def test_same_file_twice(importer: Importer, env: Env) -> None:
    importer({L: env.data(L), "copy-of-learning_records.csv": env.data(L)})


# --------------------------------------------------------------------------------- specific regressions


def test_file_ending_inside_a_quoted_value_is_refused(importer: Importer, env: Env) -> None:
    """A CSV cut inside a quoted value (here the last row's Employee Number) must not load the cut value."""
    data = env.data(ESR)
    last = data.rindex(b"\n", 0, len(data) - 2)
    outcome = importer({ESR: data[: last + len(b'\n"1000')]})
    assert outcome.code == 2
    assert "truncated" in outcome.error_line


def test_unrecognised_wide_header_gives_a_short_error(importer: Importer) -> None:
    """A header of 100,000 unknown names: a one-line error, not one listing every name."""
    header = ",".join(f"c{i}" for i in range(100_000)).encode()
    outcome = importer({L: header + b"\r\n" + b"1," * 99_999 + b"1\r\n"})
    assert outcome.code in (1, 2)


# ---------------------------------------------------------------------------- truncation and formula injection


def test_shifted_rows_are_rejected_whole(importer: Importer, env: Env) -> None:
    """Issue 13: a row shifted right by an unquoted comma and one shifted left by a deleted cell are rejects (file,
    row, cell counts), never cut or padded into the store; the other rows load."""
    rows = env.rows(ESR)
    width = len(rows[0])
    outcome = importer({ESR: _csv(rf.shift_row(rf.shift_row(rows, 3, 1, 1), 7, 4, -1))})
    assert outcome.code == 0, outcome.out
    assert f"column '(whole row)': has {width + 1} cells, the header has {width}" in outcome.out
    assert f"column '(whole row)': has {width - 1} cells, the header has {width}" in outcome.out


def test_unquoted_file_cut_mid_row_is_flagged(importer: Importer, env: Env) -> None:
    data = rf.csv_text(env.rows(ESR), quote_all=False).encode()
    outcome = importer({ESR: data[:-30]})  # inside the last row's Directorate
    assert outcome.code != 0 or "truncated" in outcome.out


def test_rejected_formulas_are_not_live_in_the_saved_rejects(importer: Importer, env: Env, tmp_path: Path) -> None:
    rows = env.rows(L)
    column = rows[0].index("Start Date")
    rows[1][column] = "=cmd|' /C calc'!A0"
    reports = tmp_path / "reports"
    assert importer({L: _csv(rows)}, extra=["--report-dir", str(reports)]).code == 0
    saved = "".join(p.read_text(encoding="utf-8") for p in reports.glob("*rejects.csv"))
    assert "calc" in saved
    assert ",=cmd" not in saved


# ------------------------------------------------------------------------------------------------ Rich markup


def test_markup_in_values_and_file_names_is_printed_as_written(importer: Importer, env: Env) -> None:
    """Text that Rich would read as markup, in a file name and in cells, is printed exactly as written (issue 12):
    ``[/]`` used to crash the report of rejects, and the error handler with it."""
    rows = env.rows(L)
    start, title = rows[0].index("Start Date"), rows[0].index("Course Title")
    for i, text in enumerate(rf.MARKUP):
        rows[1 + i][start] = text  # not a date: rejected and listed
        rows[1 + i][title] = text
    name = "learning_records_[bold]_[link=x].csv"
    outcome = importer({name: _csv(rows)})
    assert outcome.code == 0, outcome.err
    assert name in outcome.out
    for text in rf.MARKUP:  # the report lists the first ten problems (the other files have none)
        assert f"column 'Start Date': value {text!r}:" in outcome.out, text


# ---------------------------------------------------------------------------------- files not what they claim


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("zip bomb workbook", "more than the 100 to 1 allowed"),
        ("zip bomb ESR workbook", "more than the 100 to 1 allowed"),
        ("workbook claiming 4 GB", "to 4,096.0 MB"),
        ("4 MB line of a million fields", "cells, more than the 4,096 allowed"),
    ],
)
def test_zip_bombs_and_huge_rows_are_refused_by_the_reader_limits(
    importer: Importer, env: Env, name: str, message: str
) -> None:
    """Issue 13: refused with one line naming the limit (a zip bomb from its zip directory, before parsing)."""
    outcome = importer(EDGE_CASES[name](env))
    assert outcome.code == 1, outcome.err
    assert "refused" in outcome.error_line, outcome.error_line
    assert message in outcome.error_line, outcome.error_line


@pytest.mark.parametrize(
    "name",
    [
        "UTF-16 without a BOM (ESR)",
        "UTF-16 big-endian without a BOM",
        "UTF-32 with a BOM (ESR)",
        "UTF-32 without a BOM",
    ],
)
def test_utf16_without_a_bom_and_utf32_import_as_what_they_are(importer: Importer, env: Env, name: str) -> None:
    """Issue 13: decoded as the encoding they are in (they were read as UTF-8 or Windows-1252, NULs and all)."""
    outcome = importer(EDGE_CASES[name](env))
    assert outcome.code == 0, outcome.err


@pytest.mark.parametrize(("kind", "what"), [("fifos", "a named pipe (FIFO)"), ("devices", "a character device")])
def test_fifos_and_devices_are_refused_before_they_are_read(importer: Importer, kind: str, what: str) -> None:
    """Issue 13: a FIFO or a device named like an extract, among the valid files, is refused in one line naming it,
    and the store is unchanged (checked by the harness)."""
    # a regression here blocked for ever on opening a FIFO, or hashed /dev/zero for ever
    with hang_guard(300, "the import hangs on a file that is not a regular file"):
        names = ["learning_records.csv"]
        outcome = importer({}, fifos=names) if kind == "fifos" else importer({}, devices=names)
    assert outcome.code == 1, outcome.err
    assert outcome.error_line.endswith(
        f"learning_records.csv: {what}, not a regular file: wres reads only regular files"
    )
