"""Benchmark: all nine indicators with intervals for every organisation-year of the national synthetic data.

One script, alternating runs, each run a fresh process (issue 18's Benchmark check):

* ``duckdb``: ``wres.indicators.compute`` on the DuckDB store, every organisation and year (target < 5 s and
  < 2 GB peak); then, in the same process and timed apart, funnels and roll-ups on top (target < 3 s more): for every
  year, the funnel of every organisation's headline row of indicators 1–4 (``wres.analysis.funnel``) with ranks, and
  the regional and national roll-ups of every organisation's counts (``wres.analysis.rollup``);
* ``pandas``: the honest pandas baseline (``benchmarks/pandas_baseline.py``: vectorised, as an analyst would write
  it), reading the same tables from the store, headline figures with intervals; its counts are checked against
  wres's headline rows for every indicator (the script stops if any differs);
* ``polars``: only if Polars is installed and a Polars implementation exists (none does: Polars is not a
  dependency), so it is reported as skipped; likewise hand-written DuckDB SQL (none in the repository);
* ``spark`` (``--spark``): the same Ibis expressions on PySpark in local mode.

Each run prints its wall time, its CPU time (user + system over all threads, ``os.times``: on a shared machine the
steadier figure) and its peak memory (``VmHWM``, the process's own high-water mark); the medians follow.

    uv run python benchmarks/bench_indicators.py [--store S | --n-orgs 220] [--runs 3] [--spark] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
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
import json, os, sys, time, warnings
warnings.filterwarnings("ignore")
engine, store_path, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
years = [2022, 2023, 2024, 2025, 2026]
sys.path.insert(0, "benchmarks")


def clock():
    t = os.times()
    return time.perf_counter(), t.user + t.system


def since(mark):
    wall, cpu = clock()
    return wall - mark[0], cpu - mark[1]


extra = {}
if engine == "pandas":
    import duckdb
    from pandas_baseline import pandas_indicators
    con = duckdb.connect(store_path, read_only=True)
    mark = clock()
    rows = pandas_indicators(con, years)
    wall, cpu = since(mark)
    rows.to_pickle(out_path)
    n_rows = len(rows)
else:
    from wres.store import Store
    from wres.indicators import compute, from_store
    from pandas_baseline import headline_counts
    with Store(store_path, read_only=True) as st:
        if engine == "spark":
            from wres.indicators.spark import from_store_on_spark, spark_session
            mark = clock(); spark_session(); src = from_store_on_spark(st); extra["setup"] = since(mark)[0]
        else:
            src = from_store(st)
            orgs = st.con.execute("SELECT org_code, region FROM organisations").df()
        mark = clock()
        res = compute(src, years)
        wall, cpu = since(mark)
    if engine == "duckdb":
        from wres.analysis.funnel import funnel_of_results, funnel_ranks
        from wres.analysis.rollup import national_rollup, rollup
        mark = clock()
        head = res.headline()
        funnels = 0
        for (year, indicator), rows in head[head["indicator"].isin(["1", "2", "3", "4"])].groupby(
            ["year", "indicator"]
        ):
            if (rows["status"] == "not_computed").all():  # e.g. indicator 3's rolling form in the first year
                continue
            funnel = funnel_of_results(rows)
            funnel_ranks(funnel)
            funnels += 1
        regions = dict(zip(orgs["org_code"], orgs["region"].fillna("Unknown region")))
        regional = rollup(res.counts, regions, level="region")
        national = national_rollup(res.counts)
        extra["on_top"] = since(mark)
        extra["funnels"] = funnels
        extra["rollup_rows"] = len(regional.results) + len(national.results)
    headline_counts(res.frame).to_pickle(out_path)
    n_rows = len(res.frame)
# VmHWM is this process's own high-water mark (ru_maxrss would include the parent's, inherited across exec)
peak = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")][0] / 1024**2
print(json.dumps({"wall": wall, "cpu": cpu, "peak_gb": peak, "rows": n_rows, **extra}))
"""


def run_child(engine: str, store_path: Path, out_path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, engine, str(store_path), str(out_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"{engine} run failed:\n{out.stderr[-3000:]}")
    line = [x for x in out.stdout.splitlines() if x.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def check_counts(pandas_path: Path, wres_path: Path, name: str = "pandas") -> str:
    """Another run's headline counts (the pandas baseline's, or wres on Spark's) against wres on DuckDB's headline
    rows: every indicator, every organisation-year."""
    import numpy as np
    import pandas as pd

    ours, theirs = pd.read_pickle(wres_path), pd.read_pickle(pandas_path)
    keys = ["org_code", "year", "indicator", "variant"]
    both = ours.merge(theirs, on=keys, suffixes=("_wres", "_other"))
    if len(both) != len(ours):
        raise SystemExit(f"the {name} run lacks {len(ours) - len(both)} of wres's {len(ours)} headline rows")
    for k in ("a", "n1", "c", "n2"):
        same = np.isclose(both[f"{k}_wres"], both[f"{k}_other"], rtol=0, atol=0, equal_nan=True)
        if not same.all():
            bad = both.loc[~same, [*keys, f"{k}_wres", f"{k}_other"]]
            raise SystemExit(f"{name} and wres on DuckDB counts differ ({k}):\n{bad.head(10).to_string()}")
    per = both.groupby("indicator").size()
    return ", ".join(f"{i}: {n}" for i, n in per.items())


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an existing store holding the national data (else made)")
    parser.add_argument("--n-orgs", type=int, default=220)
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each engine")
    parser.add_argument("--spark", action="store_true", help="also PySpark in local mode")
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    store_path = args.store or prepare(args.n_orgs, args.rebuild)
    engines = ["duckdb", *([] if args.no_pandas else ["pandas"]), *(["spark"] if args.spark else [])]
    try:
        import polars  # noqa: F401

        print("Polars is installed, but there is no Polars implementation to run: skipped")
    except ImportError:
        print("Polars: not installed (not a dependency): skipped")
    print(
        "hand-written DuckDB SQL: none in the repository "
        "(`wres indicators --sql` prints the SQL of wres's queries): skipped"
    )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start")
    results: dict[str, list[dict[str, Any]]] = {e: [] for e in engines}
    with tempfile.TemporaryDirectory() as tmp:
        outs = {e: Path(tmp) / f"{e}.pkl" for e in engines}
        for i in range(args.runs):
            for engine in engines:
                r = run_child(engine, store_path, outs[engine])
                results[engine].append(r)
                line = (
                    f"run {i + 1} {engine:7s} wall {r['wall']:6.2f} s  CPU {r['cpu']:6.2f} s  "
                    f"peak {r['peak_gb']:5.2f} GB"
                )
                if "on_top" in r:
                    line += f"  | funnels + roll-ups wall {r['on_top'][0]:5.2f} s CPU {r['on_top'][1]:5.2f} s"
                if "setup" in r:  # the CPU is the Python driver's: the JVM's threads are another process
                    line += f"  (+ {r['setup']:.1f} s Spark session and export; CPU of the driver only)"
                print(line + f"  (load average {os.getloadavg()[0]:.1f})", flush=True)
            if i == 0 and "pandas" in engines:
                print(
                    f"pandas baseline counts equal wres's headline counts (rows per indicator: "
                    f"{check_counts(outs['pandas'], outs['duckdb'])})"
                )
            if i == 0 and "spark" in engines:
                print(
                    "wres on Spark's headline counts equal wres on DuckDB's (rows per indicator: "
                    f"{check_counts(outs['spark'], outs['duckdb'], 'Spark')})"
                )
    print("\nmedians:")
    for engine, runs in results.items():
        print(
            f"  {engine:7s} wall {_median(runs, 'wall'):6.2f} s  CPU {_median(runs, 'cpu'):6.2f} s  "
            f"peak {_median(runs, 'peak_gb'):5.2f} GB"
        )
    duck = results["duckdb"]
    top_wall = statistics.median(r["on_top"][0] for r in duck)
    top_cpu = statistics.median(r["on_top"][1] for r in duck)
    print(
        f"  funnels ({duck[0]['funnels']}) and roll-ups ({duck[0]['rollup_rows']:,} rows) on top: "
        f"wall {top_wall:.2f} s, CPU {top_cpu:.2f} s"
    )
    if "pandas" in results:
        ratio = _median(results["pandas"], "wall") / _median(duck, "wall")
        print(f"  pandas / wres on DuckDB, median wall: {ratio:.1f}")


if __name__ == "__main__":
    main()
