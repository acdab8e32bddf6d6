"""The figures the pages show, computed from the warehouse once and kept until the warehouse changes.

Computing an organisation's indicators takes about a second; a page must answer in well under 150 ms. So each
process keeps, per organisation and WRES year, the :class:`~wres.reports.data.ReportData` (computed by
:func:`wres.reports.data.gather`, the report's own code: the dashboard and the published report can never
disagree) and each tier's :class:`~wres.reports.data.TierView` (the public tier through disclosure control).
The cache key includes the warehouse file's modification time and size (and its write-ahead log's), so an import
from any process is seen by the next request without asking the database.

DuckDB lets one process write a file while no other has it open: every use of the warehouse here holds
:data:`STORE_LOCK` and opens it only for as long as it needs (read-only for figures, and for an upload's import
until it commits), and a refused open is retried for ``[store] lock_wait_seconds`` (default 30; another process
may be committing an import), then refused in one line (:class:`wres.store.StoreLockedError`; issue 13).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.conf import settings

from wres.errors import WresError
from wres.reports.data import ReportData, TierView, available_years, gather, tier_view
from wres.store import Store

STORE_LOCK: Final = threading.RLock()
"""Serialises this process's use of the warehouse (reads on a cache miss, imports)."""


def store_path() -> Path:
    return Path(settings.STORE_PATH)


def store_state(path: Path | None = None) -> tuple[int, ...]:
    """A cheap fingerprint of the warehouse: modification time and size of the file and its write-ahead log."""
    path = path or store_path()
    state: list[int] = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = p.stat()
        except FileNotFoundError:
            state += [0, 0]
        else:
            state += [st.st_mtime_ns, st.st_size]
    return tuple(state)


@contextmanager
def open_store(*, read_only: bool = True) -> Iterator[Store]:
    """The warehouse, opened under :data:`STORE_LOCK`; while another process holds its lock, retried for
    ``[store] lock_wait_seconds`` (:class:`wres.store.Store`), then :class:`wres.store.StoreLockedError`."""
    path = store_path()
    if read_only and not path.exists():
        raise WresError(f"the warehouse {path} does not exist yet: import data first")
    with STORE_LOCK:
        store = Store(path, read_only=read_only)
        try:
            yield store
        finally:
            store.close()


@dataclass(frozen=True)
class Figures:
    """One organisation's figures for one WRES year in one tier."""

    data: ReportData
    view: TierView

    @property
    def year(self) -> int:
        return self.data.year


_cache: dict[tuple[object, ...], object] = {}
_cache_lock = threading.Lock()
_key_locks: dict[tuple[object, ...], threading.Lock] = {}


def memo[T](kind: str, *parts: object, make: Callable[[], T]) -> T:
    """``make()`` once per ``(kind, *parts)`` and state of the warehouse, kept until the warehouse changes
    (concurrent requests for the same key wait for the first). For anything derived from the figures: rendered
    charts, report sections."""
    return _cached((kind, store_state(), *parts), make)


def _cached[T](key: tuple[object, ...], make: Callable[[], T]) -> T:
    """``make()`` once per key (concurrent requests for the same key wait for the first); ``key[1]`` is the
    warehouse state, and entries of any other state are dropped."""
    with _cache_lock:
        if key in _cache:
            return _cache[key]  # type: ignore[return-value]
        lock = _key_locks.setdefault(key, threading.Lock())
    with lock:
        with _cache_lock:
            if key in _cache:
                return _cache[key]  # type: ignore[return-value]
        value = make()
        with _cache_lock:
            stale = [k for k in _cache if k[1] != key[1]]
            for k in stale:
                del _cache[k]
            _cache[key] = value
        return value


def years(org: str) -> list[int]:
    """WRES years the warehouse holds for ``org`` (a 31 March staff snapshot), ascending; [] when none."""
    state = store_state()
    if state[0] == 0:
        return []

    def make() -> list[int]:
        with open_store() as store:
            return available_years(store, org)

    return _cached(("years", state, org), make)


def report_data(org: str, year: int) -> ReportData:
    """The report's data for ``org`` and WRES ``year`` (unsuppressed; five ethnic groups computed)."""
    state = store_state()

    def make() -> ReportData:
        with open_store() as store:
            return gather(store, year, org)

    return _cached(("data", state, org, year), make)


def figures(org: str, year: int, tier: str) -> Figures:
    """What the ``tier`` of ``org``'s WRES ``year`` shows (public: after disclosure control)."""
    state = store_state()
    data = report_data(org, year)
    view = _cached(("view", state, org, year, tier), lambda: tier_view(data, tier))
    return Figures(data, view)


def latest_year(org: str) -> int | None:
    have = years(org)
    return have[-1] if have else None


def clear() -> None:
    """Forget every cached figure (tests; an import changes the fingerprint anyway)."""
    with _cache_lock:
        _cache.clear()
        _key_locks.clear()
