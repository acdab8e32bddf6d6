"""Every organisation of the national synthetic data on DuckDB and on a Spark standalone cluster on loopback:
identical results, and the wall time of each (issue 18; docs/scale.md).

1. generate the national profile (220 organisations, WRES 2022-2026) and write canonical Parquet, once, cached under
   ``wres-data/bench/canonical-national-spark`` (about 40 s and 6 GB at peak);
2. ``wres indicators --all-orgs --tables-from parquet:...`` on DuckDB, in a fresh process;
3. a standalone master and one worker (``--cores``, ``--memory``) on 127.0.0.1, then the same command with
   ``--engine spark --spark-master spark://127.0.0.1:PORT`` in a fresh process; the cluster is always stopped;
4. the two result tables compared with ``pandas.testing.assert_frame_equal``.

    uv run python benchmarks/national_spark_cluster.py [--cores 2] [--memory 4g] [--rebuild]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the loopback cluster of the tests: tests/indicators/spark_cluster.py

from tests.indicators.spark_cluster import cluster_env, standalone_cluster  # noqa: E402

CANONICAL = ROOT / "wres-data" / "bench" / "canonical-national-spark"
YEARS = [2022, 2023, 2024, 2025, 2026]
WRES = [sys.executable, "-c", "from wres.cli.main import entry; entry()", "indicators", "--all-orgs"]


def prepare(rebuild: bool) -> Path:
    if (CANONICAL / "manifest.json").exists() and not rebuild:
        print(f"using cached canonical folder {CANONICAL}")
        return CANONICAL
    from wres.synth import SynthConfig, generate, write_canonical

    start = time.perf_counter()
    write_canonical(generate(SynthConfig(profile="national", n_orgs=220, seed=1)), CANONICAL)
    print(f"generate and write canonical Parquet  {time.perf_counter() - start:8.1f} s")
    return CANONICAL


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[3:])} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2, help="the worker's cores (default 2)")
    parser.add_argument("--memory", default="4g", help="the worker's memory for executors (default 4g)")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    import pandas as pd

    folder = prepare(args.rebuild)
    years = [a for y in YEARS for a in ("--year", str(y))]
    common = [*WRES, *years, "--tables-from", f"parquet:{folder}", "--format", "parquet"]
    with tempfile.TemporaryDirectory(prefix="wres-national-spark-") as tmp:
        out = Path(tmp)
        duck_seconds = timed([*common, "--out", str(out / "duckdb.parquet")])
        executor = f"{max(int(args.memory.rstrip('gG')) - 1, 1)}g" if args.memory[-1] in "gG" else args.memory
        config = out / "wres.toml"
        config.write_text(f'[spark]\ndriver_memory = "3g"\n\n[spark.conf]\n"spark.executor.memory" = "{executor}"\n')
        with standalone_cluster(out / "cluster", cores=args.cores, memory=args.memory) as cluster:
            spark_args = ["--engine", "spark", "--spark-master", cluster.master, "--config", str(config)]
            spark_seconds = timed([*common, *spark_args, "--out", str(out / "spark.parquet")], cluster_env())
            ran_on_worker = bool(cluster.applications())
        duck, spark = pd.read_parquet(out / "duckdb.parquet"), pd.read_parquet(out / "spark.parquet")
    pd.testing.assert_frame_equal(duck, spark)
    print(f"DuckDB, Parquet                       {duck_seconds:8.1f} s (the whole command)")
    print(
        f"Spark standalone ({args.cores} cores, {args.memory})     {spark_seconds:8.1f} s (the whole command; executor "
        f"on the worker: {ran_on_worker})"
    )
    print(f"identical: {len(duck):,} result rows, {duck['org_code'].nunique()} organisations, years {YEARS}")


if __name__ == "__main__":
    main()
