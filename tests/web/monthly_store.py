"""A web warehouse with monthly staff-in-post extracts and a known effect (issue 16's demo store): two synthetic trusts
imported through the real import path, built once per test session and shared by the xdist workers (file lock +
marker), read-only to every test. From October 2024 BME staff weigh five times as much as before in the draw for
appointment into band 8a and above, so the BME share at band 8a and above shifts up."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from pathlib import Path

import pytest

from wres.ingest.importer import import_files
from wres.store import Store
from wres.synth import SynthConfig, generate, write_raw

YEAR = 2025
MONTHLY = {"profile": "london", "n_orgs": 2, "size": 3000, "seed": 5, "first_year": 2021, "last_year": YEAR}
EFFECT = {"monthly": True, "effect_month": "2024-10", "effect_factor": 5.0}


def build(folder: Path) -> Path:
    data = generate(SynthConfig(**MONTHLY, **EFFECT))  # type: ignore[arg-type]
    raw = write_raw(data, folder / "raw")
    path = folder / "wres.duckdb"
    with Store(path) as st:
        import_files(sorted(raw.glob("*.csv")), st, key_path=folder / "pseudonym.key")
    return path


def monthly_store(base: Path) -> Path:
    root = (base.parent if base.name.startswith("popen-gw") else base) / "web-monthly-store"
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / "built"
        if not done.exists():
            build(root)
            done.touch()
    return root / "wres.duckdb"


@pytest.fixture(scope="session")
def monthly_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return monthly_store(tmp_path_factory.getbasetemp())


@pytest.fixture
def monthly(monthly_store_path: Path, settings: object) -> Iterator[Path]:
    """The web tests' warehouse replaced by the monthly one for one test, with an empty figures cache before and
    after (two warehouses can hold the same organisation codes and load ids, so their cached figures would mix)."""
    from wres.web import figures as fig

    fig.clear()
    settings.STORE_PATH = monthly_store_path  # type: ignore[attr-defined]
    yield monthly_store_path
    fig.clear()
