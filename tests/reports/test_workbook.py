"""The WRES return workbook, read back: every figure equals the indicator results and counts it came from.

The figures of a small synthetic trust (records → DuckDB store → indicators, by band; the public tier through
:func:`wres.disclosure.protect`) are written to a workbook, which is read back with openpyxl and traced:

* every written cell equals the cell of :func:`workbook_layout`, and every figure's declared source, looked up
  independently in the frames, holds that figure (``[c]`` exactly where the public tier suppressed it);
* the per-indicator sheets' headers and row keys agree with each figure's source (year, band, ethnic group,
  measure or result column, indicator, variant, staff category), read from the sheet itself;
* the Results and Counts sheets hold every row and column of the frames;
* the public tier shows no count of 1–7 anywhere, states its tier on every sheet and carries the footnote.
"""

from __future__ import annotations

import math
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from wres.disclosure import MARKER, Protected, protect_indicator_results
from wres.indicators import IndicatorResults, compute, from_store
from wres.reports.figures import INTERNAL_STATEMENT
from wres.reports.workbook import (
    FMT_COUNT,
    FMT_PERCENT,
    FMT_POINTS,
    FMT_RATIO,
    SHEET_NAMES,
    Sheet,
    Source,
    workbook_layout,
    write_return_workbook,
)
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

ORG_YEAR = 2025
GROUPS = ("White", "BME", "Unknown")
RESULT_KEY = ["org_code", "year", "indicator", "variant", "category", "breakdown", "stratum", "grouping"]
RESULT_KEY += ["group_a", "group_b"]
COUNT_KEY = ["org_code", "year", "indicator", "variant", "category", "breakdown", "stratum", "grouping", "group"]
COUNT_KEY += ["measure"]
RESULT_COUNTS = ("a", "n1", "c", "n2", "unknown")


# the synthetic trust -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outputs:
    """One trust's indicator outputs: by band (internal and public), and by the 5-group for this year (internal)."""

    internal: IndicatorResults
    public: Protected
    group5: IndicatorResults

    @property
    def org(self) -> str:
        return str(self.internal.frame["org_code"].iloc[0])


@cache
def trust_outputs() -> Outputs:
    """Records of a synthetic London trust (2023–2025) through a DuckDB store to the indicators for 2024 and
    2025 (computed once per test session; the store is temporary)."""
    data = generate(SynthConfig(profile="london", n_orgs=1, size=1200, seed=7, first_year=2023, last_year=2025))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = write_canonical(data, root / "canonical", fmt="parquet")
        with Store(root / "wres.duckdb") as st:
            st.load_folder(folder)
            internal = compute(from_store(st), [ORG_YEAR - 1, ORG_YEAR], by="band")
            group5 = compute(from_store(st), [ORG_YEAR], by="ethnicity5")
    return Outputs(internal, protect_indicator_results(internal), group5)


@dataclass(frozen=True)
class Case:
    """A workbook written from one tier's frames."""

    name: str
    tier: str
    results: pd.DataFrame
    counts: pd.DataFrame
    metadata: dict[str, Any]
    internal: pd.DataFrame  # the unsuppressed results, the oracle of what the public tier suppressed
    org: str
    path: Path


@pytest.fixture(scope="module")
def outputs() -> Outputs:
    return trust_outputs()


@pytest.fixture(scope="module")
def cases(outputs: Outputs, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    folder = tmp_path_factory.mktemp("workbooks")
    specs = {
        "internal": ("internal", outputs.internal.frame, outputs.internal.counts, outputs.internal.metadata),
        "public": ("public", outputs.public.results, outputs.public.counts, outputs.public.metadata),
        "group5": ("internal", outputs.group5.frame, outputs.group5.counts, outputs.group5.metadata),
    }
    out = {}
    for name, (tier, results, counts, metadata) in specs.items():
        path = folder / f"{name}.xlsx"
        written_path = write_return_workbook(
            results, counts, path, org_code=outputs.org, year=ORG_YEAR, tier=tier, metadata=metadata
        )
        assert written_path == path
        oracle = outputs.group5.frame if name == "group5" else outputs.internal.frame
        out[name] = Case(name, tier, results, counts, metadata, oracle, outputs.org, path)
    return out


@pytest.fixture(scope="module", params=["internal", "public", "group5"])
def case(request: pytest.FixtureRequest, cases: dict[str, Case]) -> Case:
    return cases[str(request.param)]


@cache
def read_back(path: Path) -> Any:
    """The workbook as openpyxl reads it (once per file: the tests only read it)."""
    return load_workbook(path)


_LAYOUTS: dict[Path, list[Sheet]] = {}


def layout_of(case: Case) -> list[Sheet]:
    """The writer's layout of a case (the cells it wrote, with their sources), computed once."""
    if case.path not in _LAYOUTS:
        _LAYOUTS[case.path] = workbook_layout(
            case.results, case.counts, org_code=case.org, year=ORG_YEAR, tier=case.tier, metadata=case.metadata
        )
    return _LAYOUTS[case.path]


def written(ws: Worksheet) -> dict[tuple[int, int], Any]:
    """Every non-empty cell of a sheet as read back."""
    out = {}
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                out[(r, c)] = value
    return out


# looking figures up in the frames, independently of the writer ---------------------------------------------------


def same(shown: Any, expected: Any) -> bool:
    """Equal, a float to the 16 significant digits a workbook holds (XlsxWriter writes ``%.16G``; Excel itself
    keeps 15)."""
    if isinstance(shown, float) and isinstance(expected, float | int) and not isinstance(expected, bool):
        return math.isclose(shown, float(expected), rel_tol=1e-15, abs_tol=0.0)
    return bool(shown == expected)


def same_cells(got: dict[tuple[int, int], Any], expected: dict[tuple[int, int], Any]) -> bool:
    return got.keys() == expected.keys() and all(same(got[k], expected[k]) for k in got)


def is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


_INDEXES: dict[tuple[int, tuple[str, ...]], dict[tuple[Any, ...], dict[str, Any]]] = {}


def lookup(frame: pd.DataFrame, key: dict[str, Any]) -> dict[str, Any]:
    """The one row of ``frame`` with these key values (an index per frame, built on first use)."""
    cols = tuple(key)
    index = _INDEXES.get((id(frame), cols))
    if index is None:
        index = {}
        for record in frame.to_dict("records"):
            row = {str(c): v for c, v in record.items()}
            k = tuple(int(row[c]) if c == "year" else str(row[c]) for c in cols)
            assert k not in index, f"two rows for {k}"
            index[k] = row
        _INDEXES[(id(frame), cols)] = index
    found = index.get(tuple(key.values()))
    assert found is not None, f"no row for {key}"
    return found


def has_rows(frame: pd.DataFrame, key: dict[str, Any], group_column: str) -> bool:
    """Whether ``frame`` has a row for the organisation, year, indicator, variant, category, breakdown, stratum
    and grouping of ``key`` and its group (any group when the key's group is ``all``)."""
    mask = pd.Series(True, index=frame.index)
    for col in ("org_code", "indicator", "variant", "category", "breakdown", "stratum", "grouping"):
        mask &= frame[col].astype(str) == str(key[col])
    mask &= frame["year"].astype(int) == int(key["year"])
    if key["group"] != "all":
        mask &= frame[group_column].astype(str) == key["group"]
    return bool(mask.any())


def flat_metadata(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from flat_metadata(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix, value


def check_source(case: Case, source: Source, shown: Any) -> None:
    """The figure shown for ``source`` is the frame's figure, or ``[c]`` where the public tier suppressed it."""
    if source.table == "metadata":
        items = dict(flat_metadata(case.metadata))
        path = source.as_dict()["path"]
        expected = items[path]
        if isinstance(expected, list | tuple):
            assert shown == ", ".join(str(v) for v in expected) or shown.startswith("[")
        elif isinstance(expected, float) and not expected.is_integer():
            assert same(shown, expected)
        else:
            assert shown == expected or str(shown) == str(expected), path
        return
    key = source.as_dict()
    if source.table == "absent":  # a band nobody was in: shown as 0, and truly no row for it in either frame
        assert shown == 0, key
        assert not has_rows(case.counts, key, "group"), key
        assert not has_rows(case.results, key, "group_a"), key
        return
    if source.table == "counts":
        row = lookup(case.counts, {k: key[k] for k in COUNT_KEY})
        if case.tier == "public" and row["disclosure"] == "suppressed":
            assert shown == MARKER, key
        elif is_missing(row["value"]):
            assert shown is None, key
        else:
            assert same(shown, row["value"]), key
        return
    assert source.table == "results"
    row = lookup(case.results, {k: key[k] for k in RESULT_KEY})
    value = row[source.field]
    if not is_missing(value):
        assert same(shown, value), (key, source.field)
        return
    if case.tier == "public":
        before = lookup(case.internal, {k: key[k] for k in RESULT_KEY})[source.field]
        if not is_missing(before):  # the public tier blanked it: suppressed
            assert shown == MARKER, (key, source.field)
            assert row["disclosure"] == "suppressed"
            return
        if shown == MARKER:  # empty anyway, in a suppressed row: marking it is allowed (never a number)
            assert row["disclosure"] == "suppressed"
            return
    assert shown is None, (key, source.field)


# every figure traced ---------------------------------------------------------------------------------------------


def test_every_cell_is_the_layout_and_every_figure_its_source(case: Case) -> None:
    layout = layout_of(case)
    wb = read_back(case.path)
    assert wb.sheetnames == [s.name for s in layout] == list(SHEET_NAMES)
    traced = 0
    for sheet in layout:
        got = written(wb[sheet.name])
        expected = {rc: cell.value for rc, cell in sheet.cells.items() if cell.value is not None}
        assert same_cells(got, expected), sheet.name
        for (r, c), cell in sheet.cells.items():
            value = got.get((r, c))
            if isinstance(value, int | float) and not isinstance(value, bool) and cell.role != "key":
                assert cell.source is not None, f"{sheet.name}!{r},{c}: a number without a source"
            if value == MARKER:
                assert cell.source is not None
            if cell.source is not None:
                check_source(case, cell.source, value)
                traced += 1
    assert traced > 10_000


def test_results_and_counts_sheets_hold_every_row_and_column(case: Case) -> None:
    wb = read_back(case.path)
    for name, frame in (("Results", case.results), ("Counts", case.counts)):
        ws = wb[name]
        rows = list(ws.iter_rows(min_row=5, values_only=True))
        header, body = list(rows[0]), rows[1:]
        expected_cols = [c for c in frame.columns if c != "display"]
        if "disclosure" not in expected_cols:
            expected_cols.append("disclosure")
        assert header == expected_cols
        assert len(body) == len(frame)
        table = ws.tables[name]
        assert table.ref == f"A5:{ws.cell(row=5, column=len(header)).column_letter}{5 + len(frame)}"
        records = frame.to_dict("records")
        for got, row in zip(body, records, strict=True):
            for col, shown in zip(header, got, strict=True):
                if col == "disclosure":
                    assert shown == (row["disclosure"] if case.tier == "public" else "unsuppressed")
                    continue
                value = row[col]
                if is_missing(value):
                    assert shown is None or (shown == MARKER and case.tier == "public"), (name, col, row)
                elif isinstance(value, str):
                    assert shown == value
                else:
                    assert same(shown, value), (name, col, row)
        if name == "Counts" and case.tier == "public":
            suppressed = frame["disclosure"] == "suppressed"
            shown = [r[header.index("value")] for r in body]
            assert [v == MARKER for v in shown] == suppressed.tolist()


# headers and row keys agree with the sources --------------------------------------------------------------------

YEAR = re.compile(r"\b(20\d\d)\b")
KEY_HEADERS = ("Year", "Code", "Group", "Grouping", "Variant", "Board membership", "Indicator")
RESULT_GROUP_A = ("a", "n1", "rate_a")
RESULT_GROUP_B = ("c", "n2", "rate_b")
INTERVALS = {
    "95% CI low": "ci95_low",
    "95% CI high": "ci95_high",
    "99.8% CI low": "ci998_low",
    "99.8% CI high": "ci998_high",
}


def expected_fields(sheet: str, upper: str, lower: str) -> set[str]:
    """What a column shows, from its headers: count measures and result columns (written independently of the
    writer's tables)."""
    u = upper.lower()
    if lower in INTERVALS:
        return {INTERVALS[lower]}
    if lower in ("Ratio", "Gap", "Value"):
        return {"estimate"}
    if u == "staff with ethnicity recorded":
        return {"completeness"}
    if sheet == "Summary" and u.startswith("headcount"):
        return {"n1"} if lower == "Total" else {"a"}
    if sheet == "Indicator 1":
        if u.startswith("headcount"):
            return {"n1"} if lower == "Total" else {"a"}
        if u.startswith("share of staff"):
            return {"estimate"}
        if lower == "Overall workforce BME share":
            return {"benchmark"}
    if sheet == "Indicator 9":
        return {
            "board members": {"n1"} if lower == "Total" else {"a"},
            "workforce": {"n2"} if lower == "Total" else {"c"},
            "board share": {"rate_a"},
            "workforce share": {"rate_b"},
        }.get(u, {"estimate"} if u.startswith("difference") else set())
    if lower in ("Events", "People", "Rate"):
        return {"Events": {"a", "c"}, "People": {"n1", "n2"}, "Rate": {"rate_a", "rate_b"}}[lower]
    if u.startswith(("likelihood", "percentage")):
        return {"rate_a", "rate_b"}
    people = {"n1", "n2", "unknown"}
    events = {"a", "c"}
    rules = [
        ("shortlisted", {"shortlisted"} | people),
        ("appointed", {"appointed"} | events),
        ("headcount", {"headcount"} | people),
        ("previous year", {"entrants_prev"}),
        ("this year", {"entrants"} | events),
        ("accessed", {"accessed"} | events),
        ("respondents", {"respondents"} | people),
        ("adverse answer", {"adverse"} | events),
        ("answering", {"adverse"} | events),
    ]
    for phrase, fields in rules:
        if phrase in u:
            return fields
    return set()


def source_group(source: Source) -> str | None:
    key = source.as_dict()
    if source.table == "absent":
        return None if key["group"] == "all" else str(key["group"])
    if source.table == "counts":
        return str(key["group"])
    if key["indicator"] in ("1", "9") or source.field in ("estimate", "benchmark", *INTERVALS.values()):
        return str(key["group_a"])
    if source.field in RESULT_GROUP_A:
        return str(key["group_a"])
    if source.field in RESULT_GROUP_B:
        return str(key["group_b"])
    return "Unknown" if source.field == "unknown" else None


TITLE_CATEGORY = {
    "Non-clinical staff": "non_clinical",
    "Clinical staff": "clinical",
    "Medical and dental staff": "medical_dental",
    "All staff": "all",
    "Overall workforce": "all",
}
TITLE_VARIANT = {
    "All applicants": "all",
    "Excluding international recruits": "excluding_international",
    "Two-year rolling": "rolling",
    "Single year": "single_year",
}
BOARD_VARIANT = {
    "All board members": "board",
    "Voting board members": "voting",
    "Non-voting board members": "non_voting",
    "Non-executive board members": "non_executive",
    "Executive board members": "executive",
    "Voting members of known ethnicity": "voting_known_only",
    "Executive members of known ethnicity": "executive_known_only",
}


def upper_header(ws: Worksheet, row: int, col: int) -> str:
    for rng in ws.merged_cells.ranges:
        if rng.min_row == row and rng.min_col <= col <= rng.max_col:
            return str(ws.cell(row=row, column=rng.min_col).value or "")
    return str(ws.cell(row=row, column=col).value or "")


def test_headers_and_row_keys_agree_with_every_figure(case: Case) -> None:
    wb = read_back(case.path)
    checked = 0
    for sheet in layout_of(case):
        if sheet.name in ("About", "Results", "Counts", "Notes"):
            continue
        ws = wb[sheet.name]
        header_rows = sorted({r for (r, _), cell in sheet.cells.items() if cell.role == "header"})
        for (r, c), cell in sorted(sheet.cells.items()):
            if cell.source is None or r in header_rows:
                continue
            hr = max(h for h in header_rows if h < r)
            lower, upper = str(ws.cell(row=hr, column=c).value), upper_header(ws, hr - 1, c)
            title = str(ws.cell(row=hr - 2, column=1).value)
            keys = {
                str(ws.cell(row=hr, column=j).value): ws.cell(row=r, column=j).value
                for j in range(1, ws.max_column + 1)
                if ws.cell(row=hr, column=j).value in KEY_HEADERS
            }
            src = cell.source.as_dict()
            where = f"{sheet.name}!{ws.cell(row=r, column=c).coordinate} [{title} / {upper} / {lower}]"
            # the year: from a header that names one, else the row's Year
            years = YEAR.findall(f"{upper} {lower}")
            if years:
                assert src["year"] == int(years[-1]), where
            else:
                assert src["year"] == keys["Year"], where
            if "Code" in keys:
                assert src["stratum"] == keys["Code"], where
            # the ethnic group: one named in the headers, or the row's group
            named = [g for g in GROUPS if re.search(rf"\b{g}\b", f"{upper} {lower}")]
            if "Group" in keys:  # disaggregated groups: one row per group, with White beside it
                pair = {src.get("group_a"), src.get("group_b"), src.get("group")}
                if upper == "White":
                    assert source_group(cell.source) == "White", where
                elif cell.source.field in RESULT_GROUP_A + RESULT_GROUP_B or sheet.name == "Indicator 1":
                    assert source_group(cell.source) == keys["Group"], where
                else:
                    assert keys["Group"] in pair, where
            elif len(named) == 1:
                assert source_group(cell.source) == named[0], where
            if "Grouping" in keys:
                assert src["grouping"] == keys["Grouping"], where
            else:
                assert src["grouping"] == "wres", where
            # what is shown
            shown = src["measure"] if cell.source.table in ("counts", "absent") else cell.source.field
            assert shown in expected_fields(sheet.name, upper, lower), where
            # indicator, variant and staff category
            if sheet.name.startswith("Indicator "):
                assert src["indicator"] == sheet.name.removeprefix("Indicator "), where
            elif sheet.name == "Indicators 5-8":
                block = next(
                    str(ws.cell(row=x, column=1).value)
                    for x in range(hr - 2, 0, -1)
                    if str(ws.cell(row=x, column=1).value or "").startswith("Indicator ")
                )
                assert src["indicator"] == block.split()[1].rstrip(","), where
            elif "Indicator" in keys:
                assert src["indicator"] == keys["Indicator"], where
            else:  # the Summary's ethnicity-recorded table: the overall workforce of indicator 1
                assert (src["indicator"], src["breakdown"]) == ("1", "overall"), where
            for phrase, variant in TITLE_VARIANT.items():
                if title.startswith(phrase):
                    expected = variant if cell.source.table == "results" or src["indicator"] != "3" else "all"
                    if src["indicator"] == "3" and cell.source.table == "results" and shown in RESULT_COUNTS:
                        expected = "single_year"  # indicator 3's counts shown from the single-year row
                    assert src["variant"] == expected, where
            if "Board membership" in keys:
                assert src["variant"] == BOARD_VARIANT[keys["Board membership"]], where
            if "Variant" in keys:
                assert src["variant"] == keys["Variant"], where
            if sheet.name == "Indicator 1" and "Code" in keys:
                category = next(v for k, v in TITLE_CATEGORY.items() if title.startswith(k))
                label = str(ws.cell(row=r, column=2).value)
                if label == "Overall workforce":
                    assert (src["category"], src["breakdown"]) == ("all", "overall"), where
                else:
                    assert src["category"] == category, where
            checked += 1
    assert checked > 1_000


# readable spot checks ------------------------------------------------------------------------------------------


def table_rows(ws: Worksheet, title: str) -> list[dict[str, Any]]:
    """The rows of the titled table, keyed by "upper / lower" header."""
    start = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == title)
    heads = [
        f"{upper_header(ws, start + 1, c)} / {ws.cell(row=start + 2, column=c).value}".strip(" /")
        for c in range(1, ws.max_column + 1)
    ]
    out = []
    r = start + 3
    while ws.cell(row=r, column=1).value is not None:
        out.append({h: ws.cell(row=r, column=c).value for c, h in enumerate(heads, start=1)})
        r += 1
    return out


def test_headline_figures_read_from_the_sheets(cases: dict[str, Case], outputs: Outputs) -> None:
    wb = read_back(cases["internal"].path)
    frame, counts = outputs.internal.frame, outputs.internal.counts
    head = frame[frame["headline"] & (frame["year"] == ORG_YEAR)].set_index("indicator")
    i2 = {r["Year"]: r for r in table_rows(wb["Indicator 2"], "All applicants")}[ORG_YEAR]
    assert same(i2["Relative likelihood (White ÷ BME) / Ratio"], head.loc["2", "estimate"])
    shortlisted = counts[
        (counts.indicator == "2")
        & (counts.variant == "all")
        & (counts.breakdown == "overall")
        & (counts.year == ORG_YEAR)
        & (counts.measure == "shortlisted")
    ].set_index("group")["value"]
    assert [i2[f"Shortlisted / {g}"] for g in GROUPS] == [shortlisted[g] for g in GROUPS]
    i3 = {r["Year"]: r for r in table_rows(wb["Indicator 3"], "Two-year rolling (headline)")}[ORG_YEAR]
    assert same(i3["Relative likelihood (BME ÷ White) / Ratio"], head.loc["3", "estimate"])
    overall = {r["Code"]: r for r in table_rows(wb["Indicator 1"], "All staff, by band")}
    bme = frame[(frame.indicator == "1") & (frame.breakdown == "overall") & (frame.year == ORG_YEAR)]
    bme = bme.set_index("group_a")
    assert overall["all"][f"Headcount 31 March {ORG_YEAR} / BME"] == bme.loc["BME", "a"]
    assert same(overall["all"][f"Share of staff {ORG_YEAR} / BME"], bme.loc["BME", "estimate"])
    board = {
        (r["Year"], r["Board membership"]): r
        for r in table_rows(wb["Indicator 9"], "Board against the overall workforce")
    }
    voting = board[(ORG_YEAR, "Voting board members")]
    difference = voting["Difference, points (board − workforce) / BME"]
    assert same(difference, head[head.variant == "voting"]["estimate"].iloc[0])
    summary = {(r["Indicator"], r["Variant"]): r for r in table_rows(wb["Summary"], "Headline figures")}
    for ind, row in head.iterrows():
        assert same(summary[(ind, row["variant"])][f"WRES year {ORG_YEAR} / Value"], row["estimate"])


# the public tier ---------------------------------------------------------------------------------------------------


def count_cells(sheets: list[Sheet], wb: Any, skip_board: bool = False) -> Iterator[tuple[str, Any]]:
    """Every written cell that shows a count (a counts value or a result's count column), with where it is."""
    for sheet in sheets:
        ws = wb[sheet.name]
        for (r, c), cell in sheet.cells.items():
            src = cell.source
            if src is None:
                continue
            row = src.as_dict()
            is_count = (src.table == "counts" and row["measure"] != "reconstructed") or (
                src.table == "results" and src.field in RESULT_COUNTS
            )
            # public-v2 publishes the board's own counts exactly (methods.md §11.2 exemptions)
            board = str(row.get("indicator")) == "9" and (
                row.get("measure") == "members" or (src.table == "results" and src.field in ("a", "n1"))
            )
            if skip_board and board:
                continue
            if is_count:
                yield f"{sheet.name}!{r},{c}", ws.cell(row=r, column=c).value


def test_public_tier_shows_no_count_of_1_to_7_and_marks_suppression(cases: dict[str, Case]) -> None:
    case = cases["public"]
    wb = read_back(case.path)
    layout = layout_of(case)
    seen = marked = 0
    for where, value in count_cells(layout, wb, skip_board=True):
        seen += 1
        if value == MARKER:
            marked += 1
            continue
        assert value is None or (isinstance(value, int) and not 1 <= value <= 7), (where, value)
    assert seen > 5_000
    assert marked > 1_000
    # no number anywhere in the figures sheets is a small count in disguise: counts are multiples of 5 or 0
    ws = wb["Counts"]
    header = [c.value for c in ws[5]]
    col = header.index("value") + 1
    measure = header.index("measure") + 1
    for r in range(6, ws.max_row + 1):
        value = ws.cell(row=r, column=col).value
        if ws.cell(row=r, column=measure).value in ("reconstructed", "members"):  # members: the board, exempt
            continue
        if isinstance(value, int | float):
            assert value % 5 == 0, (r, value)


def test_every_sheet_states_its_tier_and_the_footnote(cases: dict[str, Case]) -> None:
    for name in ("internal", "public"):
        case = cases[name]
        wb = read_back(case.path)
        disclosure = case.metadata.get("disclosure", {})
        statement = (
            INTERNAL_STATEMENT
            if case.tier == "internal"
            else f"Public — disclosure policy {disclosure['policy']} (version {disclosure['version']})"
        )
        texts = []
        for ws in wb.worksheets:
            assert ws["A3"].value == statement, ws.title
            assert ws["A3"].font.bold
            texts += [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
            if case.tier == "public":
                assert ws["A4"].value == disclosure["footnote"], ws.title
        everything = "\n".join(texts)
        if case.tier == "public":
            assert MARKER in everything
            assert disclosure["policy"] in everything
        else:
            assert MARKER not in everything.replace("suppressed [c]", "")  # only in the Notes' reason list
            assert "not for publication" in wb["About"]["A3"].value


# formats, panes, determinism, speed, errors ---------------------------------------------------------------------


def test_cell_types_number_formats_panes_and_widths(cases: dict[str, Case]) -> None:
    case = cases["internal"]
    wb = read_back(case.path)
    for sheet in layout_of(case):
        ws = wb[sheet.name]
        assert ws.freeze_panes == ("A6" if sheet.name in ("Results", "Counts") else "A5")
        assert ws["A1"].font.bold
        assert ws["A1"].value
        assert ws.column_dimensions["A"].width >= 9
        for (r, c), cell in sheet.cells.items():
            if cell.role == "header":
                assert ws.cell(row=r, column=c).font.bold
            if cell.fmt and isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                assert ws.cell(row=r, column=c).number_format == cell.fmt
    rows = table_rows(wb["Indicator 2"], "All applicants")
    start = next(r for r in range(1, 60) if wb["Indicator 2"].cell(row=r, column=1).value == "All applicants")
    ws = wb["Indicator 2"]
    first = start + 3
    row = {r_["Year"]: r_ for r_ in rows}[ORG_YEAR]
    heads = [f"{upper_header(ws, start + 1, c)} / {ws.cell(row=start + 2, column=c).value}" for c in range(1, 18)]
    cells = {h: ws.cell(row=first + 1, column=c) for c, h in enumerate(heads, start=1)}
    ratio = cells["Relative likelihood (White ÷ BME) / Ratio"]
    assert ratio.number_format == FMT_RATIO
    assert isinstance(ratio.value, float)
    assert ratio.value == row["Relative likelihood (White ÷ BME) / Ratio"]
    shortlisted = cells["Shortlisted / White"]
    assert shortlisted.number_format == FMT_COUNT
    assert isinstance(shortlisted.value, int)
    likelihood = cells["Likelihood of appointment from shortlisting / BME"]
    assert likelihood.number_format == FMT_PERCENT
    assert isinstance(likelihood.value, float)
    shares = [c for row in wb["Indicator 1"].iter_rows() for c in row if isinstance(c.value, float)]
    assert shares
    assert {c.number_format for c in shares} == {FMT_PERCENT}
    survey = wb["Indicators 5-8"]
    gaps = [
        c for row in survey.iter_rows() for c in row if isinstance(c.value, float) and c.number_format == FMT_POINTS
    ]
    assert gaps


def test_the_file_is_deterministic(cases: dict[str, Case], tmp_path: Path) -> None:
    """Written again from the same frames, the file is the same byte for byte (its speed is measured by
    ``benchmarks/bench_parts.py``, not here)."""
    case = cases["public"]
    kw: dict[str, Any] = {"org_code": case.org, "year": ORG_YEAR, "tier": case.tier, "metadata": case.metadata}
    again = write_return_workbook(case.results, case.counts, tmp_path / "again.xlsx", **kw)
    assert again.read_bytes() == case.path.read_bytes()


def test_the_tier_must_match_the_frames(cases: dict[str, Case], tmp_path: Path) -> None:
    internal, public = cases["internal"], cases["public"]
    path = tmp_path / "x.xlsx"
    kw: dict[str, Any] = {"org_code": internal.org, "year": ORG_YEAR}
    with pytest.raises(ValueError, match="protect"):
        write_return_workbook(internal.results, internal.counts, path, tier="public", metadata=internal.metadata, **kw)
    with pytest.raises(ValueError, match="protected"):
        write_return_workbook(public.results, public.counts, path, tier="internal", metadata=public.metadata, **kw)
    with pytest.raises(ValueError, match="policy"):
        write_return_workbook(public.results, public.counts, path, tier="public", metadata={}, **kw)
    with pytest.raises(ValueError, match="unknown tier"):
        write_return_workbook(internal.results, internal.counts, path, tier="board", metadata={}, **kw)
    assert not path.exists()
