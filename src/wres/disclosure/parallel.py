""":func:`~wres.disclosure.wres_tables.protect` for many organisations on every core.

Each organisation is protected on its own (its own cell system, suppression and audit: methods.md §11.3), so the
organisations can be shared out between processes and the parts put back together in the order :func:`protect`
itself would give them: the same public counts, results, cells, log, audits, notes and tallies. The audit's
linear programmes take about a second per organisation, so a region's or the nation's warehouse (the region page,
the regional report) is where this pays; a handful of organisations is protected in this process.

Worker processes are started with ``spawn`` (never ``fork``: the caller may be a threaded web server with open
DuckDB connections, which a forked child would inherit half-held).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Final

import pandas as pd

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.disclosure.policy import DisclosurePolicy
from wres.disclosure.wres_tables import NATIONAL_CODES, Protected, protect

MIN_PER_WORKER: Final = 10
"""Fewer organisations than this per worker are not worth a process's start-up (about 2 s of imports)."""


def worker_count(n_orgs: int, workers: int | None = None) -> int:
    """How many processes to use for ``n_orgs`` organisations: ``workers`` (default: the cores this process may
    use), no more than one per :data:`MIN_PER_WORKER` organisations, at least 1."""
    cores = workers if workers is not None else len(os.sched_getaffinity(0))
    return max(1, min(cores, n_orgs // MIN_PER_WORKER))


def protect_many(
    counts: pd.DataFrame,
    results: pd.DataFrame,
    policy: DisclosurePolicy | None = None,
    *,
    config: WresConfig = DEFAULT_CONFIG,
    national: Collection[str] = NATIONAL_CODES,
    workers: int | None = None,
) -> Protected:
    """:func:`protect`, the organisations shared out between :func:`worker_count` processes (in this process
    when that is one). The result equals :func:`protect`'s (tested)."""
    orgs = list(dict.fromkeys([*counts["org_code"].astype(str), *results["org_code"].astype(str)]))
    n = worker_count(len(orgs), workers)
    if n <= 1:
        return protect(counts, results, policy, config=config, national=national)
    # contiguous shares in protect's own order of organisations, so that putting the parts back in share order is
    # protect's order
    size = -(-len(orgs) // n)
    shares = [orgs[i : i + size] for i in range(0, len(orgs), size)]
    count_orgs = counts["org_code"].astype(str)
    result_orgs = results["org_code"].astype(str)
    jobs = [
        (counts[count_orgs.isin(share)], results[result_orgs.isin(share)], policy, config, tuple(national))
        for share in shares
    ]
    with ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = list(pool.map(_protect_share, jobs))
    return _combine(parts)


def _protect_share(job: tuple[pd.DataFrame, pd.DataFrame, DisclosurePolicy | None, WresConfig, tuple[str, ...]]) -> Any:
    counts, results, policy, config, national = job
    return protect(counts, results, policy, config=config, national=national)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    kept = [f for f in frames if not f.empty]
    if not kept:
        return frames[0]
    return pd.concat(kept, ignore_index=True)


def _combine(parts: list[Protected]) -> Protected:
    """The shares' outputs as one :class:`Protected`, as :func:`protect` of all of them gives it."""
    first = parts[0]
    metadata = {**first.metadata, "disclosure": dict(first.metadata["disclosure"])}
    meta = metadata["disclosure"]
    meta["exempt_organisations"] = [o for p in parts for o in p.metadata["disclosure"]["exempt_organisations"]]
    meta["cells"] = sum(p.metadata["disclosure"]["cells"] for p in parts)
    summary = {key: sum(p.summary.get(key, 0) for p in parts) for key in first.summary}
    return Protected(
        _concat([p.counts for p in parts]),
        _concat([p.results for p in parts]),
        _concat([p.cells for p in parts]),
        _concat([p.log for p in parts]),
        {org: report for p in parts for org, report in p.audits.items()},
        metadata,
        [note for p in parts for note in p.notes],
        summary,
    )
