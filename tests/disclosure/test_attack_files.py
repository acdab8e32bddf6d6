"""The differencing attack on the published files of five consecutive years (methods.md §11.4, issue 14).

Synthetic trusts (``wres.synth``) go through the store and the report's data path (:func:`wres.reports.data.gather`
and :func:`~wres.reports.data.tier_view`, the public view every report file is rendered from) for WRES 2022 … 2026,
each report protected on its own, and in one pass per report through the three public writers: the CSV
(:func:`wres.reports.figures.write_figures_csv`, every published figure at full precision), the return workbook
(:func:`wres.reports.workbook.write_return_workbook`) and the HTML report (:func:`wres.reports.html.render_html`).
An attacker written independently of the protection and report code (:mod:`.file_attack`, :mod:`.report_files`)
reads back every public ``counts.csv`` and ``results.csv``, every workbook (openpyxl) and every HTML table
(``html.parser``) of the five years. Where the workbook or HTML repeats a CSV figure the test checks it is the same
figure; what only they publish (band totals, rows of zeros, the whole, non-voting and non-executive board) is added
to the integer programme. Every count of 1–7 any report suppressed is attacked. Under ``public-v2`` none may be
narrowed to fewer than 4 values; under ``public-v1`` the same attack must win somewhere (a negative control), or
the test would prove nothing.

Statistics: the workbook's Results sheet (checked cell by cell against ``results.csv``) carries every statistic at
the CSV's precision, and the HTML's indicator 1 shares are checked against it (at their one decimal of a
percentage, they say less than the CSV), so under v1 the attacker already has every statistic as published; under
v2 statistics follow from the counts. Not read: the intervals and statuses, the shares of the workbook's indicator
sheets and of the HTML's indicator 2–9 tables, and the workbook's indicator 2–8 sheets (their counts are the result
rows' counts, read from the Results sheet and the HTML's "x of y" cells).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.reports.data import gather, tier_view
from wres.reports.figures import write_figures_csv
from wres.reports.html import render_html
from wres.reports.sections import build_report
from wres.reports.workbook import write_return_workbook
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

from .file_attack import FileAttacker, Publication, read_publication, statistics_follow_counts, with_report_files
from .report_files import ReportFiles, read_html, read_workbook

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


@dataclass
class Published:
    """Five consecutive reports of one trust under one policy, read back, and the truth behind them."""

    csv: list[Publication]
    """Each report's ``counts.csv`` and ``results.csv`` alone."""
    files: list[ReportFiles]
    """Each report's workbook and HTML tables, read back."""
    every: list[Publication]
    """Each report's CSV figures plus every count its workbook and HTML publish that its CSV does not."""
    problems: list[str]
    """Figures the files publish differently (:func:`.file_attack.with_report_files`)."""
    truth: pd.DataFrame
    written: list[Path]


@cache
def published(seed: int, size: int, policy: str, root: Path) -> Published:
    """The public files of five consecutive reports of one trust under ``policy`` — CSV, return workbook and HTML
    report, written from the same public view in one pass — read back, and the true counts behind them."""
    store = _store(seed, size, root)
    pubs: list[Publication] = []
    files: list[ReportFiles] = []
    every: list[Publication] = []
    problems: list[str] = []
    truth: list[pd.DataFrame] = []
    written: list[Path] = []
    with Store(store, read_only=True) as st:
        for year in YEARS:
            # the attack reads the nine indicators' figures: the outlook section's simulation is left out
            data = gather(st, year, config=_config(policy), disaggregate=False, outlook=False)
            view = tier_view(data, "public")
            folder = root / f"out-{seed}-{policy}" / str(year)
            metadata = {**data.metadata, "tier": "public", "disclosure": view.disclosure}
            common = {"org_code": data.org_code, "year": year, "tier": "public", "metadata": metadata}
            written += write_figures_csv(view.results, view.counts, folder, **common)
            workbook = write_return_workbook(view.results, view.counts, folder / "return.xlsx", **common)
            html = folder / "report.html"
            html.write_text(render_html(build_report(data, view, charts=False, render_charts=False)), encoding="utf-8")
            written += [workbook, html]
            pub = read_publication(folder)
            report, labels = read_workbook(workbook)
            read_html(html, year, labels, report)
            both, found = with_report_files(pub, report)
            pubs.append(pub)
            files.append(report)
            every.append(both)
            problems += [f"{year}: {p}" for p in found]
            truth.append(data.counts)
    true = pd.concat(truth, ignore_index=True).drop_duplicates(KEY)
    return Published(pubs, files, every, problems, true, written)


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


EMPTY_BAND = "counts.csv has no count of the stratum"


@pytest.mark.xdist_group("disclosure-files")
@pytest.mark.parametrize(("seed", "size"), TRUSTS)
def test_five_years_of_public_v2_files_recover_no_small_count(seed: int, size: int, root: Path) -> None:
    got = published(seed, size, "public-v2", root)
    assert {p.policy for p in got.csv} == {"public-v2"}
    for pub in got.csv:  # v2's claim: every statistic follows from the counts shown beside it
        assert not statistics_follow_counts(pub)
    # the workbook and HTML add what the CSV does not publish: totals, zero rows, the whole and non-voting board
    added = sum(len(b.counts) - len(p.counts) for b, p in zip(got.every, got.csv, strict=True))
    assert added > 100
    assert all((b.counts["variant"] == "non_voting").any() for b in got.every)
    attacker = FileAttacker(got.every)
    targets = _truth_of(attacker, got.truth)
    assert len(targets) > 30  # the test means something: many small counts were attacked
    failures = attacker.attack(targets, width=4)
    assert not failures, failures[:5]


@pytest.mark.xdist_group("disclosure-files")
def test_the_same_attack_wins_against_public_v1_files(root: Path) -> None:
    seed, size = TRUSTS[0]
    got = published(seed, size, "public-v1", root)
    assert {p.policy for p in got.csv} == {"public-v1"}
    assert any(statistics_follow_counts(p) for p in got.csv)  # v1 statistics come from unrounded counts
    attacker = FileAttacker(got.every)
    failures = attacker.attack(_truth_of(attacker, got.truth), width=4, stop_after=1)
    assert failures


@pytest.mark.xdist_group("disclosure-files")
@pytest.mark.parametrize(
    ("seed", "size", "policy"), [(*TRUSTS[0], "public-v2"), (*TRUSTS[1], "public-v2"), (*TRUSTS[0], "public-v1")]
)
def test_the_workbook_and_html_repeat_the_csv_figures(seed: int, size: int, policy: str, root: Path) -> None:
    """Every figure the workbook (its Counts and Results sheets cell by cell, its Indicator 1 and 9 tables) and
    the HTML tables (band, category, cluster and board tables with the indicator 1 shares; the "x of y" cells of
    indicators 2–8; headcounts; completeness) share with the CSV is the same figure, and figures only they publish
    agree wherever they are repeated."""
    got = published(seed, size, policy, root)
    read = sum(len(f.figures) + len(f.results_figures) for f in got.files)
    assert read > 3000  # the readers found the tables (five reports)
    assert got.problems == []


@pytest.mark.xdist_group("disclosure-files")
def test_an_empty_band_is_published_as_zero_not_suppressed(root: Path) -> None:
    seed, size = TRUSTS[0]
    """An indicator 1 band row nobody is in (a = n1 = 0, no_people; no count behind it in counts.csv) is published as
    0, as the footnote says zeros are, never as [c] (which would tell an attacker "at least 1", and made the
    workbook's fixed rows disagree with the CSV)."""
    got = published(seed, size, "public-v2", root)
    assert [p for p in got.problems if EMPTY_BAND in p] == []


@pytest.mark.xdist_group("disclosure-files")
def test_the_cross_check_sees_a_changed_figure(root: Path) -> None:
    """The readers find every kind of table, and a figure changed in any of them is reported (so the agreement
    above means something)."""
    seed, size = TRUSTS[0]
    got = published(seed, size, "public-v2", root)
    pub, files = got.csv[-1], got.files[-1]
    places = [f.where for f in files.figures]
    for kind in (
        "workbook Indicator 1",
        "workbook Indicator 9",
        "HTML figure-1-data",
        "HTML table-3",
        "HTML headcounts",
    ):
        assert any(p.startswith(kind) for p in places), kind
    assert files.results_figures
    assert files.headline_figures
    assert len(files.share_figures) > 50
    base = len(with_report_files(pub, files)[1])

    def bumped(text: str) -> str:
        return "12" if text in ("[c]", "0", "") else str(float(text) + 5)

    for i in (0, len(files.figures) // 2, len(files.figures) - 1):
        changed = copy.deepcopy(files)
        changed.figures[i].shown = bumped(changed.figures[i].shown)
        assert len(with_report_files(pub, changed)[1]) > base, changed.figures[i]
    for name in ("results_figures", "headline_figures"):
        changed = copy.deepcopy(files)
        rows = getattr(changed, name)
        rows[0] = (*rows[0][:-1], bumped(rows[0][-1]))
        assert len(with_report_files(pub, changed)[1]) > base, name
    changed = copy.deepcopy(files)
    shown = [i for i, (_, text, _) in enumerate(changed.share_figures) if text not in ("[c]", "")]
    key, text, where = changed.share_figures[shown[0]]
    changed.share_figures[shown[0]] = (key, str(float(text) + 0.01), where)
    assert len(with_report_files(pub, changed)[1]) > base, where
    for sheet in ("counts_sheet", "results_sheet"):
        changed = copy.deepcopy(files)
        frame = getattr(changed, sheet)
        column = "value" if sheet == "counts_sheet" else "n1"
        frame.loc[0, column] = bumped(str(frame.loc[0, column]))
        assert len(with_report_files(pub, changed)[1]) > base, sheet
