"""docs/counts-format.md agrees with the code: every column, measure, grouping, group and breakdown it names exists,
every one the code knows is named, and its example is a valid counts file giving the figures it states."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from wres.indicators import compute, compute_from_counts, from_store
from wres.indicators.breakdowns import STRATUM_BREAKDOWNS
from wres.indicators.counts import (
    COUNT_COLUMNS,
    DISCLOSURE_COLUMN,
    EXTRA_MEASURES,
    GROUPINGS,
    INTERNAL_DISCLOSURE,
    PUBLIC_MARKER,
    read_counts,
)
from wres.indicators.fine import MEASURES
from wres.reports.sentences import format_ratio
from wres.store import Store
from wres.vocab.ethnicity import GROUP5, GROUP9

DOC = Path(__file__).resolve().parents[2] / "docs" / "counts-format.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def section(doc: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", doc, flags=re.S | re.M)
    assert match, f"no section {title!r}"
    return match.group(1)


def table(text: str) -> list[list[str]]:
    """The rows of the first Markdown table in ``text`` (header and rule left out), as cells."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def names(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_columns(doc: str) -> None:
    rows = table(section(doc, "Columns"))
    assert [names(r[0])[0] for r in rows] == [*COUNT_COLUMNS, DISCLOSURE_COLUMN]
    by_column = {names(r[0])[0]: r[1] for r in rows}
    assert names(by_column["grouping"]) == list(GROUPINGS)
    assert set(names(by_column["breakdown"])) == {"overall", "category", *STRATUM_BREAKDOWNS}
    assert names(by_column["disclosure"]) == [INTERNAL_DISCLOSURE]
    first, last = re.findall(r"`(\d)`", by_column["indicator"])
    assert [str(i) for i in range(int(first), int(last) + 1)] == list(MEASURES)


def test_measures(doc: str) -> None:
    text = section(doc, "Measures")
    documented = {r[0]: tuple(names(r[1])) for r in table(text)}
    assert documented == MEASURES
    extra = set(names(text)) - {m for ms in MEASURES.values() for m in ms}
    assert extra == set(EXTRA_MEASURES)


def test_groups(doc: str) -> None:
    documented = {names(r[0])[0]: tuple(names(r[1])) for r in table(section(doc, "Groups"))}
    assert documented == {"wres": ("White", "BME", "Unknown"), "group5": GROUP5, "group9": GROUP9}
    assert tuple(documented) == GROUPINGS


def test_report_tiers(doc: str) -> None:
    text = section(doc, "A report's counts.csv")
    assert f"`{INTERNAL_DISCLOSURE}`" in text
    assert f"`{PUBLIC_MARKER}`" in text


def test_variants_cover_what_the_record_path_writes(doc: str, worked_store: Store) -> None:
    documented: dict[str, set[str]] = {}
    for row in table(section(doc, "Variants")):
        indicators = row[0].split("–")
        for i in range(int(indicators[0]), int(indicators[-1]) + 1):
            documented[str(i)] = set(names(row[1]))
    assert set(documented) == set(MEASURES)
    counts = compute(from_store(worked_store), [2024]).counts
    for indicator, variants in counts.groupby("indicator")["variant"]:
        assert set(variants) <= documented[str(indicator)], indicator


def test_example_is_a_valid_file_with_the_stated_figures(doc: str, tmp_path: Path) -> None:
    match = re.search(r"```csv\n(.*?)```", section(doc, "Example"), flags=re.S)
    assert match
    path = tmp_path / "example.csv"
    path.write_text(match.group(1), encoding="utf-8")
    frame = compute_from_counts(read_counts(path)).frame
    rows = frame[(frame["grouping"] == "wres") & (frame["group_a"].isin(["White", "BME"]))]
    figure = {(r.indicator, r.variant): r for r in rows.itertuples(index=False)}
    assert format_ratio(figure[("2", "all")].estimate) == "1.56"
    assert format_ratio(figure[("3", "single_year")].estimate) == "2.00"
    assert figure[("3", "rolling")].reason == "missing_input"
    headline = frame[frame["headline"].astype(bool)].set_index(["indicator", "variant"])
    others = headline.drop(index=[("2", "all"), ("3", "rolling")], errors="ignore")
    assert set(others.index.get_level_values(0)) == {"1", "4", "5", "6", "7", "8", "9"}
    assert (others["reason"] == "missing_input").all()
    assert pd.isna(headline.loc[("3", "rolling"), "estimate"])
