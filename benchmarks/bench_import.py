"""Benchmark of ``wres import``: a 1-million-row ESR-style staff extract, validation included.

Builds (once, cached under ``wres-data/bench/import``) an ESR staff-in-post CSV of about one million assignment
rows: the synthetic generator's ESR extract for one large London-profile trust, repeated with fresh employee and
assignment numbers. Then imports it into a fresh store exactly as ``wres import`` does (read, map, pseudonymise,
validate with pandera, load in one transaction, ledger and data-quality report) and prints the time of each stage,
the rows per second and the peak resident memory.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000] [--runs 3] [--profile]

With ``--load FOLDER`` (a canonical folder, e.g. the national Parquet folder written by ``benchmarks/bench_synth.py
--out /tmp/wres-national``) it instead runs ``wres load FOLDER`` into a fresh store ``--runs`` times, and with
``--raw FOLDER`` (the raw extracts of the same run) ``wres import`` of every file in it; each run a fresh process,
printing its wall time, CPU time (user + system over all its threads: above the wall time when both cores work)
and peak resident memory (the child's high-water mark, read from ``/usr/bin/time -v``).

    .venv/bin/python benchmarks/bench_import.py --load /tmp/wres-national/parquet [--runs 3]
    .venv/bin/python benchmarks/bench_import.py --raw /tmp/wres-national/raw [--runs 1]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import itertools
import os
import pstats
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wres.ingest.importer import import_files
from wres.store import Store
from wres.synth import SynthConfig, generate, write_raw

CACHE = Path("wres-data") / "bench" / "import"
SNAPSHOT = "2025-03-31"


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def build(rows: int) -> tuple[Path, Path]:
    """The cached ESR CSV of ``rows`` assignment rows and the organisations file."""
    folder = CACHE / f"esr-{rows}"
    esr = folder / f"esr_staff_{SNAPSHOT}.csv"
    orgs = folder / "organisations.csv"
    if esr.exists() and orgs.exists():
        return esr, orgs
    folder.mkdir(parents=True, exist_ok=True)
    print(f"building a {rows:,}-row ESR extract in {folder} (once)", flush=True)
    data = generate(SynthConfig(profile="london", n_orgs=1, size=8000, seed=11, first_year=2025, last_year=2025))
    with tempfile.TemporaryDirectory() as tmp:
        raw = write_raw(data, Path(tmp))
        (raw / "organisations.csv").replace(orgs)
        with (raw / f"esr_staff_{SNAPSHOT}.csv").open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            template = list(reader)
    employee, assignment = header.index("Employee Number"), header.index("Assignment Number")
    written, copy = 0, 0
    tmp_esr = esr.with_suffix(".part")
    with tmp_esr.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        while written < rows:
            for row in template:
                if written == rows:
                    break
                new = list(row)
                new[employee] = str(int(row[employee]) + copy * 10_000_000)
                new[assignment] = f"{copy}-{row[assignment]}"
                writer.writerow(new)
                written += 1
            copy += 1
    tmp_esr.replace(esr)
    return esr, orgs


def run_once(esr: Path, orgs: Path, rows: int) -> float:
    with tempfile.TemporaryDirectory(prefix="wres-bench-import-") as tmp:
        key = Path(tmp) / "key" / "pseudonym.key"
        with Store(Path(tmp) / "bench.duckdb") as store:
            stages: list[tuple[str, float]] = []
            last = [time.perf_counter()]

            def progress(name: str, stage: str, done: int) -> None:
                now = time.perf_counter()
                stages.append((f"{name}: {stage}", now))
                last[0] = now

            start = time.perf_counter()
            report = import_files([orgs, esr], store, key_path=key, progress=progress)
            elapsed = time.perf_counter() - start
        marks = [("start", start), *stages, ("commit (one transaction) and ledger", start + elapsed)]
        for (_, t0), (label, t1) in itertools.pairwise(marks):
            print(f"    {label:<44} {t1 - t0:6.2f} s")
        loaded = sum(f.rows_loaded for f in report.files)
        print(
            f"  {rows:,} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s "
            f"({loaded:,} loaded; peak memory {peak_gb():.2f} GB)",
            flush=True,
        )
        return elapsed


def run_cli(esr: Path, orgs: Path) -> float:
    """Wall time of one `wres import` process into a fresh store (interpreter start-up included)."""
    wres = Path(sys.executable).with_name("wres")
    with tempfile.TemporaryDirectory(prefix="wres-bench-cli-") as tmp:
        argv = [str(wres), "import", str(orgs), str(esr), "--store", f"{tmp}/s.duckdb", "--key-file", f"{tmp}/k.key"]
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
    print(f"  `wres import` process: {elapsed:.2f} s", flush=True)
    return elapsed


def run_process(argv: list[str]) -> tuple[float, float, float]:
    """Wall time, CPU time (user + system, all threads) and peak resident memory (GB) of one process."""
    timed = ["/usr/bin/time", "-v", *argv]
    start = time.perf_counter()
    done = subprocess.run(timed, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed:\n{done.stderr[-2000:]}")

    def field(name: str) -> float:
        found = re.search(rf"{re.escape(name)}: ([0-9.]+)", done.stderr)
        return float(found.group(1)) if found else float("nan")

    cpu = field("User time (seconds)") + field("System time (seconds)")
    return wall, cpu, field("Maximum resident set size (kbytes)") / 1024**2


def run_national(folder: Path, runs: int, *, raw: bool) -> None:
    """``wres load`` of a canonical folder, or ``wres import`` of a folder of raw extracts, into fresh stores."""
    wres = str(Path(sys.executable).with_name("wres"))
    label = "wres import" if raw else "wres load"
    results = []
    for i in range(runs):
        with tempfile.TemporaryDirectory(prefix="wres-bench-national-") as tmp:
            store = f"{tmp}/s.duckdb"
            if raw:
                files = sorted(str(p) for p in folder.iterdir() if p.suffix == ".csv")
                argv = [wres, "import", *files, "--store", store, "--key-file", f"{tmp}/k.key"]
            else:
                argv = [wres, "load", str(folder), "--store", store]
            load = os.getloadavg()[0]
            wall, cpu, peak = run_process(argv)
        results.append((wall, cpu, peak))
        print(
            f"  {label} run {i + 1}: wall {wall:.1f} s, CPU {cpu:.1f} s (CPU/wall {cpu / wall:.2f}), "
            f"peak {peak:.2f} GB, load average at start {load:.1f}",
            flush=True,
        )
    walls, cpus, peaks = zip(*results, strict=True)
    print(
        f"{label} {folder}: median wall {statistics.median(walls):.1f} s, CPU {statistics.median(cpus):.1f} s, "
        f"peak {max(peaks):.2f} GB (highest of {runs})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    parser.add_argument("--cli", action="store_true", help="also time whole `wres import` processes")
    parser.add_argument("--load", type=Path, help="time `wres load` of this canonical folder instead")
    parser.add_argument("--raw", type=Path, help="time `wres import` of every CSV in this folder instead")
    args = parser.parse_args()
    if args.load or args.raw:
        run_national(args.load or args.raw, args.runs, raw=args.raw is not None)
        return
    esr, orgs = build(args.rows)
    print(f"{esr} ({esr.stat().st_size / 1024**2:,.0f} MB)")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(run_once, esr, orgs, args.rows)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    times = [run_once(esr, orgs, args.rows) for _ in range(args.runs)]
    median = statistics.median(times)
    print(f"in process, median of {len(times)}: {median:.2f} s = {args.rows / median:,.0f} rows/s")
    if args.cli:
        walls = [run_cli(esr, orgs) for _ in range(args.runs)]
        median = statistics.median(walls)
        print(f"`wres import` process, median of {len(walls)}: {median:.2f} s = {args.rows / median:,.0f} rows/s")


if __name__ == "__main__":
    main()
