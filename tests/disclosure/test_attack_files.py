"""The differencing attack on the published files of five consecutive years (methods.md §11.4, issue 14).

Synthetic trusts (``wres.synth``) go through the store and the report's data path (:func:`wres.reports.data.gather`
and :func:`~wres.reports.data.tier_view`, the public view every report file is rendered from) for WRES 2022 … 2026,
each report protected on its own, and the report's CSV writer (:func:`wres.reports.figures.write_figures_csv`:
every published figure, at full precision). An attacker written independently of the protection code
(:mod:`.file_attack`) reads back every public ``counts.csv`` and ``results.csv`` of the five years and attacks
every count of 1–7 any report suppressed with an integer programme. (The HTML tables and the workbook show the
same view's figures at display precision, so they tell an attacker nothing the CSV does not.) Under
``public-v2`` none may be narrowed to fewer than 4 values; under ``public-v1`` the same attack must win somewhere
(a negative control), or the test would prove nothing.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.reports.data import gather, tier_view
from wres.reports.figures import write_figures_csv
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

from .file_attack import FileAttacker, Publication, read_publication, statistics_follow_counts

YEARS = tuple(range(2022, 2027))
TRUSTS = ((21, 350), (22, 600))
"""(seed, mean headcount) of the synthetic trusts: small, so that counts of 1–7 abound and the test stays quick."""
KEY = ["org_code", "year", "indicator", "variant", "measure", "category", "breakdown", "stratum", "grouping", "group"]


def _config(policy: str) -> WresConfig:
    disclosure = replace(DEFAULT_CONFIG.disclosure, policy=policy, exempt_board=policy == "public-v2")
    return replace(DEFAULT_CONFIG, disclosure=disclosure)


@cache
def _store(seed: int, size: int, root: Path) -> Path:
    folder = root / f"trust-{seed}"
    data = generate(SynthConfig(profile="london", n_orgs=1, size=size, seed=seed, first_year=2020, last_year=2026))
    canonical = write_canonical(data, folder / "canonical", fmt="parquet")
    path = folder / "wres.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    return path


@cache
def published(seed: int, size: int, policy: str, root: Path) -> tuple[list[Publication], pd.DataFrame, list[Path]]:
    """The public files of five consecutive reports of one trust under ``policy``, read back, the true counts
    behind them, and every file written."""
    store = _store(seed, size, root)
    pubs: list[Publication] = []
    truth: list[pd.DataFrame] = []
    files: list[Path] = []
    with Store(store, read_only=True) as st:
        for year in YEARS:
            data = gather(st, year, config=_config(policy), disaggregate=False)
            view = tier_view(data, "public")
            folder = root / f"out-{seed}-{policy}" / str(year)
            metadata = {**data.metadata, "tier": "public", "disclosure": view.disclosure}
            files += write_figures_csv(
                view.results, view.counts, folder, org_code=data.org_code, year=year, tier="public", metadata=metadata
            )
            pubs.append(read_publication(folder))
            truth.append(data.counts)
    true = pd.concat(truth, ignore_index=True).drop_duplicates(KEY)
    return pubs, true, files


def _truth_of(attacker: FileAttacker, true: pd.DataFrame) -> dict[int, float]:
    """Suppressed counts rows whose true value is 1–7 (the test knows the truth; the attacker does not)."""
    values = {tuple(str(v) for v in row[KEY]): float(row["value"]) for _, row in true.iterrows()}
    out: dict[int, float] = {}
    for index, row in attacker.suppressed.iterrows():
        value = values.get(tuple(str(row[k]) for k in KEY))
        if value is not None and 1 <= value <= 7:
            out[int(index)] = value  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("five-years")


@pytest.mark.xdist_group("disclosure-files")
@pytest.mark.parametrize(("seed", "size"), TRUSTS)
def test_five_years_of_public_v2_files_recover_no_small_count(seed: int, size: int, root: Path) -> None:
    pubs, true, _ = published(seed, size, "public-v2", root)
    assert {p.policy for p in pubs} == {"public-v2"}
    for pub in pubs:  # v2's claim: every statistic follows from the counts shown beside it
        assert not statistics_follow_counts(pub)
    attacker = FileAttacker(pubs)
    targets = _truth_of(attacker, true)
    assert len(targets) > 30  # the test means something: many small counts were attacked
    failures = attacker.attack(targets, width=4)
    assert not failures, failures[:5]


@pytest.mark.xdist_group("disclosure-files")
def test_the_same_attack_wins_against_public_v1_files(root: Path) -> None:
    seed, size = TRUSTS[0]
    pubs, true, _ = published(seed, size, "public-v1", root)
    assert {p.policy for p in pubs} == {"public-v1"}
    assert any(statistics_follow_counts(p) for p in pubs)  # v1 statistics come from unrounded counts
    attacker = FileAttacker(pubs)
    failures = attacker.attack(_truth_of(attacker, true), width=4, stop_after=1)
    assert failures
