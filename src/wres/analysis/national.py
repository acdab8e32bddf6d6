"""National reference figures for indicators 1, 2, 3, 7 and 9 (wres-domain.md §8).

The values of the §8 table live in the packaged file ``national_reference.csv`` (one row per published value:
``indicator, year, measure, value, approximate, unconfirmed, sources, urls, note``), read once with
:mod:`importlib.resources`. Years are WRES data years (snapshot 31 March; survey from the previous autumn).
Values are as published, mostly from press coverage of NHS England reports: use them as plausibility ranges and
context for a trust's own figures, not as exact test oracles.

Measures (percentages are in percent, ratios as published):

* 1: ``bme_pct_workforce`` (BME % of the workforce), ``bme_pct_vsm`` (BME % of very senior managers);
* 2: ``ratio`` (White ÷ BME), ``pct_trusts_significant`` (% of trusts where White applicants were
  "significantly more likely" to be appointed);
* 3: ``ratio`` (BME ÷ White), ``pct_trusts_above_range`` (% of trusts above 1.25);
* 7: ``bme_pct``, ``white_pct``, ``black_pct`` (% believing the organisation provides equal opportunities;
  the 2021 survey redesign is a series break, see the notes);
* 9: ``bme_pct_board``, ``bme_pct_executive`` (BME % of all / executive board members),
  ``board_minus_workforce_points`` (derived from I9 and I1, approximate).

Where the table gives two values for one measure and year (2016 indicator 7, bases differ) both are kept;
:func:`national_reference` returns the first as printed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

__all__ = [
    "DEFAULT_MEASURE",
    "MEASURES",
    "Reference",
    "national_reference",
    "national_references",
    "reference_for_row",
]

DATA_FILE: Final = "national_reference.csv"

MEASURES: Final[Mapping[int, tuple[str, ...]]] = {
    1: ("bme_pct_workforce", "bme_pct_vsm"),
    2: ("ratio", "pct_trusts_significant"),
    3: ("ratio", "pct_trusts_above_range"),
    7: ("bme_pct", "white_pct", "black_pct"),
    9: ("bme_pct_board", "bme_pct_executive", "board_minus_workforce_points"),
}
"""The measures held for each indicator."""

DEFAULT_MEASURE: Final[Mapping[int, str]] = {ind: measures[0] for ind, measures in MEASURES.items()}
"""The headline measure of each indicator (used when ``measure`` is not given)."""


@dataclass(frozen=True)
class Reference:
    """One national reference value of wres-domain.md §8.

    ``value`` is in the measure's own unit (percent, ratio or points); ``approximate`` marks "≈" and derived
    values, ``unconfirmed`` the table's "(unconfirmed)"; ``sources`` are the §8 reference letters and ``urls``
    their addresses (same order); ``note`` holds the table's qualifications.
    """

    indicator: int
    year: int
    measure: str
    value: float
    approximate: bool
    unconfirmed: bool
    sources: tuple[str, ...]
    urls: tuple[str, ...]
    note: str

    @property
    def source_url(self) -> str | None:
        """The first source's address (None for a value without a source)."""
        return self.urls[0] if self.urls else None

    @property
    def is_percent(self) -> bool:
        """True for measures in percent (not a ratio, not points)."""
        return "pct" in self.measure and not self.measure.endswith("_points")


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value not in ("true", "false"):
        raise ValueError(f"{DATA_FILE}: not a boolean: {text!r}")
    return value == "true"


@cache
def _load() -> tuple[Reference, ...]:
    text = resources.files("wres.analysis").joinpath(DATA_FILE).read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        out.append(
            Reference(
                indicator=int(row["indicator"]),
                year=int(row["year"]),
                measure=row["measure"],
                value=float(row["value"]),
                approximate=_bool(row["approximate"]),
                unconfirmed=_bool(row["unconfirmed"]),
                sources=tuple(row["sources"].split()),
                urls=tuple(row["urls"].split()),
                note=row["note"],
            )
        )
    return tuple(out)


def national_references(
    indicator: int | None = None, year: int | None = None, measure: str | None = None
) -> list[Reference]:
    """Every packaged reference value, optionally filtered, in file order (indicator, year, as printed)."""
    return [
        r
        for r in _load()
        if (indicator is None or r.indicator == int(indicator))
        and (year is None or r.year == int(year))
        and (measure is None or r.measure == measure)
    ]


def national_reference(indicator: int | str, year: int, measure: str | None = None) -> Reference | None:
    """The national value of ``measure`` (default: the indicator's headline measure) in WRES ``year``.

    None when the §8 table has no value (e.g. indicator 3's national ratio after 2022, when only the share of
    trusts above 1.25 was reported), or for indicators without national figures (4, 5, 6, 8). Raises
    ``ValueError`` for a measure the indicator does not have.
    """
    ind = int(indicator)
    if ind not in MEASURES:
        return None
    name = DEFAULT_MEASURE[ind] if measure is None else measure
    if name not in MEASURES[ind]:
        raise ValueError(f"indicator {ind} has no national measure {name!r}; choose from {', '.join(MEASURES[ind])}")
    found = national_references(ind, year, name)
    return found[0] if found else None


def _as_int(value: object) -> int | None:
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def reference_for_row(row: Mapping[str, Any]) -> Reference | None:
    """The national figure comparable with a result row of the same year, or None.

    Indicator 1: the BME share of the workforce (overall row) or of VSM (the VSM band row); 2 and 3: the national
    ratio (the WRES grouping's overall row; for indicator 2 the ``all`` variant); 7: the BME % (to set beside the
    row's BME percentage); 9: the BME % of all board members (voting rows). Other rows: None.
    """
    ind, year = _as_int(row.get("indicator")), _as_int(row.get("year"))
    if ind is None or year is None:
        return None
    if row.get("grouping", "wres") != "wres":
        return None
    breakdown, stratum = row.get("breakdown", "overall"), row.get("stratum", "all")
    category, variant, group_a = row.get("category", "all"), row.get("variant"), row.get("group_a")
    overall = breakdown == "overall" and category == "all"
    if ind == 1 and group_a == "BME" and category == "all":
        if overall:
            return national_reference(1, year, "bme_pct_workforce")
        if breakdown == "band" and stratum == "VSM":
            return national_reference(1, year, "bme_pct_vsm")
        return None
    if ind in (2, 3) and overall and (ind == 3 or variant == "all"):
        return national_reference(ind, year, "ratio")
    if ind == 7 and overall:
        return national_reference(7, year, "bme_pct")
    if ind == 9 and group_a == "BME" and variant == "voting":
        return national_reference(9, year, "bme_pct_board")
    return None
