"""The packaged national reference figures agree with the table of wres-domain.md §8.

The expected values are parsed from the domain document itself (no number is copied into this file).
"""

from __future__ import annotations

import re
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pytest

from wres.analysis.national import (
    DEFAULT_MEASURE,
    MEASURES,
    Reference,
    national_reference,
    national_references,
    reference_for_row,
)

DOMAIN = Path(__file__).resolve().parents[2] / "docs" / "spec" / "wres-domain.md"

# table column header → (indicator, default measure, measure for "% of trusts" cells)
COLUMNS = {
    "I1 BME % of workforce": (1, "bme_pct_workforce", None),
    "I1 BME % of VSM": (1, "bme_pct_vsm", None),
    "I2 (W÷B)": (2, "ratio", "pct_trusts_significant"),
    "I3 (B÷W)": (3, "ratio", "pct_trusts_above_range"),
    "I7 BME % (White %)": (7, "bme_pct", None),
    "I9 BME % of board members": (9, "bme_pct_board", None),
    "Board − workforce (points, derived)": (9, "board_minus_workforce_points", None),
}
LABELS = {"executive": "bme_pct_executive", "Black staff": "black_pct"}
NUMBER = r"[−-]?\d+(?:\.\d+)?"


class Expected(NamedTuple):
    indicator: int
    year: int
    measure: str
    value: float
    approximate: bool
    unconfirmed: bool
    sources: tuple[str, ...]


def _section8() -> str:
    text = DOMAIN.read_text(encoding="utf-8")
    start = text.index("## 8 National reference figures")
    return text[start : text.index("\n## 9 ", start)]


def _letters(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\[([a-z])\]", text))


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def parse_table() -> list[Expected]:
    """Every value of the §8 table as (indicator, year, measure, value, flags, source letters)."""
    lines = [line for line in _section8().splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header[0] == "Year", header
    assert set(header[1:]) == set(COLUMNS), header
    out: list[Expected] = []
    for line in lines[2:]:
        cells = dict(zip(header, (c.strip() for c in line.strip("|").split("|")), strict=True))
        year = int(cells["Year"])
        derived_sources: list[str] = []
        for column, (indicator, default, trusts_measure) in COLUMNS.items():
            cell = cells[column]
            if cell in ("–", ""):
                continue
            if column.startswith("Board"):
                continue
            segments = [s.strip() for s in cell.split(";")]
            seg_letters = [_letters(re.sub(r"\([^)]*\)", "", s)) for s in segments]
            for i, letters in enumerate(seg_letters):  # trailing letters apply to unlettered segments before them
                if not letters:
                    seg_letters[i] = next((x for x in seg_letters[i + 1 :] if x), ())
            for segment, letters in zip(segments, seg_letters, strict=True):
                bare = re.sub(r"\[[a-z]\]", "", segment)
                m = re.match(rf"^(?P<label>[A-Za-z ]*?)\s*(?P<approx>≈\s*)?(?P<num>{NUMBER})(?P<rest>.*)$", bare)
                assert m, segment
                measure = LABELS.get(m["label"].strip(), default)
                if "of trusts" in m["rest"]:
                    assert trusts_measure is not None, segment
                    measure = trusts_measure
                out.append(
                    Expected(
                        indicator,
                        year,
                        measure,
                        _number(m["num"]),
                        bool(m["approx"]),
                        "unconfirmed" in segment,
                        tuple(sorted(set(letters))),
                    )
                )
                if column == "I7 BME % (White %)":  # "48.8 (59.4)": the White percentage in brackets
                    white = re.match(rf"^\s*\(({NUMBER})\)", m["rest"])
                    if white:
                        value = _number(white[1])
                        out.append(Expected(7, year, "white_pct", value, False, False, tuple(sorted(set(letters)))))
                if column in ("I1 BME % of workforce", "I9 BME % of board members") and measure in (
                    "bme_pct_workforce",
                    "bme_pct_board",
                ):
                    derived_sources += letters
        derived = cells["Board − workforce (points, derived)"]
        if derived not in ("–", ""):
            m = re.search(NUMBER, derived)
            assert m
            out.append(
                Expected(
                    9,
                    year,
                    "board_minus_workforce_points",
                    _number(m[0]),
                    True,  # the notes: national I9 counts all board members, so the derived gap is approximate
                    False,
                    tuple(sorted(set(derived_sources))),
                )
            )
    return out


def parse_sources() -> dict[str, str]:
    """Reference letter → URL from the "Sources:" list under the table."""
    text = _section8()
    return dict(re.findall(r"\[([a-z])\] (https?://\S+?)(?: ·|\s*$)", text, flags=re.MULTILINE))


def _as_expected(ref: Reference) -> Expected:
    return Expected(
        ref.indicator,
        ref.year,
        ref.measure,
        ref.value,
        ref.approximate,
        ref.unconfirmed,
        tuple(sorted(ref.sources)),
    )


def test_parser_sees_the_whole_table() -> None:
    expected = parse_table()
    assert len(expected) > 40
    assert {e.indicator for e in expected} == {1, 2, 3, 7, 9}
    assert len(parse_sources()) == 18


def test_packaged_values_agree_with_the_domain_table() -> None:
    packaged = Counter(_as_expected(r) for r in national_references())
    expected = Counter(parse_table())
    assert packaged == expected, {"missing": expected - packaged, "extra": packaged - expected}


def test_each_value_cites_the_urls_of_its_sources() -> None:
    sources = parse_sources()
    for ref in national_references():
        assert ref.urls == tuple(sources[s] for s in ref.sources), ref
        assert ref.source_url == (ref.urls[0] if ref.urls else None)


def test_derived_board_gap_is_board_minus_workforce() -> None:
    for ref in national_references(9, measure="board_minus_workforce_points"):
        board = national_reference(9, ref.year, "bme_pct_board")
        workforce = national_reference(1, ref.year, "bme_pct_workforce")
        assert board is not None
        assert workforce is not None
        assert ref.value == pytest.approx(board.value - workforce.value, abs=0.051)


def test_first_value_as_printed_is_returned_when_two_are_given() -> None:
    first = next(e for e in parse_table() if e.indicator == 7 and e.measure == "bme_pct")
    ref = national_reference(7, first.year)
    assert ref is not None
    assert ref.value == first.value
    assert len(national_references(7, first.year, "bme_pct")) == 2
    assert "bases differ" in ref.note


def test_api_defaults_and_misses() -> None:
    latest = max(e.year for e in parse_table() if e.measure == "bme_pct_workforce")
    ref = national_reference(1, latest)
    assert ref is not None
    assert ref.measure == DEFAULT_MEASURE[1] == "bme_pct_workforce"
    assert ref.is_percent
    assert national_reference("2", latest, "ratio") is None  # only the share of trusts was reported
    assert national_reference(4, latest) is None  # no national figures held for indicator 4
    assert national_reference(1, 1990) is None
    with pytest.raises(ValueError, match="no national measure"):
        national_reference(1, latest, "ratio")
    assert {r.indicator for r in national_references()} == set(MEASURES)
    for ref in national_references():
        assert ref.measure in MEASURES[ref.indicator]


def test_flags_and_notes() -> None:
    unconfirmed = [r for r in national_references() if r.unconfirmed]
    assert unconfirmed
    assert all("unconfirmed" in r.note for r in unconfirmed)
    approx = [r for r in national_references() if r.approximate and r.measure != "board_minus_workforce_points"]
    assert approx
    assert all(r.measure == "bme_pct_workforce" for r in approx)
    for ref in national_references(7):
        assert "series break" in ref.note


def test_data_file_is_package_data() -> None:
    resource = resources.files("wres.analysis").joinpath("national_reference.csv")
    assert resource.is_file()
    gitignore = (Path(__file__).resolve().parents[2] / ".gitignore").read_text(encoding="utf-8")
    assert not any(line.strip() in ("*.csv", "src/", "*.CSV") for line in gitignore.splitlines())


@pytest.mark.parametrize(
    ("row", "measure"),
    [
        (
            {"indicator": "1", "year": 2024, "group_a": "BME", "breakdown": "overall", "stratum": "all"},
            "bme_pct_workforce",
        ),
        ({"indicator": "1", "year": 2024, "group_a": "BME", "breakdown": "band", "stratum": "VSM"}, "bme_pct_vsm"),
        ({"indicator": "2", "year": 2023, "variant": "all", "group_a": "White"}, "ratio"),
        ({"indicator": "3", "year": 2022, "variant": "rolling", "group_a": "BME"}, "ratio"),
        ({"indicator": "7", "year": 2024, "variant": "microdata", "group_a": "White"}, "bme_pct"),
        ({"indicator": "9", "year": 2024, "variant": "voting", "group_a": "BME"}, "bme_pct_board"),
    ],
)
def test_reference_for_row(row: dict[str, object], measure: str) -> None:
    ref = reference_for_row({"grouping": "wres", "category": "all", "breakdown": "overall", "stratum": "all", **row})
    assert ref is not None
    assert ref.measure == measure
    assert ref.year == row["year"]


@pytest.mark.parametrize(
    "row",
    [
        {"indicator": "1", "year": 2024, "group_a": "BME", "breakdown": "band", "stratum": "5"},
        {"indicator": "1", "year": 2024, "group_a": "White"},
        {"indicator": "2", "year": 2023, "variant": "excluding_international"},
        {"indicator": "2", "year": 2023, "variant": "all", "grouping": "group5"},
        {"indicator": "4", "year": 2024},
        {"indicator": "9", "year": 2024, "variant": "executive", "group_a": "BME"},
        {"indicator": "1", "year": 2031, "group_a": "BME"},
        {"indicator": "x", "year": "y"},
    ],
)
def test_reference_for_row_none(row: dict[str, object]) -> None:
    base = {"grouping": "wres", "category": "all", "breakdown": "overall", "stratum": "all"}
    assert reference_for_row({**base, **row}) is None
