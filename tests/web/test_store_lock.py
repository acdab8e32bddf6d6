"""The dashboard and the import's lock (issue 13): a web process that finds the warehouse locked by another process
(an import committing) waits ``[store] lock_wait_seconds``, then refuses in one line (a page shows it as "the
figures cannot be shown", 503), never DuckDB's raw lock error.

Another process holds the write lock until the test lets it go (a file appears); nothing depends on timing.
"""

from __future__ import annotations

import html
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People

from wres.store import Store, StoreLockedError
from wres.web import figures as fig
from wres.web.figures import open_store
from wres.web.roles import Role

HOLD = (
    "import duckdb, pathlib, sys, time\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "pathlib.Path(sys.argv[2]).touch()\n"
    "while not pathlib.Path(sys.argv[3]).exists():\n"
    "    time.sleep(0.02)\n"
    "con.close()\n"
)
GUARD_SECONDS = 300  # a hang guard only


MESSAGE = (
    "the store is locked by another wres process (an import?); waited 0.5 s ([store] lock_wait_seconds in wres.toml)"
)


@contextmanager
def locked_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A warehouse (empty) whose write lock another process holds while the block runs; a 0.5 s wait configured."""
    store = tmp_path / "wres.duckdb"
    Store(store).close()
    config = tmp_path / "wres.toml"
    config.write_text("[store]\nlock_wait_seconds = 0.5\n", encoding="utf-8")
    monkeypatch.setenv("WRES_CONFIG", str(config))
    monkeypatch.setattr(settings, "STORE_PATH", store)
    fig.clear()
    held, go = tmp_path / "held", tmp_path / "go"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(store), str(held), str(go)])
    try:
        deadline = time.monotonic() + GUARD_SECONDS
        while not held.exists():
            assert proc.poll() is None, "the process holding the lock ended"
            assert time.monotonic() < deadline, "the process never took the lock"
            time.sleep(0.02)
        yield store
    finally:
        go.touch()
        proc.wait(timeout=GUARD_SECONDS)
        fig.clear()


def test_the_dashboard_waits_for_the_write_lock_then_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with locked_store(tmp_path, monkeypatch) as store:
        for read_only in (True, False):
            with pytest.raises(StoreLockedError) as caught, open_store(read_only=read_only):
                pass
            assert str(caught.value) == f"{store}: {MESSAGE}"
    with open_store() as opened:  # and once it is released, the warehouse opens again
        assert opened.organisations() == []


def test_a_page_says_the_warehouse_is_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    client = client_as(Role.ANALYST)
    with locked_store(tmp_path, monkeypatch):
        urls = (
            reverse("dashboard", kwargs={"org": org}),
            reverse("indicator", kwargs={"org": org, "number": 1}),
            reverse("reports", kwargs={"org": org}),
        )
        for url in urls:
            response = client.get(url)
            assert response.status_code == 503, url
            assert MESSAGE in html.unescape(response.content.decode()), url
