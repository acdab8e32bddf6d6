"""A roll-up of three synthetic trusts' record-level counts equals the results of the union of their records loaded
as one organisation (methods.md §2.7), wherever every trust's counts are complete; where one is not (a year its
event table does not cover), the roll-up leaves it out and says so in the coverage."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wres.analysis.rollup import rollup
from wres.config import WresConfig
from wres.indicators import from_store
from wres.indicators.compute import record_counts
from wres.indicators.results import results_from_counts
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

YEARS = [2024, 2025]
KEY = ["year", "indicator", "variant", "category", "breakdown", "stratum", "grouping", "group_a", "group_b"]
COMPARED = ["a", "n1", "c", "n2", "estimate", "ci95_low", "ci95_high", "ci998_low", "ci998_high", "status"]


def _counts(folder: Path, store: Path) -> pd.DataFrame:
    with Store(store) as st:
        st.load_folder(folder)
    with Store(store, read_only=True) as st:
        counts, _ = record_counts(from_store(st), YEARS)
    return counts


def _merged(folder: Path, into: Path) -> None:
    """The same records as one organisation ``REG``: every id prefixed with its trust, so no two people merge."""
    shutil.copytree(folder, into)
    for path in into.glob("*.parquet"):
        table = pd.read_parquet(path)
        if path.name == "organisations.parquet":
            table = table.iloc[:1].assign(org_code="REG", org_name="Region")
        else:
            org = table["org_code"].astype(str)
            for column in [c for c in table.columns if c.endswith("_id")]:
                table[column] = org + ":" + table[column].astype(str)
            table["org_code"] = "REG"
        table.to_parquet(path, index=False)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    root = tmp_path_factory.mktemp("rollup")
    folder = Path(
        write_canonical(
            generate(SynthConfig(n_orgs=3, size=300, first_year=2024, last_year=2025, seed=3)), root / "canonical"
        )
    )
    # published survey summaries are percentages per organisation: they do not add up, so none here
    summaries = folder / "survey_summaries.parquet"
    pd.read_parquet(summaries).iloc[:0].to_parquet(summaries, index=False)
    _merged(folder, root / "merged")
    per_org = _counts(folder, root / "orgs.duckdb")
    orgs = per_org["org_code"].astype(str).unique()
    assert len(orgs) == 3
    rolled = rollup(per_org, dict.fromkeys(orgs, "REG"), level="region")
    union = results_from_counts(_counts(root / "merged", root / "merged.duckdb"), WresConfig())
    return rolled.results, union, rolled.coverage


def test_rollup_equals_the_union_of_the_records(both: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    rolled, union, coverage = both
    merged = rolled.merge(union, on=KEY, suffixes=("_rolled", "_union"), validate="one_to_one")
    assert len(merged) == len(rolled) == len(union)
    excluded = coverage.loc[coverage["excluded"] != "", ["year", "indicator"]].drop_duplicates()
    partial = merged[["year", "indicator"]].merge(excluded, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    complete = merged[~partial]
    assert len(complete) > 400
    for column in COMPARED:
        x, y = complete[f"{column}_rolled"], complete[f"{column}_union"]
        same = (x == y) | (x.isna() & y.isna())
        assert same.all(), (column, complete.loc[~same, KEY].head().to_dict("records"))


def test_partial_coverage_is_reported(both: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]) -> None:
    _, _, coverage = both
    assert set(coverage["org_code"]) == {"REG"}
    full = coverage[coverage["excluded"] == ""]
    assert (full["organisations"] <= 3).all()  # a band may exist in one trust only (band 9 here)
    assert (full.loc[full["breakdown"] == "overall", "organisations"] == 3).all()
    partial = coverage[coverage["excluded"] != ""]
    assert (partial["organisations"] + partial["excluded"].str.count(",") + 1 <= 3).all()
    assert not partial.empty  # this seed has a trust whose event table misses a year
    assert np.isin(partial["indicator"].unique(), ["3", "4"]).all()  # only event tables have uncovered years
