"""The attacker's reader of the public workbook and the public HTML report (methods.md §11.4, issue 14).

Written independently of :mod:`wres.reports` and :mod:`wres.disclosure`: the workbook is read back with openpyxl
and the HTML with :class:`html.parser.HTMLParser`, and every figure that can be tied to what it counts becomes a
*figure*: the key of a count in ``counts.csv`` terms (year, indicator, variant, category, breakdown, stratum,
grouping, group, measure) and the text shown (``[c]`` or a number).

What is read:

* workbook **Counts** and **Results** sheets: every row, compared cell by cell with ``counts.csv`` and
  ``results.csv`` (:func:`sheet_disagreements`);
* workbook **Indicator 1**: every band, cluster and category row (White, BME, Unknown and the Total column) of both
  years, and the "staff with ethnicity recorded" table (total and unknown headcount);
* workbook **Indicator 9**: all, voting, non-voting, executive and non-executive board members by group with their
  totals, and the workforce beside them;
* HTML band profile and category / cluster tables (staff and BME staff per band, the band named by its label as the
  workbook's Indicator 1 sheet pairs labels with codes; the BME, White and Unknown shares, compared with the result
  rows), the board tables of indicator 9 (members by group and in
  total), the yearly headcounts table (the whole workforce, five years), and the "x of y" cells of indicators 2–8
  (events of people, per year and variant) and the completeness table (each indicator's unknown count and share
  known), which are compared with the result rows of ``results.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

MARKER = "[c]"
FIGURE_KEY = ("year", "indicator", "variant", "category", "breakdown", "stratum", "grouping", "group", "measure")
CATEGORY_TITLES = (
    ("Non-clinical staff", "non_clinical"),
    ("Clinical staff", "clinical"),
    ("Medical and dental staff", "medical_dental"),
    ("All staff", "all"),
)
GROUPS = ("White", "BME", "Unknown", "Total")
BOARD_ROWS = {
    "All board members": "board",
    "Voting board members": "voting",
    "Non-voting board members": "non_voting",
    "Executive board members": "executive",
    "Non-executive board members": "non_executive",
}


@dataclass
class Figure:
    """One published count: what it counts (``key``, in :data:`FIGURE_KEY` order), the text shown, and where."""

    key: tuple[str, ...]
    shown: str
    where: str


@dataclass
class ReportFiles:
    """What one report's workbook and HTML publish, read back."""

    counts_sheet: pd.DataFrame
    results_sheet: pd.DataFrame
    figures: list[Figure] = field(default_factory=list)
    results_figures: list[tuple[dict[str, str], str, str]] = field(default_factory=list)
    """(result-row key, column, text shown) of the HTML "x of y" cells: a, n1, c, n2."""
    share_figures: list[tuple[tuple[str, ...], str, str]] = field(default_factory=list)
    """(indicator 1 result-row key: year, category, breakdown, stratum, group; text shown, where) of the HTML band,
    category and cluster tables' BME, White and Unknown shares (the result row's ``rate_a``)."""
    headline_figures: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(year, indicator, result column, text shown) of the HTML completeness table: each indicator's headline row's
    ``unknown`` count and ``completeness`` share."""


def text(value: Any) -> str:
    """A cell as the CSV writes it: integers without a decimal point, ``[c]``, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def same(a: str, b: str, places: int = 3) -> bool:
    """Two shown figures agree: the same text, or numbers equal to the precision the coarser one shows."""
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return a in ("", "nan") and b in ("", "nan")
    return abs(x - y) <= 0.5 * 10**-places + 1e-9


def _frame(ws: Any) -> pd.DataFrame:
    """An Excel table sheet (title rows 1–4, header row 5) as a frame of CSV texts."""
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    header = [text(v) for v in rows[0]]
    return pd.DataFrame([[text(v) for v in r] for r in rows[1:] if any(v is not None for v in r)], columns=header)


def sheet_disagreements(sheet: pd.DataFrame, csv: pd.DataFrame, name: str) -> list[str]:
    """Rows or cells where a workbook table sheet and its CSV publish different figures."""
    out: list[str] = []
    if len(sheet) != len(csv) or list(sheet.columns) != list(csv.columns):
        return [f"{name}: {len(sheet)} rows × {list(sheet.columns)} against the CSV's {len(csv)} × {list(csv.columns)}"]
    for i in range(len(csv)):
        for col in csv.columns:
            a, b = str(sheet.iat[i, sheet.columns.get_loc(col)]), str(csv.iat[i, csv.columns.get_loc(col)])
            if not same(a, b):
                out.append(f"{name} row {i} {col}: workbook {a!r}, CSV {b!r}")
    return out


def _key(
    year: Any, ind: str, variant: str, cat: str, bd: str, stratum: str, group: str, measure: str
) -> tuple[str, ...]:
    return (str(int(year)), ind, variant, cat, bd, stratum, "wres", group, measure)


def _indicator1(ws: Any, labels: dict[str, str]) -> list[Figure]:
    """Band, cluster and category rows of the Indicator 1 sheet, and the ethnicity-recorded table."""
    out: list[Figure] = []
    rows = list(ws.iter_rows(values_only=True))
    cat = bd = None
    years: list[tuple[int, int]] = []  # (first column of a year's headcounts, year)
    recorded = False
    for r in rows:
        first = text(r[0])
        if first.endswith((", by band", ", by cluster")):
            title, _, kind = first.rpartition(", by ")
            cat = next((c for t, c in CATEGORY_TITLES if title.startswith(t)), None)
            bd, recorded = ("band" if kind == "band" else "cluster"), False
            continue
        if first == "Staff with ethnicity recorded":
            recorded, cat = True, None
            continue
        if first == "" and any(text(v).startswith("Headcount 31 March ") for v in r):
            years = [(i, int(text(v)[-4:])) for i, v in enumerate(r) if text(v).startswith("Headcount 31 March ")]
            continue
        if recorded and isinstance(r[0], int):
            for col, group in ((1, "Total"), (2, "Unknown")):
                out.append(
                    Figure(
                        _key(r[0], "1", "headcount", "all", "overall", "all", group, "headcount"),
                        text(r[col]),
                        f"workbook Indicator 1 recorded {r[0]}",
                    )
                )
            continue
        if cat is None or first in ("", "Code") or len(r) < 3 or r[1] is None:
            continue
        labels.setdefault(f"{bd}:{text(r[1])}", first)
        if first == "all":
            where = ("all", "overall", "all") if cat == "all" else (cat, "category", "all")
        else:
            where = (cat, bd or "band", first)
        for start, year in years:
            for k, group in enumerate(GROUPS):
                out.append(
                    Figure(
                        _key(year, "1", "headcount", *where, group, "headcount"),
                        text(r[start + k]),
                        f"workbook Indicator 1 {cat} {bd} {first} {year}",
                    )
                )
    return out


def _indicator9(ws: Any) -> list[Figure]:
    """Board members by group and in total, and the workforce beside them, of the Indicator 9 sheet."""
    out: list[Figure] = []
    for r in ws.iter_rows(values_only=True):
        variant = BOARD_ROWS.get(text(r[1])) if isinstance(r[0], int) else None
        if variant is None:
            continue
        for k, group in enumerate(GROUPS):
            where = f"workbook Indicator 9 {r[0]} {r[1]}"
            out.append(
                Figure(_key(r[0], "9", variant, "all", "overall", "all", group, "members"), text(r[2 + k]), where)
            )
            out.append(
                Figure(_key(r[0], "1", "headcount", "all", "overall", "all", group, "headcount"), text(r[6 + k]), where)
            )
    return out


def read_workbook(path: Path) -> tuple[ReportFiles, dict[str, str]]:
    """The workbook's figures, and its band and cluster labels → codes (``"band:Band 8a"`` → ``"8a"``, for the
    HTML, which names bands by label)."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    labels: dict[str, str] = {}
    files = ReportFiles(_frame(wb["Counts"]), _frame(wb["Results"]))
    files.figures += _indicator1(wb["Indicator 1"], labels)
    files.figures += _indicator9(wb["Indicator 9"])
    wb.close()
    return files, labels


class _Tables(HTMLParser):
    """Every ``<table>``: its id and caption and its rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, str, list[list[str]]]] = []
        self._table: tuple[str, list[str], list[list[str]]] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = (dict(attrs).get("id") or "", [], [])
        elif tag == "caption" and self._table is not None:
            self._caption = self._table[1]
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table is not None:
            ident, caption, rows = self._table
            self.tables.append((ident, " ".join("".join(caption).split()), rows))
            self._table = None
        elif tag == "caption":
            self._caption = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self._table[2].append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._caption):
            if part is not None:
                part.append(data)


def _count(cell: str) -> str:
    """An HTML count as the CSV writes it ("–", not available, is empty)."""
    return "" if cell in ("–", "-") else cell.replace(",", "")


def _share(cell: str) -> str:
    """An HTML percentage as a proportion ("97.5%" → "0.975"); ``[c]`` and "–" as the CSV writes them."""
    cell = _count(cell)
    return str(round(float(cell.removesuffix("%")) / 100, 6)) if cell.endswith("%") else cell


CATEGORY_LABELS = {
    "Clinical staff (Agenda for Change bands)": "clinical",
    "Medical and dental staff": "medical_dental",
    "Non-clinical staff": "non_clinical",
}
VARIANT_LABELS = {
    "2": {"all applicants": "all", "excluding international recruits": "excluding_international"},
    "3": {"two-year rolling": "rolling", "single year": "single_year"},
    "4": {"all staff": "all"},
}
EVENT_TABLE = re.compile(r"^Indicator ([2-8]) by year")
YEAR_CELL = re.compile(r"^(\d{4})(?: \((\d{4}) survey\))?(?: (.*))?$")


def read_html(path: Path, year: int, labels: dict[str, str], files: ReportFiles) -> None:
    """Add the HTML report's figures to ``files`` (``labels``: band label → code, from the workbook)."""
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    for ident, caption, rows in parser.tables:
        where = f"HTML {ident} ({caption})"
        if caption.endswith(f"by pay band, 31 March {year}") or caption.startswith(
            ("BME share by staff category", "BME share by band cluster")
        ):
            category = next((c for t, c in CATEGORY_TITLES if caption.startswith(t)), "all")
            for r in rows[1:]:
                if caption.startswith("BME share by staff category"):
                    key = (CATEGORY_LABELS.get(r[0], "?"), "category", "all")
                elif caption.startswith("BME share by band cluster"):
                    key = ("all", "cluster", labels.get(f"cluster:{r[0]}", r[0]))
                else:
                    key = (category, "band", labels.get(f"band:{r[0]}", r[0]))
                for col, group in ((1, "Total"), (2, "BME")):
                    files.figures.append(
                        Figure(
                            _key(year, "1", "headcount", *key, group, "headcount"), _count(r[col]), f"{where} {r[0]}"
                        )
                    )
                for col, group in ((3, "BME"), (5, "White"), (6, "Unknown")):
                    files.share_figures.append(((str(year), *key, group), _share(r[col]), f"{where} {r[0]}"))
        elif rows and rows[0][:3] == ["Year, board and group", "Members in group", "Members"]:
            for r in rows[1:]:
                head, _, group = r[0].rpartition(": ")
                y, _, board = head.partition(" ")
                variant = BOARD_ROWS.get(board[:1].upper() + board[1:])
                if variant is None:
                    continue
                for col, g in ((1, group), (2, "Total")):
                    files.figures.append(
                        Figure(
                            _key(y, "9", variant, "all", "overall", "all", g, "members"),
                            _count(r[col]),
                            f"{where} {r[0]}",
                        )
                    )
        elif ident == "headcounts" or caption.startswith("Headcount at 31 March"):
            for r in rows[1:]:
                if r and r[0].isdigit():
                    files.figures.append(
                        Figure(
                            _key(r[0], "1", "headcount", "all", "overall", "all", "Total", "headcount"),
                            _count(r[1]),
                            f"{where} {r[0]}",
                        )
                    )
        elif caption.startswith("Ethnicity recorded, by indicator"):
            for r in rows[1:]:
                ind = r[0].partition(".")[0]
                if ind.isdigit():
                    files.headline_figures.append((str(year), ind, "unknown", _count(r[1])))
                    files.headline_figures.append((str(year), ind, "completeness", _share(r[2])))
        elif (m := EVENT_TABLE.match(caption)) is not None:
            ind = m.group(1)
            head = rows[0]
            for r in rows[1:]:
                ym = YEAR_CELL.match(r[0])
                if ym is None:
                    continue
                variant = VARIANT_LABELS.get(ind, {}).get(ym.group(3) or "", "microdata" if int(ind) >= 5 else "?")
                key = {"year": ym.group(1), "indicator": ind, "variant": variant}
                for col, label in enumerate(head):
                    if " of " not in r[col] or ":" not in label:
                        continue
                    group = label.split(":")[0]
                    num, _, den = r[col].partition(" of ")
                    files.results_figures.append(({**key, "group": group}, "events", _count(num)))
                    files.results_figures.append(({**key, "group": group}, "people", _count(den)))
