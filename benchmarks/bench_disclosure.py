"""Benchmark of the public disclosure policies: how much of each public table is suppressed (methods.md §11.4).

For a small (1,500 staff), a medium (6,500) and a large (15,000) synthetic London trust, computes the nine
indicators for WRES Y−2 … Y, keeps what the public report publishes (:func:`wres.reports.data.published_rows`,
WRES grouping: every row of Y and Y−1, overall rows of Y−2) and protects it under ``public-v1`` (as designed: board
not exempt) and ``public-v2`` (the default). Prints, per table of year Y, the share of count cells shown as ``[c]``,
the v2 target check (every indicator 1 band and cluster row whose BME and White counts are both 8 or more shows
its share; the board section shows) and the time each policy took.

    .venv/bin/python benchmarks/bench_disclosure.py [--year 2026] [--seed 1] [--sizes 1500 6500 15000]
"""

from __future__ import annotations

import argparse
import time

import ibis
import pandas as pd

from wres.config import DEFAULT_CONFIG
from wres.disclosure import DEFAULT_POLICY, V1_POLICY, DisclosurePolicy, Protected, protect
from wres.indicators import compute
from wres.indicators.source import Source
from wres.reports.data import published_rows
from wres.synth import SynthConfig, generate

TABLES = (
    ("1", "overall"),
    ("1", "category"),
    ("1", "band"),
    ("1", "cluster"),
    ("2", "overall"),
    ("3", "overall"),
    ("4", "overall"),
    ("5", "overall"),
    ("6", "overall"),
    ("7", "overall"),
    ("8", "overall"),
    ("9", "overall"),
)


def public_inputs(size: int, year: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts and result rows the public report of one synthetic trust publishes (WRES grouping)."""
    data = generate(SynthConfig(profile="london", n_orgs=1, size=size, seed=seed, first_year=year - 2, last_year=year))
    src = Source({name: ibis.memtable(df) for name, df in data.tables().items()}, engine="duckdb")
    res = compute(src, [year - 2, year - 1, year], config=DEFAULT_CONFIG)
    counts = res.counts[published_rows(res.counts, year, "group5").to_numpy()]
    results = res.frame[published_rows(res.frame, year, "group5").to_numpy()]
    return (
        counts[counts["grouping"] == "wres"].reset_index(drop=True),
        results[results["grouping"] == "wres"].reset_index(drop=True),
    )


def suppressed_share(out: Protected, year: int) -> dict[str, float]:
    """Share of the count cells of each table of year ``year`` shown as ``[c]``."""
    counts = out.counts[
        (out.counts["year"] == year) & out.counts["disclosure"].isin(["rounded", "zero", "suppressed", "exempt"])
    ]
    shares: dict[str, float] = {}
    for indicator, breakdown in TABLES:
        table = counts[(counts["indicator"] == indicator) & (counts["breakdown"] == breakdown)]
        if not table.empty:
            shares[f"{indicator} {breakdown}"] = float((table["disclosure"] == "suppressed").mean())
    return shares


def target_misses(out: Protected, true_counts: pd.DataFrame, year: int, group: str = "BME") -> list[str]:
    """Indicator 1 band and cluster rows (year ``year``) whose BME and White counts are both 8 or more but whose
    ``group`` share is not shown, and board rows not shown (the v2 target is met when there is none for BME)."""
    res = out.results
    misses: list[str] = []
    staff = true_counts[(true_counts["indicator"] == "1") & (true_counts["year"] == year)]
    wide = staff.pivot_table(index=["category", "breakdown", "stratum"], columns="group", values="value", aggfunc="sum")
    wide = wide.fillna(0)
    for (category, breakdown, stratum), row in wide.iterrows():
        if breakdown not in ("band", "cluster") or min(row.get("BME", 0), row.get("White", 0)) < 8:
            continue
        shown = res[
            (res["indicator"] == "1")
            & (res["year"] == year)
            & (res["category"] == category)
            & (res["breakdown"] == breakdown)
            & (res["stratum"] == stratum)
            & (res["group_a"] == group)
        ]
        if len(shown) != 1 or shown["estimate"].isna().any():
            misses.append(f"1 {category} {breakdown} {stratum}")
    board = res[(res["indicator"] == "9") & (res["year"] == year) & (res["group_a"] == "BME")]
    if board.empty or board["estimate"].isna().any():
        misses.append("9 board")
    return misses


def run(size: int, year: int, seed: int) -> None:
    counts, results = public_inputs(size, year, seed)
    policies: list[tuple[str, DisclosurePolicy]] = [("public-v1", V1_POLICY), ("public-v2", DEFAULT_POLICY)]
    outs: dict[str, Protected] = {}
    times: dict[str, float] = {}
    for name, policy in policies:
        start = time.perf_counter()
        outs[name] = protect(counts, results, policy)
        times[name] = time.perf_counter() - start
    shares = {name: suppressed_share(out, year) for name, out in outs.items()}
    print(f"\n## {size:,} staff (synthetic London trust, seed {seed}), WRES {year}")
    print("| table | v1 suppressed | v2 suppressed |")
    print("|---|---|---|")
    for table in shares["public-v2"]:
        v1, v2 = shares["public-v1"].get(table, float("nan")), shares["public-v2"][table]
        print(f"| {table} | {v1:.0%} | {v2:.0%} |")
    for name, out in outs.items():
        misses = target_misses(out, counts, year)
        white = [m for m in target_misses(out, counts, year, "White") if m != "9 board"]
        print(
            f"{name}: {times[name]:.1f} s; target {'met' if not misses else 'missed'}"
            + (f" ({len(misses)} rows, e.g. {', '.join(misses[:4])})" if misses else "")
            + f"; White share hidden in {len(white)} such rows"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 6500, 15000])
    args = parser.parse_args()
    for size in args.sizes:
        run(size, args.year, args.seed)


if __name__ == "__main__":
    main()
