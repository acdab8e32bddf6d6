"""Benchmark: the pipeline projection (methods.md §12; issue 17; target: a 1,000-run ten-year projection for a
10,000-staff trust under 5 s).

One synthetic trust of about 10,000 staff (WRES 2022–2026, 31 March snapshots) loaded into a DuckDB store. Timed,
each ``--runs`` times after one untimed run:

* **counts**: the flow counts on DuckDB (:func:`wres.indicators.flows.flow_counts`: moves, arrivals, stock,
  shortlisted; three year pairs pooled);
* **projection**: the baseline, 1,000 Monte Carlo runs over ten years from the counts
  (:func:`wres.analysis.projection.project_model`: parameter draws, yearly multinomial moves, shares and parity
  years of 8a and above and each band 8a–VSM): the figure the target is about;
* **with four scenarios**: the baseline and equal promotion, equal appointment, equal leaving and a 40% BME hiring
  mix, reported beside it.

    uv run python benchmarks/bench_projection.py [--runs 5] [--size 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _timed(label: str, part: Callable[[], object], runs: int) -> float:
    part()  # untimed: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        part()
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"{label}: median {median:.2f} s (range {min(times):.2f}–{max(times):.2f} s, {runs} runs)")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()

    from wres.analysis.projection import Scenario, from_counts, project_model
    from wres.config import DEFAULT_CONFIG
    from wres.indicators.flows import flow_counts
    from wres.indicators.source import from_store
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_canonical

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        data = generate(SynthConfig(n_orgs=1, size=args.size, seed=5))
        canonical = write_canonical(data, folder / "canonical")
        with Store(folder / "s.duckdb") as st:
            st.load_folder(canonical)
        print(f"setup (generate {len(data.staff):,} staff rows, load): {time.perf_counter() - start:.1f} s")
        with Store(folder / "s.duckdb", read_only=True) as st:
            src = from_store(st)
            org = str(src.organisations()["org_code"].iloc[0])
            counts = flow_counts(src, org, DEFAULT_CONFIG)
            _timed("flow counts (DuckDB, 3 year pairs)", lambda: flow_counts(src, org, DEFAULT_CONFIG), args.runs)
    model = from_counts(counts)
    print(
        f"trust {org}: {int(model.stock.sum()):,} staff at 31 March {model.latest_year}, {len(model.bands)} bands, "
        f"{len(model.groups)} groups; {int(model.moves.sum()):,} moves and {int(model.hires.sum()):,} hires pooled"
    )
    baseline = _timed(
        "projection: baseline, 1,000 runs, 10 years",
        lambda: project_model(model, runs=1000, years=10, seed=1),
        args.runs,
    )
    scenarios = [
        Scenario("equal-promotion"),
        Scenario("equal-appointment"),
        Scenario("equal-leaving"),
        Scenario("hiring-mix", 0.4),
    ]
    _timed(
        "projection: baseline and 4 scenarios, 1,000 runs each, 10 years",
        lambda: project_model(model, scenarios=scenarios, runs=1000, years=10, seed=1),
        args.runs,
    )
    result = project_model(model, scenarios=scenarios, runs=1000, years=10, seed=1)
    for sentence in result.sentences.values():
        print("  " + sentence)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("target < 5 s: " + ("met" if baseline < 5 else "NOT met"))


if __name__ == "__main__":
    main()
