"""Benchmark: all nine indicators with intervals for every organisation-year of the national synthetic data.

Steps (each printed with its time; peak memory of the indicator runs is measured in fresh subprocesses):

1. prepare (once, cached under ``wres-data/bench``): generate the national synthetic data (about 220
   organisations, 1.4 million staff, 5 WRES years), write canonical Parquet, load it into a DuckDB store;
2. DuckDB: ``wres.indicators.compute`` for all organisations and years (target < 10 s, peak memory < 2 GB);
3. pandas: a straightforward pandas implementation of the same counting, followed by the same results step;
   prints the ratio of its time to DuckDB's;
4. Spark: the same expressions on PySpark in local mode (``--no-spark`` to skip).

    uv run python benchmarks/bench_indicators.py [--n-orgs 220] [--no-spark] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

YEARS = [2022, 2023, 2024, 2025, 2026]
BENCH = Path("wres-data/bench")


def prepare(n_orgs: int, rebuild: bool) -> Path:
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_canonical

    store_path = BENCH / f"national-{n_orgs}.duckdb"
    if store_path.exists() and not rebuild:
        print(f"using cached store {store_path}")
        return store_path
    BENCH.mkdir(parents=True, exist_ok=True)
    store_path.unlink(missing_ok=True)
    start = time.perf_counter()
    data = generate(SynthConfig(profile="national", n_orgs=n_orgs, seed=1))
    t_gen = time.perf_counter() - start
    start = time.perf_counter()
    folder = write_canonical(data, BENCH / f"canonical-{n_orgs}", fmt="parquet")
    t_write = time.perf_counter() - start
    start = time.perf_counter()
    with Store(store_path) as st:
        result = st.load_folder(folder)
    t_load = time.perf_counter() - start
    print(f"synth generate               {t_gen:8.1f} s")
    print(f"write canonical parquet      {t_write:8.1f} s")
    print(f"validate + load into DuckDB  {t_load:8.1f} s   ({sum(result.row_counts.values()):,} rows)")
    return store_path


CHILD = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
engine, store_path = sys.argv[1], sys.argv[2]
years = [2022, 2023, 2024, 2025, 2026]
from wres.store import Store
from wres.indicators import compute, from_store
from wres.indicators.compute import finalise
from wres.config import DEFAULT_CONFIG
sys.path.insert(0, "benchmarks")
with Store(store_path, read_only=True) as st:
    if engine == "spark":
        from wres.indicators.spark import from_store_on_spark, spark_session
        t0 = time.perf_counter(); spark_session(); src = from_store_on_spark(st); setup = time.perf_counter() - t0
    else:
        setup = 0.0
        src = from_store(st)
    start = time.perf_counter()
    if engine == "pandas":
        from pandas_reference import pandas_counts
        orgs = [r[0] for r in st.con.execute("SELECT org_code FROM organisations ORDER BY 1").fetchall()]
        counts = pandas_counts(st.con, years)
        res = finalise(counts, orgs, years, DEFAULT_CONFIG, "pandas", "records", [])
    else:
        res = compute(src, years)
    elapsed = time.perf_counter() - start
# VmHWM is this process's own high-water mark (ru_maxrss would include the parent's, inherited across exec)
peak = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")][0] / 1024**2
frame = res.frame
print(json.dumps({"seconds": elapsed, "setup": setup, "peak_gb": peak, "rows": len(frame),
                  "org_years": int(frame[["org_code", "year"]].drop_duplicates().shape[0]),
                  "checksum": float(frame["estimate"].fillna(0).sum()),
                  "by_indicator": {str(ind): [float(g["estimate"].fillna(0).sum()), int(g["estimate"].notna().sum()),
                                              int(len(g))] for ind, g in frame.groupby("indicator")}}))
"""


def run_child(engine: str, store_path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, engine, str(store_path)], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{out.stderr[-3000:]}")
    line = [x for x in out.stdout.splitlines() if x.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-orgs", type=int, default=220)
    parser.add_argument("--no-spark", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    store_path = prepare(args.n_orgs, args.rebuild)
    duck = run_child("duckdb", store_path)
    print(
        f"DuckDB: {duck['seconds']:.2f} s, peak memory {duck['peak_gb']:.2f} GB, "
        f"{duck['rows']:,} result rows for {duck['org_years']} organisation-years"
    )
    pandas = run_child("pandas", store_path)
    print(
        f"pandas: {pandas['seconds']:.2f} s, peak memory {pandas['peak_gb']:.2f} GB; "
        f"pandas / DuckDB time ratio {pandas['seconds'] / duck['seconds']:.1f}"
    )
    p_ind, d_ind = pandas["by_indicator"], duck["by_indicator"]
    differ = [  # per indicator: the sum of its estimates, how many are computed, its rows
        ind
        for ind in sorted(set(p_ind) | set(d_ind))
        if ind not in p_ind
        or ind not in d_ind
        or p_ind[ind][1:] != d_ind[ind][1:]
        or not _close(p_ind[ind][0], d_ind[ind][0])
    ]
    if differ or not _close(pandas["checksum"], duck["checksum"]):
        print(f"WARNING: results differ (checksum {pandas['checksum']} vs {duck['checksum']})")
        for ind in differ:
            print(
                f"  indicator {ind}: [estimates' sum, computed, rows] pandas {p_ind.get(ind)}, DuckDB {d_ind.get(ind)}"
            )
    else:
        print("pandas and DuckDB results agree (checksum of every estimate)")
    if not args.no_spark:
        spark = run_child("spark", store_path)
        print(
            f"Spark (local[2]): {spark['seconds']:.2f} s (+ {spark['setup']:.1f} s session start and export), "
            f"peak Python driver memory {spark['peak_gb']:.2f} GB (the JVM is separate)"
        )


if __name__ == "__main__":
    main()
