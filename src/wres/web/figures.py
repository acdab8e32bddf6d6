"""The figures the pages show, computed from the warehouse once and kept until the warehouse changes.

Computing an organisation's indicators takes about a second; a page must answer in well under 150 ms. So each
process keeps, per organisation and WRES year, the :class:`~wres.reports.data.ReportData` (computed by
:func:`wres.reports.data.gather`, the report's own code: the dashboard and the published report can never
disagree) and each tier's :class:`~wres.reports.data.TierView` (the public tier through disclosure control).
The cache key of an organisation's figures is that organisation's *data version* (:func:`org_version`): the
loads in the warehouse's ledger that hold its data. When the warehouse file changes (its modification time and
size, and its write-ahead log's: :func:`store_state`, checked on every request without opening the database), the
ledger is read once, without waiting for any lock, and only the organisations whose loads changed get new keys:
an import into one organisation leaves every other organisation's cached figures, charts and pages in place
(issue 14: one trust's import no longer stalls the others' users). While the warehouse cannot be opened at once
(this process or another is committing an import), the versions read last stand: the figures shown are those of
before the commit, as they are until it ends.

DuckDB lets one process write a file while no other has it open: every use of the warehouse here holds
:data:`STORE_LOCK` and opens it only for as long as it needs (read-only for figures, and for an upload's import
until it commits), and a refused open is retried for ``[store] lock_wait_seconds`` (default 30; another process
may be committing an import), then refused in one line (:class:`wres.store.StoreLockedError`; issue 13).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pandas as pd
from django.conf import settings

from wres.config import load_config
from wres.errors import WresError
from wres.reports.data import ReportData, TierView, available_years, gather, tier_view
from wres.reports.outlook_data import Outlook
from wres.reports.progress_data import ProgressInputs
from wres.reports.region_data import RegionFigures
from wres.store import Store

log = logging.getLogger(__name__)

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

Versions = dict[str, tuple[int, ...]]
_versions: Versions | None = None
_versions_state: tuple[int, ...] | None = None
_versions_lock = threading.Lock()
ALL_ORGANISATIONS: Final = ""
"""The key of loads that name no organisation (they may hold anyone's data)."""


def read_versions(store: Store) -> Versions:
    """Every organisation's loads (``load_id``s, ascending) from the warehouse's ledger; loads naming no
    organisation under :data:`ALL_ORGANISATIONS`."""
    out: dict[str, list[int]] = {}
    for load_id, organisations in store.con.execute(
        "SELECT load_id, organisations FROM load_ledger ORDER BY load_id"
    ).fetchall():
        try:
            named = [str(o) for o in json.loads(organisations or "[]")]
        except ValueError:
            named = []
        for org in named or [ALL_ORGANISATIONS]:
            out.setdefault(org, []).append(int(load_id))
    return {org: tuple(ids) for org, ids in out.items()}


def _try_read_versions(*, wait: bool = False) -> Versions | None:
    """The versions, read now if the warehouse can be opened at once (never waiting for a lock, unless ``wait``:
    the first read of a process, which has nothing to fall back on); else None."""
    if not STORE_LOCK.acquire(blocking=wait):  # this process is importing: keep what was read last
        return None
    try:
        try:
            store = Store(store_path(), read_only=True, lock_wait=None if wait else 0)
        except Exception:  # another process holds the write lock (committing an import), or no warehouse
            log.debug("cannot open the warehouse to read the load ledger", exc_info=True)
            return None
        try:
            return read_versions(store)
        except Exception:  # a warehouse without a ledger (an old schema): fall back to the file's state
            log.debug("cannot read the load ledger", exc_info=True)
            return None
        finally:
            store.close()
    finally:
        STORE_LOCK.release()  # always: a lock left held would stall every later use of the warehouse


def org_version(org: str) -> tuple[object, ...]:
    """The cache key of ``org``'s figures: the loads holding its data (see the module docstring); the warehouse
    file's state when the ledger has never been readable."""
    global _versions, _versions_state
    state = store_state()
    if state[0] == 0:
        return ("empty",)
    if _versions is None:
        # The first read of a process waits for the warehouse (once, at start), outside _versions_lock so that no
        # thread holding the warehouse can wait on it: keying by the file's state instead would make every
        # organisation's entries change key when the versions are first read.
        first = _try_read_versions(wait=True)
        with _versions_lock:
            if first is not None and _versions is None:
                _versions, _versions_state = first, state
    with _versions_lock:
        if state != _versions_state:
            fresh = _try_read_versions()
            if fresh is not None:
                _versions, _versions_state = fresh, state
        known = _versions
    if known is None:
        return ("state", state)
    return ("loads", known.get(org, ()), known.get(ALL_ORGANISATIONS, ()))


def memo[T](kind: str, org: str, *parts: object, make: Callable[[], T]) -> T:
    """``make()`` once per ``(kind, org, *parts)`` and data version of ``org``, kept until that organisation's data
    change (concurrent requests for the same key wait for the first). For anything derived from one
    organisation's figures: rendered charts, report sections, page bodies."""
    return _cached((kind, org_version(org), org, *parts), make)


def _cached[T](key: tuple[object, ...], make: Callable[[], T]) -> T:
    """``make()`` once per key (concurrent requests for the same key wait for the first); ``key[1]`` is the data
    version of organisation ``key[2]``, and that organisation's entries of any other version are dropped (other
    organisations' entries are kept)."""
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
            stale = [k for k in _cache if k[2] == key[2] and k[1] != key[1]]
            for k in stale:
                del _cache[k]
                _key_locks.pop(k, None)
            _cache[key] = value
        return value


def years(org: str) -> list[int]:
    """WRES years the warehouse holds for ``org`` (a 31 March staff snapshot), ascending; [] when none."""
    if store_state()[0] == 0:
        return []

    def make() -> list[int]:
        with open_store() as store:
            return available_years(store, org)

    return _cached(("years", org_version(org), org), make)


def report_data(org: str, year: int) -> ReportData:
    """The report's data for ``org`` and WRES ``year`` (unsuppressed; five ethnic groups computed), under the
    configuration the CLI reads too (``$WRES_CONFIG`` or ``./wres.toml``: the non-adverse range, the disclosure
    policy; the defaults when there is none), so the dashboard and ``wres report`` agree."""

    def make() -> ReportData:
        config = load_config()
        with open_store() as store:
            # the indicator pages draw their own progress panel (progress_panel.py): not the report's section inputs
            return gather(store, year, org, config=config, progress=False, outlook=False)

    return _cached(("data", org_version(org), org, year), make)


@dataclass(frozen=True)
class ReportExtras:
    """What a generated report set needs beyond the dashboard's figures: the "Is it getting better?" section's inputs
    and "Where today's rates lead" for each tier (the projection simulated once for both)."""

    progress: ProgressInputs
    outlook: dict[str, Outlook]


def outlooks(org: str, year: int, runs: int | None = None, resamples: int | None = None) -> dict[str, Outlook]:
    """:func:`wres.reports.outlook_data.outlooks` of ``org``'s WRES ``year`` for both tiers (one projection
    simulation, ``runs`` Monte Carlo runs, default the report's; the pay gap with ``resamples`` bootstrap resamples,
    default ``[paygap] n_resamples``), kept until the organisation's data change. The Progress page
    (:mod:`wres.web.outlook_page`, :mod:`wres.web.paygap_panel`) and the report sets (:func:`report_extras`) share
    it, so with the defaults a page viewed and a report set made compute it once."""
    from wres.reports.outlook_data import DEFAULT_RUNS
    from wres.reports.outlook_data import outlooks as gather_outlooks

    n = DEFAULT_RUNS if runs is None else runs

    def make() -> dict[str, Outlook]:
        config = load_config()
        with open_store() as store:
            return gather_outlooks(store, org, year, config, runs=n, paygap_resamples=resamples)

    return memo("outlooks", org, year, n, resamples, make=make)


def report_extras(org: str, year: int) -> ReportExtras:
    """:class:`ReportExtras` of ``org``'s WRES ``year``, kept until the warehouse changes (the report sets of both
    tiers share them; the dashboard's pages never need them, so :func:`report_data` leaves them out; the outlook is
    :func:`outlooks`'s, shared with the Progress page)."""
    from wres.indicators.source import from_store
    from wres.reports.progress_data import gather_progress

    def make() -> ReportExtras:
        config = load_config()
        with open_store() as store:
            inputs = gather_progress(from_store(store), org, year, config)
        return ReportExtras(inputs, outlooks(org, year))

    return _cached(("extras", org_version(org), org, year), make)


def with_extras(shown: Figures, org: str, year: int, tier: str) -> Figures:
    """``shown`` (cached, left as it is) with the report sections the dashboard leaves out: a copy for a report set."""
    from dataclasses import replace

    from wres.reports.progress_data import progress_view

    extras = report_extras(org, year)
    data = replace(shown.data, progress=extras.progress, outlook=extras.outlook)
    view = replace(
        shown.view,
        progress=progress_view(extras.progress, tier, shown.view.results, shown.data.config),
        outlook=extras.outlook.get(tier),
    )
    return Figures(data, view)


def figures(org: str, year: int, tier: str) -> Figures:
    """What the ``tier`` of ``org``'s WRES ``year`` shows (public: after disclosure control)."""
    data = report_data(org, year)
    view = _cached(("view", org_version(org), org, year, tier), lambda: tier_view(data, tier))
    return Figures(data, view)


def latest_year(org: str) -> int | None:
    have = years(org)
    return have[-1] if have else None


def clear() -> None:
    """Forget every cached figure and data version (tests; an import changes the versions anyway)."""
    global _versions, _versions_state
    with _cache_lock:
        _cache.clear()
        _key_locks.clear()
        _region_failed.clear()
    with _versions_lock:
        _versions, _versions_state = None, None


REGION_KEY: Final = "__every-organisation__"
"""The cache's "organisation" for figures over every organisation (:func:`region_figures`)."""

REGION_INLINE_ORGS: Final = 20
"""Up to this many organisations in the warehouse, :func:`region_figures_if_ready` computes the region figures
while the page waits (a few seconds); beyond it (a region's or the nation's warehouse: about a second per
organisation, minutes in all) they are prepared in the background and the pages say so until they are ready."""

_region_failed: dict[tuple[object, ...], str] = {}
"""Why a background preparation failed, per cache key (shown instead of waiting for ever)."""
_region_threads: dict[tuple[object, ...], threading.Thread] = {}


def _region_key(year: int) -> tuple[object, ...]:
    return ("region", store_state(), REGION_KEY, year)


def organisations() -> pd.DataFrame:
    """Every organisation's code, name, region and trust type (:func:`wres.reports.region_data.regions_of`), kept
    until the warehouse file changes."""
    from wres.reports.region_data import regions_of

    def make() -> pd.DataFrame:
        with open_store() as store:
            return regions_of(store)

    return _cached(("organisations", store_state(), REGION_KEY), make)


def region_figures(year: int) -> RegionFigures:
    """:func:`wres.reports.region_data.gather_region` for WRES ``year``: every organisation's published figures with
    England and the peer groups rolled up from them, computed once and kept until the warehouse file changes (any
    organisation's load changes it: England and every peer group depend on all of them). The warehouse is held
    only while the indicators are computed; protecting every organisation (the slow part) runs without it, so
    other pages' figures are not held up."""
    from wres.reports.region_data import compute_region, protect_region

    def make() -> RegionFigures:
        config = load_config()
        with open_store() as store:
            inputs = compute_region(store, year, config)
        return protect_region(inputs, config)

    return _cached(_region_key(year), make)


def region_figures_if_ready(year: int) -> RegionFigures | None:
    """The region figures for WRES ``year`` if they can be had now: already computed, or computed here for a
    warehouse of at most :data:`REGION_INLINE_ORGS` organisations. Otherwise their preparation is started in a
    background thread (once per warehouse state and year) and None is returned; a failed preparation raises its
    :class:`~wres.errors.WresError` here."""
    key = _region_key(year)
    with _cache_lock:
        if key in _cache:
            return _cache[key]  # type: ignore[return-value]
        failed = _region_failed.get(key)
    if failed is not None:
        raise WresError(failed)
    if len(organisations()) <= REGION_INLINE_ORGS:
        return region_figures(year)
    prepare_region_figures(year)
    return None


def prepare_region_figures(year: int) -> threading.Thread:
    """Start computing :func:`region_figures` for ``year`` in a background thread, unless one is already running
    for this warehouse state; the thread records a failure for :func:`region_figures_if_ready` to report."""
    key = _region_key(year)
    with _cache_lock:
        running = _region_threads.get(key)
        if running is not None:
            return running

        def run() -> None:
            try:
                region_figures(year)
            except WresError as exc:
                with _cache_lock:
                    _region_failed[key] = str(exc)
            except Exception as exc:  # a bug: logged with its traceback, and the pages say the figures failed
                log.exception("preparing the region figures for %s failed", year)
                with _cache_lock:
                    _region_failed[key] = f"preparing them failed ({type(exc).__name__})"
            finally:
                with _cache_lock:
                    _region_threads.pop(key, None)

        thread = threading.Thread(target=run, name=f"wres-region-{year}", daemon=True)
        _region_threads[key] = thread
        thread.start()
        return thread
