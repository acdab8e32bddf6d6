"""Benchmark of parts that used to carry a time limit in the tests (issue 12: tests check behaviour, not speed).

Each part is run ``--runs`` times on the same input (after one untimed run); the script prints the median and the
range of the wall time and of this process's CPU time, with the figure the test used to require:

* **Koopman interval, 10,000 rows**: :func:`wres.stats.koopman_interval` on 10,000 random two-group rows (group
  sizes up to 20,000) in one vectorised call; was asserted under 2 s (typically 30 ms);
* **disclosure control, one trust-year**: :func:`wres.disclosure.protect` on every count and result row of one small
  synthetic organisation (about 350 cells), audit included; was asserted under 3 s (typically 0.3-0.6 s);
* **return workbook**: :func:`wres.reports.workbook.write_return_workbook` for the public tier of a synthetic
  trust of about 1,200 staff, by band, two years; was asserted under 1.5 s of CPU.

    uv run python benchmarks/bench_parts.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np


def koopman_part() -> Callable[[], object]:
    from wres.stats import koopman_interval

    rng = np.random.default_rng(7)
    size = 10_000
    n1 = rng.integers(1, 20_000, size)
    n2 = rng.integers(1, 20_000, size)
    a = rng.integers(0, n1 + 1)
    c = rng.integers(1, n2 + 1)
    return lambda: koopman_interval(a, n1, c, n2)


def disclosure_part() -> Callable[[], object]:
    import ibis

    from wres.disclosure import protect
    from wres.indicators import compute
    from wres.indicators.source import Source
    from wres.synth import SynthConfig, generate

    data = generate(SynthConfig(profile="london", n_orgs=2, size=400, seed=1, first_year=2025, last_year=2026))
    res = compute(Source({k: ibis.memtable(v) for k, v in data.tables().items()}, engine="duckdb"), [2026])
    org = sorted(set(res.counts["org_code"]))[0]
    counts, results = res.counts[res.counts["org_code"] == org], res.frame[res.frame["org_code"] == org]
    return lambda: protect(counts, results)


def workbook_part(folder: Path) -> Callable[[], object]:
    from wres.disclosure import protect_indicator_results
    from wres.indicators import compute, from_store
    from wres.reports.workbook import write_return_workbook
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_canonical

    year = 2025
    data = generate(SynthConfig(profile="london", n_orgs=1, size=1200, seed=7, first_year=2023, last_year=year))
    canonical = write_canonical(data, folder / "canonical", fmt="parquet")
    with Store(folder / "wres.duckdb") as st:
        st.load_folder(canonical)
        public = protect_indicator_results(compute(from_store(st), [year - 1, year], by="band"))
    org = str(public.results["org_code"].iloc[0])
    path = folder / "return.xlsx"
    return lambda: write_return_workbook(
        public.results, public.counts, path, org_code=org, year=year, tier="public", metadata=public.metadata
    )


def measure(name: str, work: Callable[[], object], runs: int, was: str) -> None:
    work()  # untimed: lazy imports and first-call caches
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    print(
        f"{name:38} wall {statistics.median(wall):7.3f} s ({min(wall):.3f}-{max(wall):.3f})   "
        f"CPU {statistics.median(cpu):7.3f} s ({min(cpu):.3f}-{max(cpu):.3f})   was tested: {was}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores, {args.runs} runs each (medians)")
    measure("Koopman interval, 10,000 rows", koopman_part(), args.runs, "wall < 2 s")
    measure("disclosure control, one trust-year", disclosure_part(), args.runs, "wall < 3 s")
    with tempfile.TemporaryDirectory() as tmp:
        measure("return workbook, public tier", workbook_part(Path(tmp)), args.runs, "CPU < 1.5 s")


if __name__ == "__main__":
    main()
