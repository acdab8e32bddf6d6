"""Benchmark: a trust's full annual report set (HTML, PDF, return workbook, CSV), public and internal tiers.

Steps (each timed; target: a trust's full report set in under 5 s):

1. prepare (once, cached under ``wres-data/bench``): a synthetic London trust of the default size (about 6,500
   staff), WRES years 2022–2026, loaded into a DuckDB store;
2. ``wres.reports.build.build_reports`` for WRES 2026, both tiers, ``--repeat`` times in this process: the first
   run is "cold" (lazy imports: Altair, vl-convert's JavaScript engine, WeasyPrint), the others "warm".
   The indicators are computed once per run and shared by the tiers.

Prints the time of every step (compute; per tier: disclosure control, content and charts, HTML, PDF, workbook,
CSV), wall and CPU time, and the load average (the machine may be shared: CPU time is the steadier figure).
``--profile`` adds a cProfile of one warm run, summed by package.

    uv run python benchmarks/bench_report.py [--repeat 3] [--tiers public,internal] [--profile] [--rebuild]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

BENCH = Path("wres-data/bench")
YEAR = 2026
TARGET = 5.0


def prepare(rebuild: bool, size: int) -> Path:
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_canonical

    store_path = BENCH / f"report-trust-{size}.duckdb"
    if store_path.exists() and not rebuild:
        print(f"using cached store {store_path}")
        return store_path
    BENCH.mkdir(parents=True, exist_ok=True)
    store_path.unlink(missing_ok=True)
    start = time.perf_counter()
    data = generate(SynthConfig(profile="london", n_orgs=1, size=size, seed=3, first_year=2022, last_year=YEAR))
    folder = write_canonical(data, BENCH / f"report-canonical-{size}", fmt="parquet")
    with Store(store_path) as st:
        st.load_folder(folder)
    print(f"prepared a synthetic trust of about {size:,} staff in {time.perf_counter() - start:.1f} s")
    return store_path


def one_run(store_path: Path, tiers: list[str], out: Path) -> tuple[float, float, dict[str, float]]:
    from wres.reports.build import build_reports
    from wres.store import Store

    wall, cpu = time.perf_counter(), time.process_time()
    with Store(store_path, read_only=True) as st:
        outputs = build_reports(st, YEAR, out=out, tiers=tiers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    steps: dict[str, float] = {}
    for o in outputs:
        for step, seconds in o.timings.items():
            key = step if step == "compute" else f"{o.tier}: {step}"
            steps[key] = steps.get(key, 0.0) + seconds
        for note in o.notes:
            print(f"  note ({o.tier}): {note}")
    return wall, cpu, steps


def profile_by_package(store_path: Path, tiers: list[str], out: Path) -> None:
    prof = cProfile.Profile()
    prof.enable()
    one_run(store_path, tiers, out)
    prof.disable()
    stats = pstats.Stats(prof)
    own: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        name = filename.replace("\\", "/")
        if "site-packages/" in name:
            package = name.split("site-packages/")[1].split("/")[0]
        elif "/src/wres/" in name:
            package = "wres." + name.split("/src/wres/")[1].split("/")[0].removesuffix(".py")
        elif name.startswith("~") or name.startswith("<"):
            package = "builtins (C: vl-convert, DuckDB, zlib, ...)"
        else:
            package = "python stdlib"
        own[package] += tottime
    total = sum(own.values())
    print("\nwhere the time goes (cProfile, own time by package; profiling slows Python code down):")
    for package, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:14]:
        print(f"  {package:48s} {seconds:6.2f} s  {100 * seconds / total:5.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tiers", default="public,internal")
    parser.add_argument("--size", type=int, default=6500, help="mean headcount of the synthetic trust")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    tiers = [t.strip() for t in args.tiers.split(",") if t.strip()]
    store_path = prepare(args.rebuild, args.size)
    runs: list[tuple[float, float, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(max(1, args.repeat)):
            runs.append(one_run(store_path, tiers, Path(tmp) / f"run{i}"))
            wall, cpu, _ = runs[-1]
            label = "cold" if i == 0 else "warm"
            load = os.getloadavg()[0]
            print(f"run {i + 1} ({label}): {wall:6.2f} s wall, {cpu:6.2f} s CPU   load average {load:.1f}")
        warm = runs[1:] or runs
        print(f"\nsteps (median of {len(warm)} warm run(s), seconds):")
        for step in warm[0][2]:
            values = [r[2].get(step, 0.0) for r in warm]
            print(f"  {step:36s} {statistics.median(values):6.2f}")
        walls = [r[0] for r in warm]
        cpus = [r[1] for r in warm]
        per_tier = statistics.median(walls) / len(tiers)
        print(
            f"\nfull report set, {' + '.join(tiers)}: median {statistics.median(walls):.2f} s wall, "
            f"{statistics.median(cpus):.2f} s CPU (cold {runs[0][0]:.2f} s); about {per_tier:.2f} s per tier "
            f"with the computation shared"
        )
        verdict = "within" if statistics.median(walls) < TARGET else "OVER"
        print(f"target: a trust's full report set in under {TARGET:.0f} s — {verdict} for {' + '.join(tiers)}")
        if args.profile:
            profile_by_package(store_path, tiers, Path(tmp) / "profile")


if __name__ == "__main__":
    main()
