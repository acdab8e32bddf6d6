"""Crash test for `wres import` (issue 4): kill the import with SIGKILL at random points; the store must then be
exactly as it was before the import, or exactly as a completed import leaves it — nothing in between.

A store is built with an initial import (a small synthetic organisation), then a larger set of raw extracts of
the same organisation (about 4 MB; the import itself takes one to two seconds) is imported into copies of it:

* *reference* imports run to completion: one through the real entry point in a fresh interpreter
  (``python -c "from wres.cli.main import entry; entry()" import ...``; there is no ``python -m wres``), two
  through the fork server below. Comparing them tells which bookkeeping columns legitimately differ between two
  identical imports (times); every other column of every table, found through information_schema, must match.
* 22 imports are killed by the *fork server*: a Python process that imported wres once and forks a child per
  import that calls the CLI (``wres.cli.main.run``) as the entry point does, so that a delay measures the
  import itself rather than two seconds of interpreter start-up. The server kills its own (unreaped) child, so
  there is no process-id reuse race. Sixteen kills come after seeded random delays stratified over the
  duration of a complete import; six are aimed at the commit, timed from the moment the store's write-ahead log
  appears (half while it is being written, half during the checkpoint and close that follow).
* two more imports run in fresh interpreters through the real entry point and are killed part-way.

After each kill the store is reopened read-write through :class:`wres.store.Store`, as the CLI opens it (so DuckDB
replays or discards its write-ahead log), and compared with the initial state and the reference: it must be one
of the two. Most of the time-spread kills must land before the commit (else the test proves little). Finally a
store killed mid-import and one killed just after the commit are imported into again, by the CLI with no other
reopening in between, and must end exactly as the reference.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.ingest import rawfiles as rf

from wres.cli.main import run
from wres.store import Store

pytestmark = [pytest.mark.xdist_group("crash"), pytest.mark.skipif(sys.platform != "linux", reason="uses fork")]

SEED = 20261127
FORK_KILLS = 22
COMMIT_KILLS = 6  # of FORK_KILLS: timed from the moment the store's write-ahead log appears
COLD_KILLS = 2
ORG = "SY001"

SERVER = r"""
import contextlib, importlib, io, json, os, select, signal, sys, tempfile, time, warnings

warnings.simplefilter("ignore", DeprecationWarning)  # fork() with (idle) library threads
from wres.cli.main import run

with contextlib.redirect_stdout(io.StringIO()):
    run(["--version"])  # imports every command module
for module in ("wres.ingest.importer", "wres.store.imports"):  # imported lazily by `wres import`
    with contextlib.suppress(ImportError):
        importlib.import_module(module)

def child(request):
    fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.environ["TMPDIR"] = tempfile.tempdir = request["tmp"]
    try:
        code = run(request["argv"])
    except BaseException as exc:  # run() catches everything; this would be a bug in the harness
        print(f"harness: {exc!r}", file=sys.stderr)
        code = 99
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)

def wait_or_kill(pid, pidfd, start, request):
    # Wait for the child; SIGKILL it kill_after seconds from the start, or kill_after_watch seconds after the
    # file watch (the store's write-ahead log) first appears. Returns when that file was first seen.
    kill_after, watch, after_watch = request["kill_after"], request["watch"], request["kill_after_watch"]
    seen = None
    while True:
        now = time.monotonic()
        if watch and seen is None and os.path.exists(watch):
            seen = now - start
        target = start + (LIMIT if kill_after is None else kill_after)
        if after_watch is not None and seen is not None:
            target = start + seen + after_watch
        if target is not None and now >= target:
            os.kill(pid, signal.SIGKILL)  # not reaped yet, so the pid cannot have been reused
            return seen
        timeout = 0.0005 if watch and seen is None else target - now
        if select.select([pidfd], [], [], timeout)[0]:
            return seen

LIMIT = 300  # seconds: a hung import is killed (and then fails the test) rather than hanging it

print(json.dumps({"ready": os.getpid()}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        child(request)
    pidfd = os.pidfd_open(pid)
    seen = wait_or_kill(pid, pidfd, start, request)
    _, status = os.waitpid(pid, 0)
    os.close(pidfd)
    elapsed = time.monotonic() - start
    print(json.dumps({"status": os.waitstatus_to_exitcode(status), "wal_at": seen, "elapsed": elapsed}), flush=True)
"""


@dataclass(frozen=True)
class Outcome:
    status: int  # the exit code, or -9 when killed
    killed: bool
    elapsed: float  # seconds from the start to the end of the process
    log: str  # its stdout and stderr
    wal_at: float | None = None  # when the store's write-ahead log first appeared (fork server runs only)


class ForkServer:
    """A preloaded Python process that runs (and kills) one CLI import at a time in a forked child."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.proc: subprocess.Popen[str] | None = None  # started on first use

    def _read(self) -> dict[str, object]:
        assert self.proc is not None
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"fork server exited ({self.proc.poll()})")
        return json.loads(line)  # type: ignore[no-any-return]

    def run(
        self,
        argv: list[str],
        folder: Path,
        *,
        kill_after: float | None = None,
        watch: Path | None = None,
        kill_after_watch: float | None = None,
    ) -> Outcome:
        """Run the CLI with ``argv`` in a forked child; SIGKILL it ``kill_after`` seconds after it starts, or
        ``kill_after_watch`` seconds after the file ``watch`` first appears (if it does), else let it finish."""
        if self.proc is None:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=self.env
            )
            assert "ready" in self._read()
        assert self.proc.stdin is not None
        log, tmp = folder / "cli.log", folder / "tmp"
        tmp.mkdir(exist_ok=True)
        request = {
            "argv": argv,
            "log": str(log),
            "tmp": str(tmp),
            "kill_after": kill_after,
            "watch": None if watch is None else str(watch),
            "kill_after_watch": kill_after_watch,
        }
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        answer = self._read()
        status = int(answer["status"])  # type: ignore[call-overload]
        # A child that finished just as the kill was sent ends with its own status: what counts is the status.
        text = log.read_text() if log.exists() else ""  # a child killed at once has not opened it yet
        wal_at = None if answer["wal_at"] is None else float(answer["wal_at"])  # type: ignore[arg-type]
        return Outcome(status, status == -signal.SIGKILL, float(answer["elapsed"]), text, wal_at)  # type: ignore[arg-type]

    def close(self) -> None:
        if self.proc is None:
            return
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def cold_run(argv: list[str], env: dict[str, str], folder: Path, kill_after: float | None = None) -> Outcome:
    """Run the CLI through its entry point in a fresh interpreter; SIGKILL it after ``kill_after`` seconds."""
    log = folder / "cli.log"
    tmp = folder / "tmp"
    tmp.mkdir(exist_ok=True)
    with log.open("w") as out:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", "from wres.cli.main import entry; entry()", *argv],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**env, "TMPDIR": str(tmp)},
        )
        try:
            proc.wait(timeout=kill_after if kill_after is not None else 300)
        except subprocess.TimeoutExpired:
            if kill_after is None:
                raise
            proc.kill()  # SIGKILL
            proc.wait()
        elapsed = time.monotonic() - start
    return Outcome(proc.returncode, proc.returncode == -signal.SIGKILL, elapsed, log.read_text())


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
    store = root / "initial.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in {"WRES_DEBUG", "WRES_STORE"}}
    env |= {"WRES_PROFILE_DIR": str(profiles), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WRES_PROFILE_DIR", str(profiles))
        assert run(["import", *map(str, first.csv_files()), "--store", str(store), "--key-file", str(key)]) == 0
    with Store(store) as st:
        assert st.organisations() == [ORG]
    with rf.open_store(store) as con:
        initial = rf.digest_store(con)
    return CrashEnv(root, larger.csv_files(), store, initial, key, env)


@pytest.fixture(scope="module")
def server(crash_env: CrashEnv) -> Iterator[ForkServer]:
    srv = ForkServer(crash_env.env)
    yield srv
    srv.close()


# ------------------------------------------------------------------------------------------------ checks


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
    cold_seconds: float  # a complete import from a fresh interpreter
    fork_seconds: float  # a complete import by the fork server
    commit_window: float | None  # seconds from the write-ahead log's first appearance to the end of the process

    def matches(self, store: Path) -> bool:
        with rf.open_store(store) as con:
            return rf.digest_store(con, volatile=self.volatile) == self.normalised


@pytest.fixture(scope="module")
def reference(crash_env: CrashEnv, server: ForkServer) -> Reference:
    cold_dir, fork_dir = crash_env.root / "reference-cold", crash_env.root / "reference-fork"
    cold_store, fork_store = crash_env.fresh_store(cold_dir), crash_env.fresh_store(fork_dir)
    cold = cold_run(crash_env.argv(cold_store), crash_env.env, cold_dir)  # alone: its duration is used below
    assert cold.status == 0, cold.log
    forks = []
    for i in range(2):  # the shorter run times the kills
        folder = crash_env.root / f"reference-fork-{i}"
        store = fork_store if i == 0 else crash_env.fresh_store(folder)
        forks.append(server.run(crash_env.argv(store), fork_dir if i == 0 else folder, watch=wal(store)))
        assert forks[-1].status == 0, forks[-1].log
    exact = reopen(fork_store)
    assert exact != crash_env.initial
    assert reopen(cold_store).keys() == exact.keys()
    volatile = volatile_columns(cold_store, fork_store)
    with rf.open_store(fork_store) as con:
        normalised = rf.digest_store(con, volatile=volatile)
    with rf.open_store(cold_store) as con:
        assert rf.digest_store(con, volatile=volatile) == normalised
    windows = [f.elapsed - f.wal_at for f in forks if f.wal_at is not None]  # none if the store stops using one
    seconds = min(f.elapsed for f in forks)
    return Reference(exact, normalised, volatile, cold.elapsed, seconds, max(windows) if windows else None)


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
        f"store after a kill at {outcome.elapsed:.2f}s is neither the initial state nor a completed import: "
        f"against the initial state: {rf.describe_differences(crash_env.initial, state)}; against the reference: "
        f"{rf.describe_differences(reference.exact, state)}"
    )
    return "after"


# ------------------------------------------------------------------------------------------------- tests


def stratified(low: float, high: float, count: int, rnd: random.Random) -> list[float]:
    """``count`` values, one drawn uniformly in each of ``count`` equal slices of [low, high]."""
    return [low + (high - low) * (i + rnd.random()) / count for i in range(count)]


@dataclass(frozen=True)
class Kill:
    how: str  # "at" (seconds from the start) or "WAL+" (seconds after the write-ahead log appeared)
    delay: float
    outcome: Outcome
    state: str  # before / after
    wal_left: bool  # a write-ahead log was left beside the store

    def __str__(self) -> str:
        ended = f"killed at {self.outcome.elapsed:5.2f}s" if self.outcome.killed else "finished"
        left = ", WAL left" if self.wal_left else ""
        return f"{self.how:>4} {self.delay:5.3f}s: {ended:18} -> {self.state}{left}"


def test_killed_import_leaves_the_store_before_or_after(
    crash_env: CrashEnv, server: ForkServer, reference: Reference
) -> None:
    rnd = random.Random(SEED)
    kills: list[Kill] = []

    def kill(index: int, *, at: float | None = None, after_wal: float | None = None, cold: bool = False) -> None:
        folder = crash_env.root / f"kill-{index:02d}"
        store = crash_env.fresh_store(folder)
        if cold:
            outcome = cold_run(crash_env.argv(store), crash_env.env, folder, kill_after=at)
        else:
            watch = None if after_wal is None else wal(store)  # polling for it costs a little CPU
            outcome = server.run(crash_env.argv(store), folder, kill_after=at, watch=watch, kill_after_watch=after_wal)
        left = wal(store).exists()
        state = classify(crash_env, reference, store, outcome)
        how = "WAL+" if after_wal is not None else "cold" if cold else "at"
        kills.append(Kill(how, at if after_wal is None else after_wal, outcome, state, left))  # type: ignore[arg-type]

    spread = FORK_KILLS - COMMIT_KILLS
    for i, delay in enumerate(stratified(0.0, reference.fork_seconds, spread, rnd)):
        kill(i, at=delay)
    # In the commit and what follows it (checkpoint, close), timed from the moment the write-ahead log appears.
    # Half in its first tenth, while the log is being written. (Without a log: in the last third of the run.)
    window, half = reference.commit_window, COMMIT_KILLS // 2
    if window is not None:
        after_wal = stratified(0.0, 0.1 * window, half, rnd) + stratified(0.1 * window, 1.2 * window, half, rnd)
        for i, delay in enumerate(after_wal):
            kill(spread + i, after_wal=delay)
    else:
        for i, delay in enumerate(stratified(0.67 * reference.fork_seconds, reference.fork_seconds, COMMIT_KILLS, rnd)):
            kill(spread + i, at=delay)
    # Fresh interpreters through the real entry point, killed after start-up (about two seconds) in the import.
    for i, delay in enumerate(stratified(0.45 * reference.cold_seconds, 0.8 * reference.cold_seconds, COLD_KILLS, rnd)):
        kill(FORK_KILLS + i, at=delay, cold=True)

    summary = "\n".join(
        [
            f"import: {reference.fork_seconds:.2f}s forked ({reference.commit_window or 0:.3f}s from the "
            f"write-ahead log to the end), {reference.cold_seconds:.2f}s from a fresh interpreter",
            *map(str, kills),
        ]
    )
    print(summary)  # shown with -rP, or on failure
    timed = kills[:spread] + kills[FORK_KILLS:]  # not those aimed at the commit: they land after it, mostly
    killed_before = sum(1 for k in timed if k.outcome.killed and k.state == "before")
    assert killed_before > len(timed) / 2, f"most kills must land before the import completes:\n{summary}"
    if window is not None:
        assert any(k.outcome.killed for k in kills if k.how == "WAL+"), f"no kill landed in the commit:\n{summary}"
    assert any(k.outcome.killed for k in kills if k.how == "cold"), f"no cold run was killed:\n{summary}"


def test_a_killed_store_can_be_imported_into(crash_env: CrashEnv, server: ForkServer, reference: Reference) -> None:
    """After a kill mid-import, and after a kill just after the commit (write-ahead log not yet checkpointed), the
    next import, by the CLI with no other reopening in between, completes and gives the reference state."""
    kills = {"mid-import": {"kill_after": 0.5 * reference.fork_seconds}, "committed": {"kill_after_watch": 0.0}}
    if reference.commit_window is None:  # the store no longer writes a write-ahead log
        del kills["committed"]
    for name, kill in kills.items():
        folder = crash_env.root / f"recover-{name}"
        store = crash_env.fresh_store(folder)
        killed = server.run(crash_env.argv(store), folder, watch=wal(store), **kill)  # type: ignore[arg-type]
        assert killed.killed, name
        done = server.run(crash_env.argv(store), folder)
        assert done.status == 0, done.log
        assert reference.matches(store), name
