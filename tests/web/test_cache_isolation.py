"""An import into one organisation invalidates only that organisation's cached figures (issue 14): another
organisation's users keep their cached pages, and never wait on the warehouse while it is being written."""

from __future__ import annotations

import json
import shutil
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from wres.store import Store
from wres.web import figures as fig

YEAR = 2025
ORG_A, ORG_B = "SY001", "SY002"


@pytest.fixture
def own_store(store_path: Path, tmp_path: Path, settings: SettingsWrapper) -> Path:
    """A copy of the shared warehouse this test may write to, with an empty cache."""
    path = tmp_path / "wres.duckdb"
    shutil.copy(store_path, path)
    settings.STORE_PATH = path
    fig.clear()
    yield path
    fig.clear()


def _commit_load(path: Path, organisations: list[str]) -> None:
    """What an import's commit does to the ledger: a new load naming the organisations it holds."""
    with Store(path) as store:
        (next_id,) = store.con.execute("SELECT coalesce(max(load_id), 0) + 1 FROM load_ledger").fetchone()  # type: ignore[misc]
        store.con.execute(
            "INSERT INTO load_ledger VALUES (?, ?, ?, ?, ?, ?, ?)",
            [next_id, "import: test.csv", datetime(2026, 1, 1), "test", json.dumps(organisations), "{}", "{}"],
        )


def _count_gathers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = fig.gather

    def counting(store: Store, year: int, org: str, **options: Any) -> object:
        calls.append(org)
        return real(store, year, org, **options)

    monkeypatch.setattr(fig, "gather", counting)
    return calls


def test_an_import_into_one_organisation_keeps_the_others_figures(
    own_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_gathers(monkeypatch)
    a_before = fig.figures(ORG_A, YEAR, "internal")
    b_before = fig.figures(ORG_B, YEAR, "public")
    assert calls == [ORG_A, ORG_B]
    _commit_load(own_store, [ORG_A])
    b_after = fig.figures(ORG_B, YEAR, "public")
    assert b_after.data is b_before.data
    assert b_after.view is b_before.view
    a_after = fig.figures(ORG_A, YEAR, "internal")
    assert a_after.data is not a_before.data  # A's figures were computed again
    assert calls == [ORG_A, ORG_B, ORG_A]


def test_a_load_naming_no_organisation_invalidates_everyone(own_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_gathers(monkeypatch)
    fig.figures(ORG_B, YEAR, "public")
    _commit_load(own_store, [])
    fig.figures(ORG_B, YEAR, "public")
    assert calls == [ORG_B, ORG_B]


def test_cached_figures_are_served_while_this_process_imports(own_store: Path) -> None:
    """An import holds the warehouse lock; another organisation's cached figures come without waiting for it."""
    before = fig.figures(ORG_B, YEAR, "public")
    _commit_load(own_store, [ORG_A])  # the file changed: the versions must be read again...
    got: list[object] = []
    release = threading.Event()

    def importer() -> None:
        with fig.STORE_LOCK:  # ...but an import in this process holds the warehouse
            release.wait(30)

    holder = threading.Thread(target=importer)
    holder.start()
    try:
        reader = threading.Thread(target=lambda: got.append(fig.figures(ORG_B, YEAR, "public")))
        reader.start()
        reader.join(20)  # a guard against a hang, not a timing: the answer needs no lock at all
        assert not reader.is_alive(), "a cached organisation waited for another organisation's import"
    finally:
        release.set()
        holder.join()
    assert got
    assert got[0].data is before.data


def test_the_first_key_is_the_organisations_loads(own_store: Path) -> None:
    """Never the file's state: keys by state would all change when the ledger is first read (a stall for everyone)."""
    version = fig.org_version(ORG_B)
    assert version[0] == "loads"
    with Store(own_store, read_only=True) as store:
        (loads,) = store.con.execute("SELECT count(*) FROM load_ledger").fetchone()  # type: ignore[misc]
    assert len(version[1]) == loads  # type: ignore[arg-type]  # the shared store's one load holds both trusts
