"""Benchmark of wres.synth: a national run (220 trusts, about 1.4 million staff, five WRES years).

Prints the time to generate the canonical tables, to write them (Parquet, and CSV with ``--csv``) and, with
``--raw``, the raw extracts, with the process's peak resident memory after each step.

    .venv/bin/python benchmarks/bench_synth.py [--n-orgs 220] [--size 6500] [--csv] [--raw] [--out DIR]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wres.synth import SynthConfig, generate, write_canonical, write_raw


def peak_gb() -> float:
    """Peak resident set size of this process so far, in GB (ru_maxrss is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024**2


def timed[T](label: str, step: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = step()
    print(f"{label:<28} {time.perf_counter() - start:8.1f} s   peak memory {peak_gb():5.2f} GB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-orgs", type=int, default=220)
    parser.add_argument("--size", type=int, default=6500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--csv", action="store_true", help="also write the canonical tables as CSV")
    parser.add_argument("--raw", action="store_true", help="also write the raw extracts")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: a temporary one)")
    args = parser.parse_args()

    config = SynthConfig(profile="national", n_orgs=args.n_orgs, size=args.size, seed=args.seed)
    out = args.out or Path(tempfile.mkdtemp(prefix="wres-bench-"))
    print(
        f"national run: {config.n_orgs} organisations, size {config.size}, years {config.first_year}-{config.last_year}"
    )
    try:
        data = timed("generate", lambda: generate(config))
        for name, df in data.tables().items():
            print(f"  {name:<22} {len(df):>12,} rows")
        staff = data.staff
        latest = staff[staff["snapshot_date"] == staff["snapshot_date"].max()]
        print(f"  staff at the last snapshot: {len(latest):,}")
        timed("write canonical (parquet)", lambda: write_canonical(data, out / "parquet", fmt="parquet"))
        print(f"  {folder_mb(out / 'parquet'):,.0f} MB")
        if args.csv:
            timed("write canonical (csv)", lambda: write_canonical(data, out / "csv", fmt="csv"))
            print(f"  {folder_mb(out / 'csv'):,.0f} MB")
        if args.raw:
            timed("write raw extracts", lambda: write_raw(data, out / "raw"))
            print(f"  {folder_mb(out / 'raw'):,.0f} MB")
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    print(f"peak memory {peak_gb():.2f} GB")


if __name__ == "__main__":
    main()
