"""Crash test for `wres import` (issues 4 and 12): kill the import at named points; the store must then be exactly as
it was before the import, or exactly as a completed import leaves it — nothing in between.

Every kill is at a deterministic point, never after a delay:

* at each **stage** of :data:`wres.faults.STAGES` (``WRES_FAULT=stage[:n]``: the import SIGKILLs itself there),
  from hashing the first file, through each step inside the transaction (after the first and after the last
  table's slices are replaced, after the ledger, just before ``COMMIT``), to just after ``COMMIT`` and just before
  the import returns. The state each must leave is known: *before* up to ``COMMIT``, *after* from it on;
* **inside DuckDB's commit**, on a file event: the process may write no file beyond a size limit
  (``RLIMIT_FSIZE``; SIGXFSZ, which Python ignores, restored to kill) set to the size of the write-ahead log the
  commit writes (measured from the kill just after ``COMMIT``, which leaves it). One byte short of it, the kill
  lands in the commit's last write: the log is torn and the store must be as before. At its full size the log is
  complete and the kill lands in the checkpoint that follows: the store must be as after.

A store is built with an initial import (a small synthetic organisation), then a larger set of raw extracts of the
same organisation (about 4 MB, nine files) is imported into copies of it, each through the real entry point in a
fresh interpreter (``python -c "from wres.cli.main import entry; entry()" import ...``; there is no
``python -m wres``). Two complete imports are the reference: comparing them tells which bookkeeping columns
legitimately differ between two identical imports (times); every other column of every table, found through
information_schema, must match. After each kill the store is reopened read-write through
:class:`wres.store.Store`, as the CLI opens it (so DuckDB replays or discards its write-ahead log), and compared
with the initial state and the reference. Finally stores killed in the commit (torn log) and just after it (log
not yet checkpointed) are imported into again, by the CLI with no other reopening in between, and must end
exactly as the reference. 21 imports in all, about 1.5 s each.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.ingest import rawfiles as rf

from wres.cli.main import run
from wres.faults import ENV, STAGES
from wres.store import Store

pytestmark = [pytest.mark.xdist_group("crash"), pytest.mark.skipif(sys.platform != "linux", reason="uses rlimits")]

ORG = "SY001"
ENTRY = "from wres.cli.main import entry; entry()"
LIMITED_ENTRY = (
    "import resource, signal, sys\n"
    "limit = int(sys.argv.pop(1))\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it (a write then fails); here it kills\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))\n" + ENTRY
)
HANG_SECONDS = 600  # a hang guard: an import takes about 1.5 s; one still running after this long has hung
COMMITTED = ("committed", "imported")  # the stages from COMMIT on; every earlier stage must leave the store before


@dataclass(frozen=True)
class Outcome:
    status: int  # the exit code, or minus the signal that killed the process
    log: str  # its stdout and stderr

    @property
    def killed(self) -> bool:
        return self.status in (-signal.SIGKILL, -signal.SIGXFSZ)


def run_import(argv: list[str], env: dict[str, str], *, fault: str | None = None, limit: int | None = None) -> Outcome:
    """``wres import`` through its entry point in a fresh interpreter (no bytecode written: the file size limit is
    for the store); ``fault`` sets ``WRES_FAULT``, ``limit`` caps the size of every file the process writes."""
    code, extra = (ENTRY, []) if limit is None else (LIMITED_ENTRY, [str(limit)])
    env = {k: v for k, v in env.items() if k != ENV} | ({ENV: fault} if fault else {})
    proc = subprocess.run(
        [sys.executable, "-B", "-c", code, *extra, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_SECONDS,
        check=False,
    )
    return Outcome(proc.returncode, proc.stdout + proc.stderr)


# ---------------------------------------------------------------------------------------------- fixtures


@dataclass(frozen=True)
class CrashEnv:
    root: Path
    files: list[Path]  # the larger import
    initial_store: Path
    initial: rf.Digest
    key: Path
    env: dict[str, str]

    def argv(self, store: Path) -> list[str]:
        return ["import", *map(str, self.files), "--store", str(store), "--key-file", str(self.key)]

    def fresh_store(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        return rf.copy_store(self.initial_store, folder / "store.duckdb")


@pytest.fixture(scope="module")
def crash_env(tmp_path_factory: pytest.TempPathFactory) -> CrashEnv:
    root = tmp_path_factory.mktemp("crash")
    first = rf.synthetic_raw(root / "first", seed=21, size=200, first_year=2025, last_year=2025)
    larger = rf.synthetic_raw(root / "larger", seed=11, size=3000, first_year=2024, last_year=2025)
    key = root / "key" / "pseudonym.key"
    profiles = root / "no-profiles"
    profiles.mkdir()
    tmp = root / "tmp"
    tmp.mkdir()
    store = root / "initial.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in {"WRES_DEBUG", "WRES_STORE", ENV}}
    env |= {"WRES_PROFILE_DIR": str(profiles), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "TMPDIR": str(tmp)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WRES_PROFILE_DIR", str(profiles))
        assert run(["import", *map(str, first.csv_files()), "--store", str(store), "--key-file", str(key)]) == 0
    with Store(store) as st:
        assert st.organisations() == [ORG]
    with rf.open_store(store) as con:
        initial = rf.digest_store(con)
    return CrashEnv(root, larger.csv_files(), store, initial, key, env)


def reopen(store: Path) -> rf.Digest:
    """Open the store read-write as the CLI does (WAL replayed or discarded), then fingerprint every table."""
    with Store(store) as st:
        st.row_counts()
    with rf.open_store(store) as con:
        return rf.digest_store(con)


def volatile_columns(store_a: Path, store_b: Path) -> dict[str, list[str]]:
    """Columns of bookkeeping tables whose contents differ between two identical, completed imports."""
    out: dict[str, list[str]] = {}
    with rf.open_store(store_a) as a, rf.open_store(store_b) as b:
        tables = rf.list_tables(a)
        assert tables == rf.list_tables(b)
        for table in tables:
            columns = [c for c, _ in rf.table_columns(a, table)]
            differ = [
                c for c in columns if rf.digest_table(a, table, columns=[c]) != rf.digest_table(b, table, columns=[c])
            ]
            if differ:
                assert table not in rf.DATA_TABLES, f"two identical imports loaded different {table}: {differ}"
                out[table] = differ
    return out


def wal(store: Path) -> Path:
    return store.with_name(store.name + ".wal")


@dataclass(frozen=True)
class Reference:
    exact: rf.Digest  # a completed import, every column
    normalised: rf.Digest  # without the volatile columns
    volatile: dict[str, list[str]]
    tables: int  # canonical tables whose slices the import replaces
    files: int  # files committed (a file identical to one already imported is skipped)

    def matches(self, store: Path) -> bool:
        with rf.open_store(store) as con:
            return rf.digest_store(con, volatile=self.volatile) == self.normalised


@pytest.fixture(scope="module")
def reference(crash_env: CrashEnv) -> Reference:
    stores = [crash_env.fresh_store(crash_env.root / f"reference-{i}") for i in range(2)]
    for store in stores:
        done = run_import(crash_env.argv(store), crash_env.env)
        assert done.status == 0, done.log
    exact = reopen(stores[0])
    assert exact != crash_env.initial
    assert reopen(stores[1]).keys() == exact.keys()
    volatile = volatile_columns(stores[0], stores[1])
    normalised = []
    for store in stores:
        with rf.open_store(store) as con:
            normalised.append(rf.digest_store(con, volatile=volatile))
    assert normalised[0] == normalised[1]
    with rf.open_store(stores[0]) as con:
        row = con.execute(
            "SELECT count(DISTINCT s.table_name), count(DISTINCT s.import_id) FROM import_slices s, imports i "
            "WHERE s.import_id = i.import_id AND i.load_id = (SELECT max(load_id) FROM imports)"
        ).fetchone()
    assert row is not None
    assert 1 < row[1] <= len(crash_env.files)
    return Reference(exact, normalised[0], volatile, int(row[0]), int(row[1]))


def classify(crash_env: CrashEnv, reference: Reference, store: Path, outcome: Outcome) -> str:
    """``before`` (store exactly as it was) or ``after`` (exactly as a completed import); anything else fails."""
    assert "Traceback" not in outcome.log, outcome.log
    if not outcome.killed:
        assert outcome.status == 0, f"the import ended on its own but failed: {outcome}"
    state = reopen(store)
    if state == crash_env.initial:
        assert outcome.killed, "a completed import left the store unchanged"
        return "before"
    assert reference.matches(store), (
        f"store after {outcome} is neither the initial state nor a completed import: "
        f"against the initial state: {rf.describe_differences(crash_env.initial, state)}; against the reference: "
        f"{rf.describe_differences(reference.exact, state)}"
    )
    return "after"


# -------------------------------------------------------------------------------------------------- kills


@dataclass(frozen=True)
class Kill:
    point: str  # WRES_FAULT's value, or "WAL <bytes>" for a kill by the file size limit
    outcome: Outcome
    wal_size: int | None  # the write-ahead log left beside the store (bytes), if any
    state: str  # before / after
    copy: Path  # the store (and log) as the kill left it, never opened: for re-importing into

    def __str__(self) -> str:
        ended = f"killed by signal {-self.outcome.status}" if self.outcome.killed else "finished"
        left = f", {self.wal_size:,}-byte WAL left" if self.wal_size is not None else ""
        return f"{self.point:>22}: {ended}{left} -> {self.state}"


def kill(crash_env: CrashEnv, reference: Reference, folder: str, *, fault: str = "", limit: int | None = None) -> Kill:
    store = crash_env.fresh_store(crash_env.root / folder)
    outcome = run_import(crash_env.argv(store), crash_env.env, fault=fault, limit=limit)
    size = wal(store).stat().st_size if wal(store).exists() else None
    (crash_env.root / f"{folder}-copy").mkdir()
    copy = rf.copy_store(store, crash_env.root / f"{folder}-copy" / "store.duckdb")
    state = classify(crash_env, reference, store, outcome)
    return Kill(fault or f"WAL {limit:,}", outcome, size, state, copy)


def stage_faults(reference: Reference) -> list[str]:
    """A ``WRES_FAULT`` value for every stage: per-file stages at different files (the last one's validation and
    ledger entry), ``replaced`` after the first and after the last table."""
    counts = {"read": 2, "mapped": 5, "validated": reference.files, "ledger-written": reference.files}
    faults = [f"{stage}:{counts[stage]}" if stage in counts else stage for stage in STAGES]
    faults.insert(faults.index("replaced") + 1, f"replaced:{reference.tables}")
    return faults


@dataclass(frozen=True)
class Kills:
    stages: list[Kill]
    commit: list[Kill]  # by the file size limit: a torn write-ahead log, then a complete one
    log_size: int  # bytes of the write-ahead log a completed commit leaves

    def __str__(self) -> str:
        return "\n".join(map(str, self.stages + self.commit))


@pytest.fixture(scope="module")
def kills(crash_env: CrashEnv, reference: Reference) -> Kills:
    stages = [kill(crash_env, reference, f"kill-{i:02d}", fault=f) for i, f in enumerate(stage_faults(reference))]
    committed = next(k for k in stages if k.point == "committed")
    assert committed.wal_size, f"a kill just after COMMIT left no write-ahead log:\n{committed}"
    size = committed.wal_size
    commit = [kill(crash_env, reference, f"wal-{i}", limit=limit) for i, limit in enumerate((size - 1, size))]
    return Kills(stages, commit, size)


# ------------------------------------------------------------------------------------------------- tests


def test_a_kill_at_every_stage_leaves_the_store_before_or_after(kills: Kills) -> None:
    print(kills)  # shown with -rP, or on failure
    assert {k.point.partition(":")[0] for k in kills.stages} == set(STAGES)
    for k in kills.stages:
        assert k.outcome.status == -signal.SIGKILL, f"the import never reached {k.point}:\n{kills}"
        expected = "after" if k.point in COMMITTED else "before"
        assert k.state == expected, f"a kill at {k.point} left the store {k.state}, not {expected}:\n{kills}"
        if k.point not in COMMITTED:  # nothing reaches the write-ahead log before COMMIT
            assert not k.wal_size, f"a write-ahead log before COMMIT:\n{kills}"


def test_a_kill_inside_the_commit_leaves_the_store_before_or_after(kills: Kills) -> None:
    torn, complete = kills.commit
    print(kills)
    assert torn.outcome.status == -signal.SIGXFSZ, f"the commit's last write was not reached:\n{kills}"
    assert torn.wal_size == kills.log_size - 1, f"the kill did not land in the write-ahead log:\n{kills}"
    assert torn.state == "before", f"a torn write-ahead log was replayed:\n{kills}"
    assert complete.wal_size == kills.log_size, f"the commit did not write the whole log:\n{kills}"
    assert complete.state == "after", f"a complete write-ahead log was lost:\n{kills}"


@pytest.mark.parametrize("point", ["torn write-ahead log", "committed"])
def test_a_killed_store_can_be_imported_into(
    crash_env: CrashEnv, reference: Reference, kills: Kills, point: str
) -> None:
    """After a kill in the commit (a torn write-ahead log beside the store) and a kill just after it (the log not
    yet checkpointed), the next import, by the CLI with no other reopening in between, completes and gives the
    reference state."""
    killed = kills.commit[0] if point == "torn write-ahead log" else next(k for k in kills.stages if k.point == point)
    assert wal(killed.copy).exists(), f"{killed} left no write-ahead log to recover from"
    done = run_import(crash_env.argv(killed.copy), crash_env.env)
    assert done.status == 0, done.log
    assert "Traceback" not in done.log
    assert reference.matches(killed.copy), point
