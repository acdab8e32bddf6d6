""":func:`~wres.disclosure.wres_tables.protect` for many organisations on every core.

Each organisation is protected on its own (its own cell system, suppression and audit: methods.md §11.3), so the
organisations can be shared out between processes and the parts put back together in the order :func:`protect`
itself would give them: the same public counts, results, cells, log, audits, notes and tallies. The audit's
linear programmes take about a second per organisation, so a region's or the nation's warehouse (the region page,
the regional report) is where this pays; a handful of organisations is protected in this process.

Each worker is a fresh interpreter running this module (``python -m wres.disclosure.parallel``), its share sent
and its output returned as pickles over its standard input and output: never a ``fork`` (the caller may be a
threaded web server with open DuckDB connections, which a forked child would inherit half-held), and not
multiprocessing's ``spawn`` either, which re-runs the caller's main script in every child (a script without a
``__main__`` guard would start processes without end).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import pandas as pd

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.disclosure.policy import DisclosurePolicy
from wres.disclosure.wres_tables import NATIONAL_CODES, Protected, _concat, protect

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
    with ThreadPoolExecutor(max_workers=n) as pool:  # each thread waits on its own worker process
        parts = list(pool.map(_in_worker, jobs))
    return _combine(parts)


Job = tuple[pd.DataFrame, pd.DataFrame, DisclosurePolicy | None, WresConfig, tuple[str, ...]]


def _in_worker(job: Job) -> Protected:
    """:func:`protect` of one share in a fresh interpreter; its error (e.g. a
    :class:`~wres.disclosure.control.DisclosureBlockedError`) raised here."""
    done = subprocess.run(
        [sys.executable, "-m", "wres.disclosure.parallel"],
        input=pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"a disclosure worker process failed (exit {done.returncode}): {' / '.join(tail)}")
    kind, value = pickle.loads(done.stdout)  # our own child's output
    if kind == "error":
        raise value
    return value  # type: ignore[no-any-return]


def _worker_main() -> None:
    """The worker: a share from standard input, ``("ok", Protected)`` or ``("error", exception)`` to standard
    output."""
    counts, results, policy, config, national = pickle.loads(sys.stdin.buffer.read())
    try:
        out: tuple[str, Any] = ("ok", protect(counts, results, policy, config=config, national=national))
    except Exception as exc:  # sent back and raised in the caller, as protect in-process would raise it
        out = ("error", exc)
    sys.stdout.buffer.write(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The shares' frames in order, as :func:`protect` joins its organisations' parts."""
    return _concat(frames, list(frames[0].columns))


def _combine(parts: list[Protected]) -> Protected:
    """The shares' outputs as one :class:`Protected`, as :func:`protect` of all of them gives it."""
    first = parts[0]
    metadata = {**first.metadata, "disclosure": dict(first.metadata["disclosure"])}
    meta = metadata["disclosure"]
    meta["exempt_organisations"] = [o for p in parts for o in p.metadata["disclosure"]["exempt_organisations"]]
    meta["cells"] = sum(p.metadata["disclosure"]["cells"] for p in parts)
    summary = {key: sum(p.summary.get(key, 0) for p in parts) for key in first.summary}
    return Protected(
        _joined([p.counts for p in parts]),
        _joined([p.results for p in parts]),
        _joined([p.cells for p in parts]),
        _joined([p.log for p in parts]),
        {org: report for p in parts for org, report in p.audits.items()},
        metadata,
        [note for p in parts for note in p.notes],
        summary,
    )


if __name__ == "__main__":
    _worker_main()
