"""Benchmark of a one-trust ``wres indicators`` process's fixed cost (issue 18: under 1 s).

Builds (once, cached under ``wres-data/bench/startup``) a store holding one synthetic trust (London profile, about
2,000 staff, WRES 2022–2026), then runs, alternately and each in a fresh process, ``--runs`` times:

* **import**: ``import wres.cli.main`` (the CLI up, as every command starts);
* **process**: a whole ``wres indicators --store S --org X`` process, wall time from start to exit (interpreter,
  imports, store, the nine indicators of the latest year, the table printed);
* **warm compute**: in one process, ``compute`` called once untimed and again timed: the work that depends on the
  data, the same in every run of a process.

The fixed cost is *process − warm compute*: what a process pays before and around the computation (interpreter,
imports, opening the store, first-call costs), in wall time and in CPU time (user + system over all threads, which
the machine's load hardly changes). Prints each run and the medians; also which heavy modules the
process imported (scipy and statsmodels must be absent; ``tests/cli/test_startup_imports.py`` checks it).

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--importtime]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path("wres-data") / "bench" / "startup"
ORG = "SY001"

IMPORT = "import time; t = time.perf_counter(); import wres.cli.main; print(time.perf_counter() - t)"
WARM = """
import sys, time
from wres.indicators import compute, from_store
from wres.store import Store
with Store(sys.argv[1], read_only=True) as st:
    src = from_store(st)
    compute(src, [2026], orgs=[sys.argv[2]])
    t, c = time.perf_counter(), time.process_time()
    compute(src, [2026], orgs=[sys.argv[2]])
    print(time.perf_counter() - t, time.process_time() - c)
"""
MODULES = """
import sys
from wres.cli.main import run
import contextlib, io
with contextlib.redirect_stdout(io.StringIO()):
    assert run(["indicators", "--store", sys.argv[1], "--org", sys.argv[2]]) == 0
heavy = ("scipy", "statsmodels", "pandera", "pandas", "ibis", "duckdb", "pyarrow")
print(" ".join(m for m in heavy if m in sys.modules))
"""


def build() -> Path:
    store = CACHE / "one-trust.duckdb"
    if store.exists():
        return store
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_canonical

    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"building a one-trust store in {CACHE} (once)", flush=True)
    data = generate(SynthConfig(profile="london", n_orgs=1, size=2000, seed=3))
    folder = write_canonical(data, CACHE / "canonical", fmt="parquet")
    part = store.with_suffix(".part")
    with Store(part) as st:
        st.load_folder(folder)
    part.replace(store)
    return store


def python(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def process_wall(store: Path) -> tuple[float, float]:
    """Wall and CPU time (user + system, all threads) of one whole ``wres indicators`` process."""
    wres = Path(sys.executable).with_name("wres")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(wres), "indicators", "--store", str(store), "--org", ORG], check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--importtime", action="store_true", help="print the 25 slowest imports of one process")
    args = parser.parse_args()
    store = build()
    print(f"store {store}; load average {os.getloadavg()[0]:.2f}")
    print(f"modules a one-trust process imports: {python('-c', MODULES, str(store), ORG)}")
    if args.importtime:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", MODULES, str(store), ORG], capture_output=True, text=True
        )
        rows = [line.split("|") for line in done.stderr.splitlines()[1:] if line.startswith("import time:")]
        rows.sort(key=lambda r: int(r[1]), reverse=True)
        for _, cumulative, name in rows[:25]:
            print(f"  {int(cumulative) / 1e6:6.3f} s  {name.rstrip()}")
    python("-c", "import wres.cli.main")  # warm the file cache once, untimed
    imports: list[float] = []
    walls: list[float] = []
    cpus: list[float] = []
    warms: list[float] = []
    warm_cpus: list[float] = []
    for i in range(args.runs):
        imports.append(float(python("-c", IMPORT)))
        wall, cpu = process_wall(store)
        walls.append(wall)
        cpus.append(cpu)
        warm, warm_cpu = (float(x) for x in python("-c", WARM, str(store), ORG).split())
        warms.append(warm)
        warm_cpus.append(warm_cpu)
        print(
            f"  run {i + 1}: import wres.cli.main {imports[-1]:.3f} s; process {wall:.3f} s wall, {cpu:.3f} s CPU; "
            f"warm compute {warm:.3f} s wall, {warm_cpu:.3f} s CPU; fixed {wall - warm:.3f} s wall, "
            f"{cpu - warm_cpu:.3f} s CPU",
            flush=True,
        )
    med = statistics.median
    fixed = [w - c for w, c in zip(walls, warms, strict=True)]
    fixed_cpu = [w - c for w, c in zip(cpus, warm_cpus, strict=True)]
    print(
        f"median of {args.runs}: import wres.cli.main {med(imports):.3f} s; one-trust process {med(walls):.3f} s "
        f"wall, {med(cpus):.3f} s CPU; warm compute {med(warms):.3f} s wall, {med(warm_cpus):.3f} s CPU; "
        f"fixed cost {med(fixed):.3f} s wall, {med(fixed_cpu):.3f} s CPU (target < 1 s); "
        f"load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
