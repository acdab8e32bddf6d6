"""The web tests' warehouse: two small synthetic trusts, built once per test session and shared by the xdist
workers (file lock + marker), read-only to every test except the import tests, which copy it."""

from __future__ import annotations

import fcntl
from pathlib import Path

from wres.ingest.importer import import_files
from wres.store import Store
from wres.synth import SynthConfig, generate, write_raw

YEAR = 2025
FIRST_YEAR = 2022


def _shared_root(base: Path) -> Path:
    return base.parent if base.name.startswith("popen-gw") else base


def build_store(folder: Path) -> Path:
    """Raw extracts of two trusts imported through the real import path (so the import ledger is filled)."""
    data = generate(SynthConfig(profile="london", n_orgs=2, size=900, seed=5, first_year=FIRST_YEAR, last_year=YEAR))
    raw = write_raw(data, folder / "raw")
    path = folder / "wres.duckdb"
    with Store(path) as st:
        import_files(sorted(raw.glob("*.csv")), st, key_path=folder / "pseudonym.key")
    return path


def raw_files(store: Path) -> list[Path]:
    """The raw extracts the shared warehouse was imported from (uploads in the tests reuse them)."""
    return sorted((store.parent / "raw").glob("*.csv"))


def shared_store(base: Path) -> Path:
    """The session's warehouse (``base``: this process's base temporary folder)."""
    root = _shared_root(base) / "web-store"
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / "built"
        if not done.exists():
            build_store(root)
            done.touch()
    return root / "wres.duckdb"
