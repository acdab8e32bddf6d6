"""Readers and the import's lock (issue 13): DuckDB lets one process write a store while no other has it open.

* An import reads and validates its files against a read-only view of the store and takes the write lock only to
  commit, so a reader (``wres imports``, ``wres summary``, ``wres indicators``) started while an import is in its
  read/validate stage succeeds.
* A reader that finds the write lock held waits ``[store] lock_wait_seconds`` for it, then stops with one line
  ("the store is locked by another wres process (an import?); waited 0.5 s") and a non-zero exit, no traceback.
* An import that another import overtook between its validation and its commit is refused, nothing written.

The import runs in a separate process paused at a named stage (``WRES_PAUSE=stage:folder``, :mod:`wres.faults`):
the test waits for the stage's ``.reached`` file, runs the reader in process, then creates ``.go``. Nothing
depends on timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.cli.odd import run_captured
from tests.ingest import rawfiles as rf

from wres.faults import ENV, PAUSE_ENV
from wres.store import Store

ENTRY = "from wres.cli.main import entry; entry()"
GUARD_SECONDS = 600  # a hang guard only: a paused import reaches its stage in a few seconds


@dataclass(frozen=True)
class Setup:
    root: Path
    store: Path
    key: Path
    later: list[Path]  # the files of the paused import (another year)
    other: list[Path]  # the files of an import that overtakes it
    env: dict[str, str]


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    first = rf.synthetic_raw(tmp_path / "first", seed=21, size=200, first_year=2025, last_year=2025)
    later = rf.synthetic_raw(tmp_path / "later", seed=22, size=200, first_year=2026, last_year=2026)
    other = rf.synthetic_raw(tmp_path / "other", seed=23, size=200, first_year=2024, last_year=2024)
    store, key = tmp_path / "store" / "wres.duckdb", tmp_path / "key" / "pseudonym.key"
    profiles = tmp_path / "no-profiles"
    profiles.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"WRES_DEBUG", "WRES_STORE", "WRES_CONFIG", ENV}}
    env |= {"WRES_PROFILE_DIR": str(profiles), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WRES_PROFILE_DIR", str(profiles))
        mp.delenv("WRES_CONFIG", raising=False)
        code, out, err = run_captured(
            ["import", *map(str, first.csv_files()), "--store", str(store), "--key-file", str(key)]
        )
    assert code == 0, out + err
    files = [f for f in later.csv_files() if f.name != "organisations.csv"]
    others = [f for f in other.csv_files() if f.name.startswith("esr_staff")]
    return Setup(tmp_path, store, key, files, others, env)


@contextmanager
def paused_import(setup: Setup, stage: str, files: list[Path]) -> Iterator[subprocess.Popen[str]]:
    """``wres import files`` in another process, paused at ``stage`` while the block runs, then let go."""
    folder = setup.root / f"pause-{stage}"
    folder.mkdir()
    argv = ["import", *map(str, files), "--store", str(setup.store), "--key-file", str(setup.key)]
    proc = subprocess.Popen(
        [sys.executable, "-B", "-c", ENTRY, *argv],
        env=setup.env | {PAUSE_ENV: f"{stage}:{folder}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + GUARD_SECONDS
        while not (folder / f"{stage}.reached").exists():
            if proc.poll() is not None:
                pytest.fail(f"the import ended before reaching {stage}:\n{proc.communicate()[0]}")
            assert time.monotonic() < deadline, f"the import never reached {stage}"
            time.sleep(0.05)
        yield proc
    finally:
        (folder / f"{stage}.go").touch()
        proc.wait(timeout=GUARD_SECONDS)


def imports_in(store: Path) -> int:
    with Store(store, read_only=True) as st:
        row = st.con.execute("SELECT count(*) FROM imports").fetchone()
    return int(row[0]) if row else 0


def test_readers_succeed_while_an_import_reads_and_validates(setup: Setup) -> None:
    before = imports_in(setup.store)
    with paused_import(setup, "checked", setup.later) as proc:  # every file read, mapped and validated
        for argv in (["imports"], ["summary"], ["indicators", "--year", "2025"]):
            code, out, err = run_captured([*argv, "--store", str(setup.store)])
            assert code == 0, f"wres {' '.join(argv)} during the import's validation: {out}{err}"
    log = proc.stdout.read() if proc.stdout else ""
    assert proc.returncode == 0, log
    assert imports_in(setup.store) == before + len(setup.later)


def test_a_reader_waits_for_the_write_lock_then_says_so(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    config = setup.root / "wres.toml"
    config.write_text("[store]\nlock_wait_seconds = 0.5\n", encoding="utf-8")
    monkeypatch.setenv("WRES_CONFIG", str(config))
    with paused_import(setup, "transaction-begun", setup.later):  # the import holds the write lock
        for argv in (["imports"], ["summary"]):
            code, out, err = run_captured([*argv, "--store", str(setup.store)])
            assert code != 0, out
            assert "the store is locked by another wres process (an import?); waited 0.5 s" in err, err
            assert "Traceback" not in out + err
            assert len(err.strip().splitlines()) == 1, err


def test_an_import_overtaken_before_its_commit_is_refused(setup: Setup) -> None:
    before = imports_in(setup.store)
    with paused_import(setup, "view-closed", setup.later) as proc:  # validated; the write lock not yet taken
        code, out, err = run_captured(
            ["import", *map(str, setup.other), "--store", str(setup.store), "--key-file", str(setup.key)]
        )
        assert code == 0, out + err
    log = proc.stdout.read() if proc.stdout else ""
    assert proc.returncode != 0, log
    assert "another import was committed to the store while this one was being checked" in log, log
    assert "Traceback" not in log
    assert imports_in(setup.store) == before + len(setup.other)
