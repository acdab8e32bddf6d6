"""Benchmark: a trust's full annual report set (HTML, PDF, return workbook, CSV); target: under 5 s.

Three measures, all for the public tier by default:

1. **fresh process** — ``wres report --year 2026 --tier public --out DIR`` run as a new process, wall clock from
   start to exit (``--fresh`` times): everything a user waits for, imports, vl-convert's engine and WeasyPrint's
   fonts included;
2. **warm, in process** — :func:`wres.reports.build.build_reports` called ``--repeat`` times in this process; the
   first call is "cold" (lazy imports), the others "warm" (median reported, with each step's time);
3. **web Generate** — the dashboard's report generation (:func:`wres.web.report_files.generate`) ``--web`` times
   in this process once it has warmed up as ``wres serve`` does (figures cached, renderer started): what a user of
   the web application waits for, less the HTTP round trip.

All use a synthetic London trust of the default size (about 6,500 staff, WRES years 2022–2026) loaded into a
DuckDB store once and cached under ``wres-data/bench``. The machine may be shared: the load average is printed
with every run, and CPU time (this process and its helper processes) beside the wall time. ``--profile`` adds a
cProfile of one warm run, summed by package (the helper processes' work is not in it).

    uv run python benchmarks/bench_report.py [--fresh 3] [--repeat 3] [--web 3] [--tiers public,internal]
        [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
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


def cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (helpers included)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def wres_command() -> list[str]:
    """How to start ``wres``: the console script beside this Python, else on PATH, else through ``-c``."""
    beside = Path(sys.executable).with_name("wres")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("wres")
    if found:
        return [found]
    return [sys.executable, "-c", "from wres.cli.main import entry; entry()"]


def fresh_run(store_path: Path, tier: str, out: Path) -> tuple[float, float]:
    """One ``wres report`` process for ``tier``: wall and CPU seconds (the process and its helpers)."""
    args = [*wres_command(), "report", "--store", str(store_path), "--year", str(YEAR), "--tier", tier]
    cpu, wall = cpu_seconds(), time.perf_counter()
    done = subprocess.run([*args, "--out", str(out)], capture_output=True, text=True, check=False)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    if done.returncode != 0:
        raise SystemExit(f"wres report failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return wall, cpu


def one_run(store_path: Path, tiers: list[str], out: Path) -> tuple[float, float, dict[str, float]]:
    from wres.reports.build import build_reports
    from wres.store import Store

    wall, cpu = time.perf_counter(), cpu_seconds()
    with Store(store_path, read_only=True) as st:
        outputs = build_reports(st, YEAR, out=out, tiers=tiers)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
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
            package = "builtins (C: DuckDB, zlib, waiting for helpers, ...)"
        else:
            package = "python stdlib"
        own[package] += tottime
    total = sum(own.values())
    print("\nwhere this process's time goes (cProfile, own time by package; profiling slows Python code down):")
    for package, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:14]:
        print(f"  {package:48s} {seconds:6.2f} s  {100 * seconds / total:5.1f}%")


def measure_web(store_path: Path, tiers: list[str], repeat: int, tmp: Path) -> float | None:
    """The dashboard's "Generate" (:func:`wres.web.report_files.generate`) in a server process that has warmed up
    as ``wres serve`` does (figures computed, report renderer started): what a user of the web application waits
    for, less the HTTP round trip. Each run deletes the previous set first, so every run writes all the files."""
    if repeat <= 0:
        return None
    from wres.web.serve import configure, prepare, warm

    copy = tmp / "web-store.duckdb"  # the server migrates its warehouse read-write: the cached store stays as it is
    shutil.copyfile(store_path, copy)
    configure(copy, tmp / "web")
    orgs = prepare()
    start = time.perf_counter()
    warm(orgs).join()
    warmed = time.perf_counter() - start
    print(f"\nweb: server warm-up (figures and renderer) {warmed:.2f} s, then Generate, {' + '.join(tiers)}")
    from wres.web import report_files

    org, walls = orgs[0], []
    for i in range(repeat):
        wall, cpu = time.perf_counter(), cpu_seconds()
        for tier in tiers:
            shutil.rmtree(report_files.set_folder(org, YEAR, tier), ignore_errors=True)
            _, made = report_files.generate(org, YEAR, tier, user="bench")
            assert made
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        walls.append(wall)
        print(f"  run {i + 1}: {wall:6.2f} s wall, {cpu:6.2f} s CPU   load average {os.getloadavg()[0]:.1f}")
    return statistics.median(walls)


def verdict(seconds: float) -> str:
    return "within" if seconds < TARGET else "OVER"


def measure_fresh(store_path: Path, tier: str, times: int, tmp: Path) -> float | None:
    if times <= 0:
        return None
    walls = []
    print(f"\nfresh process: wres report --tier {tier} ({times} runs)")
    for i in range(times):
        wall, cpu = fresh_run(store_path, tier, tmp / f"fresh{i}")
        walls.append(wall)
        print(f"  run {i + 1}: {wall:6.2f} s wall, {cpu:6.2f} s CPU   load average {os.getloadavg()[0]:.1f}")
    return statistics.median(walls)


def measure_in_process(store_path: Path, tiers: list[str], repeat: int, tmp: Path) -> float:
    runs: list[tuple[float, float, dict[str, float]]] = []
    print(f"\nin process: build_reports, {' + '.join(tiers)} ({repeat} runs)")
    for i in range(max(1, repeat)):
        runs.append(one_run(store_path, tiers, tmp / f"run{i}"))
        wall, cpu, _ = runs[-1]
        label = "cold" if i == 0 else "warm"
        load = os.getloadavg()[0]
        print(f"  run {i + 1} ({label}): {wall:6.2f} s wall, {cpu:6.2f} s CPU   load average {load:.1f}")
    warm = runs[1:] or runs
    print(f"  steps (median of {len(warm)} warm run(s), seconds; the helper's steps overlap this process's):")
    for step in warm[0][2]:
        values = [r[2].get(step, 0.0) for r in warm]
        print(f"    {step:36s} {statistics.median(values):6.2f}")
    return statistics.median(r[0] for r in warm)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", type=int, default=3, help="fresh `wres report` processes to time (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="build_reports calls in this process")
    parser.add_argument("--tiers", default="public", help="tiers of the in-process runs (the fresh runs: the first)")
    parser.add_argument("--size", type=int, default=6500, help="mean headcount of the synthetic trust")
    parser.add_argument("--web", type=int, default=3, help="Generate runs in a warmed web server process (0: none)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    tiers = [t.strip() for t in args.tiers.split(",") if t.strip()]
    store_path = prepare(args.rebuild, args.size)
    print(f"{os.cpu_count()} CPUs; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = measure_fresh(store_path, tiers[0], args.fresh, Path(tmp))
        warm = measure_in_process(store_path, tiers, args.repeat, Path(tmp))
        web = measure_web(store_path, tiers, args.web, Path(tmp))  # last: it loads the renderer into this process
        print(f"\ntarget: a trust's full report set in under {TARGET:.0f} s")
        if fresh is not None:
            print(f"  fresh `wres report` process, {tiers[0]}: median {fresh:.2f} s wall — {verdict(fresh)}")
        print(f"  warm, in process, {' + '.join(tiers)}: median {warm:.2f} s wall — {verdict(warm)}")
        if web is not None:
            print(f"  web Generate, warm server, {' + '.join(tiers)}: median {web:.2f} s wall — {verdict(web)}")
        if args.profile:
            profile_by_package(store_path, tiers, Path(tmp) / "profile")


if __name__ == "__main__":
    main()
