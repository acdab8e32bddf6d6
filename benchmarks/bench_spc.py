"""Benchmark: Making Data Count SPC for every progress series of one trust (issue 16; target under 1 s).

One synthetic trust of about 6,500 staff with monthly staff-in-post snapshots, WRES 2022–2026 (sixty months), loaded
into a DuckDB store. Timed, each ``--runs`` times after one untimed run:

* **SPC**: the series built from the executed counts and XmR applied to every one of them
  (:func:`wres.analysis.progress.build_series`, :func:`~wres.analysis.progress.summarise`): every group of the
  WRES, 5- and 9-group groupings, monthly and quarterly: the figure the target is about;
* **the default view**: the series ``wres progress spc`` shows by default (WRES groups, monthly, disciplinary
  quarterly), and **XmR alone** on every series (the floor set by :func:`wres.analysis.spc.xmr`);
* **counts**: the periodic queries on DuckDB (:func:`wres.indicators.periodic.periodic_counts`), monthly and
  quarterly, reported beside it;
* **public tier**: the same series through :func:`wres.analysis.progress.public_view` (rounded counts, quarterly
  fall-back), reported beside it.

    uv run python benchmarks/bench_spc.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path


def _timed(label: str, part: Callable[[], int], runs: int) -> None:
    count = part()  # untimed: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        part()
        times.append(time.perf_counter() - start)
    print(
        f"{label}: median {statistics.median(times):.3f} s (range {min(times):.3f}–{max(times):.3f} s, "
        f"{runs} runs; {count} series)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from wres.analysis.progress import build_series, progress_from_counts, summarise
    from wres.analysis.spc import xmr
    from wres.config import DEFAULT_CONFIG
    from wres.indicators.periodic import PeriodicCounts, periodic_counts
    from wres.indicators.source import from_store
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_canonical

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        data = generate(SynthConfig(n_orgs=1, size=6500, seed=4, monthly=True, effect_month="2024-10"))
        canonical = write_canonical(data, folder / "canonical")
        with Store(folder / "s.duckdb") as st:
            st.load_folder(canonical)
        print(f"setup (generate {len(data.staff):,} staff rows, load): {time.perf_counter() - start:.1f} s")
        with Store(folder / "s.duckdb", read_only=True) as st:
            src = from_store(st)
            org = str(src.organisations()["org_code"].iloc[0])
            counts = {p: periodic_counts(src, DEFAULT_CONFIG, p, [org]) for p in ("month", "quarter")}

            def count_part() -> int:
                for p in ("month", "quarter"):
                    periodic_counts(src, DEFAULT_CONFIG, p, [org])
                return 2

            _timed("counts (DuckDB, month and quarter)", count_part, args.runs)

        def fresh() -> dict[str, PeriodicCounts]:
            """The counts without the frames a previous run derived from them (each run starts from the counts)."""
            return {p: replace(c, derived={}) for p, c in counts.items()}

        def spc_part() -> int:
            counts = fresh()
            n = 0
            for grouping in ("wres", "group5", "group9"):
                for p in ("month", "quarter"):
                    series = build_series(
                        counts[p], org, DEFAULT_CONFIG, grouping=grouping, disciplinary=counts["quarter"]
                    )
                    n += len([summarise(s) for s in series])
            return n

        def public_part() -> int:
            counts = fresh()
            n = 0
            for grouping in ("wres", "group5", "group9"):
                for p in ("month", "quarter"):
                    run = progress_from_counts(
                        counts[p], counts["quarter"], org, DEFAULT_CONFIG, grouping=grouping, tier="public"
                    )
                    n += len(run.series)
            return n

        def default_part() -> int:
            counts = fresh()
            series = build_series(counts["month"], org, DEFAULT_CONFIG, disciplinary=counts["quarter"])
            return len([summarise(s) for s in series])

        every = [
            s
            for grouping in ("wres", "group5", "group9")
            for p in ("month", "quarter")
            for s in build_series(counts[p], org, DEFAULT_CONFIG, grouping=grouping, disciplinary=counts["quarter"])
            if s.rules and len(s.points) >= 2
        ]

        def xmr_part() -> int:
            for s in every:
                xmr(s.values(), s.points["date"], improvement_direction=s.direction)
            return len(every)

        _timed("SPC, the default view (WRES groups, monthly; disciplinary quarterly)", default_part, args.runs)
        _timed("SPC, every series (3 groupings x month and quarter)", spc_part, args.runs)
        _timed("  of which wres.analysis.spc.xmr alone", xmr_part, args.runs)
        _timed("public tier, every series", public_part, args.runs)


if __name__ == "__main__":
    main()
