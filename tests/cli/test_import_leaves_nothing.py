"""What ``wres validate`` and ``wres import`` leave on disk (issue 13).

* A dry run (``wres validate``) and a failing ``wres import`` create nothing: no store file, no key file, no
  folder. A dry run opens an existing store read-only and validates without a store when there is none, with a
  throwaway key when there is no key yet.
* A lost pseudonymisation key is never silently replaced when the store holds data for the organisation under
  another key: the import is refused (store unchanged, no key file left behind) unless ``--new-key`` is given,
  which imports with a warning.
* The store file and its folder, the key file and its folder and the ``--report-dir`` files are owner-only
  (0600 files, 0700 folders) whatever the umask.

Every command runs in process through :func:`wres.cli.main.run`; what exists afterwards is checked on disk.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.cli.odd import run_captured
from tests.ingest import rawfiles as rf
from tests.isolation import isolate_user


@dataclass(frozen=True)
class Extracts:
    organisations: Path
    staff_2025: Path
    staff_2026: Path
    board: Path


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> Extracts:
    raw = rf.synthetic_raw(tmp_path_factory.mktemp("raw"), seed=13, size=200, first_year=2025, last_year=2026)
    return Extracts(
        raw.organisations,
        raw.file("esr_staff_2025-03-31.csv"),
        raw.file("esr_staff_2026-03-31.csv"),
        raw.file("board_register.csv"),
    )


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_user(tmp_path, monkeypatch)


@dataclass(frozen=True)
class Places:
    """Where a command is told to put its store and key: folders that do not exist yet."""

    root: Path

    @property
    def store(self) -> Path:
        return self.root / "data" / "store.duckdb"

    @property
    def key(self) -> Path:
        return self.root / "keys" / "pseudonym.key"

    def options(self) -> list[str]:
        return ["--store", str(self.store), "--key-file", str(self.key)]

    def created(self) -> list[Path]:
        """Everything that a command created under the root (the test's own files excepted)."""
        return sorted(p for p in self.root.rglob("*") if p.name != "no-profiles")


def wres(*args: str | Path) -> tuple[int, str, str]:
    return run_captured([str(a) for a in args])


# --------------------------------------------------------------------------- a dry run creates nothing


def test_a_dry_run_without_a_store_or_key_creates_nothing(extracts: Extracts, tmp_path: Path) -> None:
    at = Places(tmp_path)
    code, out, err = wres("validate", extracts.organisations, extracts.staff_2025, *at.options())
    assert code == 0, out + err
    assert "valid" in out
    assert at.created() == []  # no store, no key, no folder
    assert "throwaway" in out  # it says which key it used


def test_a_dry_run_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    at = Places(tmp_path)
    missing = tmp_path / "esr_staff_2025-03-31.csv"
    code, out, err = wres("validate", missing, *at.options())
    assert code == 1, out + err
    assert err.strip().splitlines() == [f"error: {missing}: no such file"]
    assert at.created() == []


def test_a_dry_run_of_a_folder_is_refused_before_anything_is_opened(tmp_path: Path) -> None:
    at = Places(tmp_path)
    folder = tmp_path / "extracts"
    folder.mkdir()
    code, out, err = wres("validate", folder, *at.options())
    assert code == 1, out + err
    assert err.strip().splitlines() == [f"error: {folder}: is a folder, not a file"]
    assert at.created() == [folder]


@contextmanager
def held_read_only(store: Path) -> Iterator[None]:
    """Another process holding the store open read-only: then only read-only opens succeed (DuckDB's lock)."""
    code = (
        "import duckdb, sys\n"
        f"con = duckdb.connect({str(store)!r}, read_only=True)\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-B", "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        yield
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=300)  # a hang guard: the helper exits as soon as its stdin closes


def test_a_dry_run_opens_an_existing_store_read_only(extracts: Extracts, tmp_path: Path) -> None:
    at = Places(tmp_path)
    code, out, err = wres("import", extracts.organisations, extracts.staff_2025, *at.options())
    assert code == 0, out + err
    before = at.store.read_bytes()
    with held_read_only(at.store):
        code, out, err = wres("validate", extracts.staff_2026, *at.options())
        assert code == 0, out + err
        code, out, err = wres("import", extracts.staff_2026, *at.options())
        assert code == 1  # a real import needs the store read-write: the other reader blocks it
    assert at.store.read_bytes() == before


# ---------------------------------------------------------------------------- a failed import creates nothing


def test_an_import_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    at = Places(tmp_path)
    missing = tmp_path / "esr_staff_2025-03-31.csv"
    code, out, err = wres("import", missing, *at.options())
    assert code == 1, out + err
    assert err.strip().splitlines() == [f"error: {missing}: no such file"]
    assert at.created() == []


def test_a_refused_import_creates_nothing(extracts: Extracts, tmp_path: Path) -> None:
    at = Places(tmp_path)
    code, out, err = wres("import", extracts.board, *at.options())  # its organisation is in no store
    assert code == 1, out + err
    assert "are not in the store" in err
    assert at.created() == []


def test_an_import_whose_store_cannot_be_created_leaves_no_key(extracts: Extracts, tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the store's folder should be\n", encoding="utf-8")
    at = Places(tmp_path)
    code, out, err = wres("import", extracts.organisations, extracts.staff_2025, *at.options())
    assert code == 1, out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {at.store}: cannot create the store"), lines[0]
    assert at.created() == [blocker]  # no key (it was made for this import), no folder


# ------------------------------------------------------------------------------------- a lost key


def test_a_lost_key_is_not_silently_replaced(extracts: Extracts, tmp_path: Path) -> None:
    at = Places(tmp_path)
    code, out, err = wres("import", extracts.organisations, extracts.staff_2025, *at.options())
    assert code == 0, out + err
    at.key.unlink()  # lost
    before = at.store.read_bytes()

    code, out, err = wres("import", extracts.staff_2026, *at.options())
    assert code == 1, out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(at.key) in lines[0]
    assert "restore" in lines[0]
    assert "--new-key" in lines[0]
    assert not at.key.exists()  # no new key left behind
    assert at.store.read_bytes() == before  # the store is unchanged

    code, out, err = wres("validate", extracts.staff_2026, *at.options())  # the dry run says the same
    assert code == 1, out + err
    assert "--new-key" in err
    assert not at.key.exists()

    code, out, err = wres("import", extracts.staff_2026, "--new-key", *at.options())
    assert code == 0, out + err
    text = " ".join(out.split())
    assert "will not link" in text
    assert "indicators 3 and 4" in text
    assert at.key.exists()
    code, out, err = wres("imports", "--json", "--store", str(at.store))
    assert code == 0
    assert out.count('"key_id"') == 3  # organisations, 2025 and 2026


def test_a_first_import_creates_a_key_and_says_so(extracts: Extracts, tmp_path: Path) -> None:
    at = Places(tmp_path)
    code, out, err = wres("import", extracts.organisations, extracts.staff_2025, *at.options())
    assert code == 0, out + err
    assert at.key.exists()
    assert "back it up" in " ".join(out.split())


# ------------------------------------------------------------------------------------- owner-only files


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_everything_an_import_writes_is_owner_only(extracts: Extracts, tmp_path: Path, umask: int) -> None:
    at = Places(tmp_path)
    reports = tmp_path / "reports"
    old = os.umask(umask)
    try:
        code, out, err = wres(
            "import", extracts.organisations, extracts.staff_2025, *at.options(), "--report-dir", reports
        )
        assert code == 0, out + err
        code, out, err = wres("import", extracts.staff_2026, *at.options(), "--report-dir", reports)
        assert code == 0, out + err
    finally:
        os.umask(old)
    folders = [at.store.parent, at.key.parent, reports]
    files = [at.store, at.key, *reports.iterdir(), *at.store.parent.iterdir()]
    assert len(list(reports.iterdir())) == 6  # quality JSON and rejects CSV of three files
    assert {str(p): oct(mode(p)) for p in folders} == {str(p): oct(0o700) for p in folders}
    assert {str(p): oct(mode(p)) for p in files} == {str(p): oct(0o600) for p in files}


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_a_store_in_an_existing_folder_is_owner_only(extracts: Extracts, tmp_path: Path, umask: int) -> None:
    store, key = tmp_path / "store.duckdb", tmp_path / "pseudonym.key"
    old = os.umask(umask)
    try:
        code, out, err = wres(
            "import", extracts.organisations, extracts.staff_2025, "--store", store, "--key-file", key
        )
    finally:
        os.umask(old)
    assert code == 0, out + err
    assert oct(mode(store)) == oct(0o600)
    assert oct(mode(key)) == oct(0o600)
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(store.name)]  # a write-ahead log, if any
    assert {str(p): oct(mode(p)) for p in leftovers} == {str(p): oct(0o600) for p in leftovers}


def test_a_write_ahead_log_left_by_a_killed_import_is_owner_only(extracts: Extracts, tmp_path: Path) -> None:
    """An import killed just after COMMIT (``WRES_FAULT=committed``, :mod:`wres.faults`) leaves DuckDB's write-ahead
    log beside the store, as the crash test shows; it is owner-only whatever the umask it ran under."""
    at = Places(tmp_path)
    code, out, err = wres("import", extracts.organisations, extracts.staff_2025, *at.options())
    assert code == 0, out + err
    env = {k: v for k, v in os.environ.items() if k not in {"WRES_DEBUG", "WRES_STORE"}} | {"WRES_FAULT": "committed"}
    entry = "from wres.cli.main import entry; entry()"
    proc = subprocess.run(
        [sys.executable, "-B", "-c", entry, "import", str(extracts.staff_2026), *at.options()],
        env=env,
        umask=0o022,
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard: the import takes about two seconds
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    log = at.store.with_name(at.store.name + ".wal")
    assert log.exists()
    assert oct(mode(log)) == oct(0o600)
