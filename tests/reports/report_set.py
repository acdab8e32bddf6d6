"""The report tests' synthetic trust and its report set, built once per test process.

A London trust of about 1,500 staff, WRES years 2022–2025, goes records → canonical folder → DuckDB store →
:func:`wres.reports.data.gather` → both tiers' views → :func:`wres.reports.build.write_tier` (HTML and PDF,
workbook and CSV) for WRES 2025. It is built once per test session (the xdist workers share it through a
pickle written under a file lock); ``wres report`` itself is exercised in ``test_report_cli.py``.
"""

from __future__ import annotations

import fcntl
import math
import pickle
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd

from wres.reports.build import ReportOutputs, write_tier
from wres.reports.data import ReportData, TierView, gather, tier_view
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

YEAR = 2025
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTLOOK_RUNS = 200
"""Monte Carlo runs of the report set's projection (the default 1,000 takes several seconds more)."""
PAYGAP_RESAMPLES = 200
"""Bootstrap resamples of the report set's pay gap (the default 9,999 takes seconds more)."""
INTERNAL_NOTICE = "INTERNAL — unsuppressed figures, not for publication"


@dataclass(frozen=True)
class ReportSet:
    store: Path
    out: Path
    data: ReportData
    views: dict[str, TierView]
    outputs: dict[str, ReportOutputs]

    def html(self, tier: str) -> str:
        return self.outputs[tier].html.read_text(encoding="utf-8")

    def pdf(self, tier: str) -> Path:
        path = self.outputs[tier].pdf
        assert path is not None
        return path


def make_store(folder: Path, *, size: int = 1500, seed: int = 11) -> Path:
    data = generate(SynthConfig(profile="london", n_orgs=1, size=size, seed=seed, first_year=2022, last_year=YEAR))
    canonical = write_canonical(data, folder / "canonical", fmt="parquet")
    path = folder / "wres.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    return path


def _shared_root(base: Path) -> Path:
    """The folder the test processes share: xdist gives each worker ``<basetemp>/popen-gwN``."""
    return base.parent if base.name.startswith("popen-gw") else base


def _build(folder: Path) -> ReportSet:
    store = make_store(folder)
    out = folder / "out"
    with Store(store, read_only=True) as st:
        data = gather(st, YEAR, outlook_runs=OUTLOOK_RUNS, paygap_resamples=PAYGAP_RESAMPLES)
    views = {tier: tier_view(data, tier) for tier in ("public", "internal")}
    outputs = {tier: write_tier(data, tier, out, view=views[tier]) for tier in views}
    return ReportSet(store, out, data, views, outputs)


@cache
def report_set(base: Path) -> ReportSet:
    """The shared report set (``base``: this process's base temporary folder). Built once per test session: the
    first process to ask builds it under a file lock and pickles it; the others load the pickle."""
    root = _shared_root(base) / "report-set"
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / "report-set.pickle"
        if done.exists():
            loaded = pickle.loads(done.read_bytes())
            assert isinstance(loaded, ReportSet)
            return loaded
        built = _build(root)
        done.write_bytes(pickle.dumps(built))
        return built


# reading the HTML back ------------------------------------------------------------------------------------------


@dataclass
class CellRead:
    tag: str
    classes: set[str]
    text: str


@dataclass
class TableRead:
    id: str
    caption: str
    head: list[str]
    rows: list[list[CellRead]]
    scopes: list[str | None]


class PageReader(HTMLParser):
    """Headings, tables (cells with their classes), figures and meta elements of a report page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.tables: list[TableRead] = []
        self.meta: dict[str, str] = {}
        self.lang: str | None = None
        self.figures: list[dict[str, Any]] = []
        self._stack: list[str] = []
        self._text: list[str] | None = None
        self._heading: int | None = None
        self._table: TableRead | None = None
        self._row: list[CellRead] | None = None
        self._cell: CellRead | None = None
        self._in_caption = False
        self._in_thead = False
        self._figure: dict[str, Any] | None = None
        self._svg_depth = 0
        self._svg_text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = int(tag[1])
            self._text = []
        if tag == "figure":
            self._figure = {"id": a.get("id"), "svg": None, "tables": 0, "title": "", "desc": "", "caption": ""}
        if tag == "svg":
            self._svg_depth += 1
            if self._figure is not None and self._svg_depth == 1:
                self._figure["svg"] = a
        if self._svg_depth and tag in ("title", "desc"):
            self._svg_text = tag
            self._text = []
        if tag == "figcaption" and self._figure is not None:
            self._text = []
        if tag == "table":
            self._table = TableRead(a.get("id", ""), "", [], [], [])
            if self._figure is not None:
                self._figure["tables"] += 1
        if tag == "caption":
            self._in_caption = True
            self._text = []
        if tag == "thead":
            self._in_thead = True
        if tag == "tr" and self._table is not None:
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = CellRead(tag, set(a.get("class", "").split()), "")
            self._text = []
            if self._table is not None and tag == "th":
                self._table.scopes.append(a.get("scope"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._heading is not None:
            self.headings.append((self._heading, "".join(self._text or []).strip()))
            self._heading = None
            self._text = None
        if self._svg_depth and tag in ("title", "desc") and self._svg_text == tag and self._figure is not None:
            self._figure[tag] = "".join(self._text or []).strip()
            self._svg_text = None
            self._text = None
        if tag == "svg":
            self._svg_depth -= 1
        if tag == "figcaption" and self._figure is not None:
            self._figure["caption"] = "".join(self._text or []).strip()
            self._text = None
        if tag == "figure" and self._figure is not None:
            self.figures.append(self._figure)
            self._figure = None
        if tag == "caption" and self._table is not None:
            self._table.caption = "".join(self._text or []).strip()
            self._in_caption = False
            self._text = None
        if tag == "thead":
            self._in_thead = False
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._cell.text = " ".join("".join(self._text or []).split())
            if self._in_thead and self._table is not None:
                self._table.head.append(self._cell.text)
            else:
                self._row.append(self._cell)
            self._cell = None
            self._text = None
        if tag == "tr" and self._row is not None and self._table is not None:
            if self._row:
                self._table.rows.append(self._row)
            self._row = None
        if tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader


NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> list[float]:
    return [float(m.replace(",", "")) for m in NUMBER.findall(text)]


def pdf_text(path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    done = subprocess.run([*args, str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pdf_pages(path: Path) -> int:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)", done.stdout, re.MULTILINE)
    assert match, done.stdout
    return int(match.group(1))


def finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def headline(frame: pd.DataFrame, indicator: str, variant: str | None = None) -> dict[str, Any]:
    """The WRES headline row of ``indicator`` for :data:`YEAR` (indicator 9: the BME row of ``variant``)."""
    rows = frame[
        (frame["year"] == YEAR)
        & (frame["indicator"] == indicator)
        & frame["headline"].astype(bool)
        & (frame["grouping"] == "wres")
        & (frame["breakdown"] == "overall")
    ]
    if indicator == "9":
        rows = rows[(rows["group_a"] == "BME") & (rows["variant"] == (variant or "voting"))]
    assert len(rows) == 1, rows
    return {str(k): v for k, v in rows.iloc[0].to_dict().items()}
