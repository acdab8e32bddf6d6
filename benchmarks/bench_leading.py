"""Benchmark: the leading indicators (wres-domain.md §7.3) for every organisation-year of the national synthetic data.

Steps (each printed with its time; the indicator run is measured in a fresh subprocess, with its peak memory):

1. prepare (once, cached under ``wres-data/bench``, shared with ``bench_indicators.py``): the national synthetic
   data (about 220 organisations, 1.4 million staff, 5 WRES years) loaded into a DuckDB store;
2. DuckDB: ``wres.indicators.leading.compute_leading`` for all organisations and years, overall (WRES, 5 and 9
   groups), indicator 2 by band, and by band (target < 15 s).

    uv run python benchmarks/bench_leading.py [--n-orgs 220] [--rebuild] [--by band]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_indicators import prepare

CHILD = r"""
import json, os, sys, time, warnings
warnings.filterwarnings("ignore")
store_path, by = sys.argv[1], (sys.argv[2] or None)
years = [2022, 2023, 2024, 2025, 2026]
from wres.store import Store
from wres.indicators import from_store
from wres.indicators.leading import compute_leading
with Store(store_path, read_only=True) as st:
    start, cpu0 = time.perf_counter(), os.times()
    res = compute_leading(from_store(st), years, by=by)
    elapsed, cpu1 = time.perf_counter() - start, os.times()
cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
peak = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")][0] / 1024**2
frame = res.frame
print(json.dumps({"seconds": elapsed, "cpu": cpu, "load": os.getloadavg()[0], "peak_gb": peak, "rows": len(frame),
                  "computed": int(frame["estimate"].notna().sum()),
                  "org_years": int(frame[["org_code", "year"]].drop_duplicates().shape[0]),
                  "reclassified": int(res.reclassifications["people"].sum())}))
"""


def run_child(store_path: Path, by: str | None) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(store_path), by or ""], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"leading run failed:\n{out.stderr[-3000:]}")
    line = [x for x in out.stdout.splitlines() if x.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-orgs", type=int, default=220)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--by", default="band", help="a breakdown besides the overall run ('' for none)")
    args = parser.parse_args()
    store_path = prepare(args.n_orgs, args.rebuild)
    res = run_child(store_path, args.by or None)
    print(
        f"DuckDB leading indicators (by {args.by or 'nothing'}): {res['seconds']:.2f} s "
        f"(CPU {res['cpu']:.1f} s over all threads; load average {res['load']:.1f}), "
        f"peak memory {res['peak_gb']:.2f} GB, {res['rows']:,} result rows ({res['computed']:,} computed) for "
        f"{res['org_years']} organisation-years; {res['reclassified']:,} people reclassified"
    )
    print("target < 15 s: " + ("met" if res["seconds"] < 15 else "NOT met"))


if __name__ == "__main__":
    main()
