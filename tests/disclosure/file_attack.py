"""An integer-programme attacker that reads the *published files* of several years (methods.md §11.4).

It is written independently of :mod:`wres.disclosure`: it never builds cells or constraints with the package's
code. It reads every public ``counts.csv`` and ``results.csv`` a trust published over five WRES years (each report
shows its year, last year and the overall rows of the year before, so most figures are published two or three
times, each time under that report's own protection), with every count the same reports' workbook and HTML
publish beyond them (:func:`with_report_files`, read by :mod:`.report_files`; a figure they repeat must agree with
the CSV; a band the CSV counts nobody in adds nothing), and models what WRES figures are *sums of* with the atoms
of :mod:`.attacker` (per year, what is counted, indicator 1's category × band, WRES ethnic group), so every
relation between published figures holds by construction.

What it knows:

* a shown count ``r`` of 10 or more is a true count in ``[r − 2, r + 2]`` (rounded to 5 from its true value); a
  shown 0 is 0;
* the whole board is its voting plus non-voting members and its executive plus non-executive members;
* every ``[c]`` is at least 1 (zeros are shown), in counts and in result rows alike; nothing bounds it above
  (v2 does not say which ``[c]`` are primary);
* statistics as published: under ``public-v1`` (its footnote: "calculated from unrounded counts") a shown share
  ``p`` is ``num / den`` of the *true* counts, to the precision written; under ``public-v2`` (its footnote:
  "calculated from counts rounded to the nearest 5") a shown share is ``R_num / R_den`` of the *rounded* counts,
  which are shown in the same row — the test checks that claim row by row (:func:`statistics_follow_counts`), so
  for the attacker a v2 statistic says nothing the counts do not.

Each count of 1–7 that a report suppressed is attacked with :func:`scipy.optimize.milp` (all atoms integer):
its minimum and maximum given everything above. A count is recovered when fewer than four integers remain.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from .attacker import Attacker, attacker_for, result_exprs, target_expr
from .report_files import FIGURE_KEY, ReportFiles, same, sheet_disagreements

MARKER = "[c]"
COUNT_FIELDS = ("a", "n1", "c", "n2", "unknown")
SHARES = (("rate_a", "a", "n1"), ("rate_b", "c", "n2"))
BOARD_PARTS = ("board", "voting", "non_voting", "executive", "non_executive")


@dataclass
class Publication:
    """One report's public CSV files, read back."""

    policy: str
    counts: pd.DataFrame
    results: pd.DataFrame


def read_publication(folder: Path) -> Publication:
    """``counts.csv``, ``results.csv`` and the policy id of ``metadata.json`` in ``folder``."""
    import json

    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    policy = str(meta["metadata"]["disclosure"]["policy"])
    with (folder / "counts.csv").open(encoding="utf-8", newline="") as f:
        counts = pd.DataFrame(list(csv.DictReader(f)))
    with (folder / "results.csv").open(encoding="utf-8", newline="") as f:
        results = pd.DataFrame(list(csv.DictReader(f)))
    return Publication(policy, counts, results)


def integers(low: float, high: float) -> float:
    """How many integers ``[low, high]`` holds (infinite when unbounded)."""
    if math.isinf(high):
        return math.inf
    return math.floor(high + 1e-6) - math.ceil(low - 1e-6) + 1


def _number(text: str) -> float:
    return math.nan if text in ("", MARKER) else float(text)


def _as_frames(pubs: Iterable[Publication]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Every publication's counts and results in the form :func:`.attacker.attacker_for` reads, plus the
    suppressed counts rows (with the report they came from)."""
    counts, results = [], []
    for k, pub in enumerate(pubs):
        c = pub.counts.copy()
        c["report"] = k
        c["suppressed"] = c["value"] == MARKER
        c["value"] = [_number(v) for v in c["value"]]
        c["year"] = c["year"].astype(int)
        c["disclosure"] = np.where(c["suppressed"], "suppressed", c["disclosure"])
        counts.append(c)
        r = pub.results.copy()
        for col in r.columns:
            if col in (*COUNT_FIELDS, "rate_a", "rate_b", "completeness", "estimate"):
                r[f"{col}_marker"] = r[col] == MARKER
                r[col] = [_number(v) for v in r[col]]
        r["year"] = r["year"].astype(int)
        results.append(r)
    all_counts = pd.concat(counts, ignore_index=True)
    return all_counts, pd.concat(results, ignore_index=True), all_counts[all_counts["suppressed"]]


def statistics_follow_counts(pub: Publication) -> list[str]:
    """v2's claim: every shown share of a result row is the ratio of the row's shown counts (to the precision
    written, 3 decimals); a shown share beside a suppressed count is a failure. Returns the rows that break it."""
    bad: list[str] = []
    for i, row in pub.results.iterrows():
        for share, num, den in SHARES:
            p = _number(row[share])
            if math.isnan(p):
                continue
            a, n = _number(row[num]), _number(row[den])
            if math.isnan(a) or math.isnan(n) or n == 0 or abs(a / n - p) > 0.0005 + 1e-9:
                bad.append(f"row {i}: {share} {row[share]} from {row[num]}/{row[den]}")
    return bad


def with_report_files(pub: Publication, files: ReportFiles) -> tuple[Publication, list[str]]:
    """``pub`` with every count its workbook and HTML publish that its CSV does not (a band row of zeros, a total,
    a non-voting board count …) added as a counts row, and the disagreements between the files: a figure the
    workbook or HTML shows differently from the CSV, or from another place that shows the same figure."""
    problems = sheet_disagreements(files.counts_sheet, pub.counts, "Counts sheet")
    problems += sheet_disagreements(files.results_sheet, pub.results, "Results sheet")
    csv_value = {tuple(str(row[k]) for k in FIGURE_KEY): str(row["value"]) for row in pub.counts.to_dict("records")}
    strata = {k[:6] for k in csv_value}
    board = pub.counts[pub.counts["indicator"] == "9"]
    board_exempt = bool((board["disclosure"] == "exempt").any())
    extra: dict[tuple[str, ...], tuple[str, str]] = {}
    for fig in files.figures:
        if fig.key in csv_value:
            if not same(fig.shown, csv_value[fig.key], places=0):
                problems.append(f"{fig.where}: {fig.key} shows {fig.shown!r}, counts.csv {csv_value[fig.key]!r}")
        elif fig.key[1] == "1" and fig.key[:6] not in strata:
            if fig.shown not in ("0", ""):  # counts.csv counts nobody here: only a 0 (or nothing) agrees
                problems.append(f"{fig.where}: {fig.key} shows {fig.shown!r}, counts.csv has no count of the stratum")
        elif fig.key in extra:
            if not same(fig.shown, extra[fig.key][0], places=0):
                problems.append(
                    f"{fig.where}: {fig.key} shows {fig.shown!r}, {extra[fig.key][1]} {extra[fig.key][0]!r}"
                )
        elif fig.shown != "":
            extra[fig.key] = (fig.shown, fig.where)
    problems += _result_disagreements(pub.results, files)
    org = str(pub.counts["org_code"].iloc[0])
    rows = []
    for key, (shown, _) in extra.items():
        row = dict(zip(FIGURE_KEY, key, strict=True))
        disclosure = "suppressed" if shown == MARKER else "exempt" if key[1] == "9" and board_exempt else "rounded"
        rows.append({"org_code": org, **row, "value": shown, "disclosure": disclosure})
    counts = pd.concat([pub.counts, pd.DataFrame(rows, columns=pub.counts.columns)], ignore_index=True)
    return Publication(pub.policy, counts, pub.results), problems


def _result_disagreements(results: pd.DataFrame, files: ReportFiles) -> list[str]:
    """The HTML's "x of y" cells against the overall result rows of ``results.csv``."""
    problems: list[str] = []
    overall = results[(results["breakdown"] == "overall") & (results["grouping"] == "wres")]
    index = {(r["year"], r["indicator"], r["variant"]): r for r in overall.to_dict("records")}
    for key, what, shown in files.results_figures:
        row = index.get((key["year"], key["indicator"], key["variant"]))
        if row is None:
            problems.append(f"HTML indicator {key['indicator']} {key['year']} {key['variant']}: no result row")
            continue
        side = "a" if row["group_a"] == key["group"] else "c" if row["group_b"] == key["group"] else None
        if side is None:
            problems.append(f"HTML {key}: group not in the result row")
            continue
        col = side if what == "events" else {"a": "n1", "c": "n2"}[side]
        if not same(shown, str(row[col]), places=0):
            problems.append(f"HTML {key} {what}: {shown!r}, results.csv {col} {row[col]!r}")
    shares = results[(results["indicator"] == "1") & (results["grouping"] == "wres")]
    rate = {
        tuple(str(r[k]) for k in ("year", "category", "breakdown", "stratum", "group_a")): str(r["rate_a"])
        for r in shares.to_dict("records")
    }
    for key, shown, where in files.share_figures:
        if key not in rate:
            problems.append(f"{where}: {key} share {shown!r}, no result row")
        elif not same(shown, rate[key], places=3):
            problems.append(f"{where}: {key} share {shown!r}, results.csv rate_a {rate[key]!r}")
    headline = results[results["headline"] == "True"]
    first = {(r["year"], r["indicator"]): r for r in reversed(headline.to_dict("records"))}
    for year, ind, col, shown in files.headline_figures:
        found = first.get((year, ind))
        if found is None:
            problems.append(f"HTML completeness {year} indicator {ind}: no headline result row")
        elif not same(shown, str(found[col]), places=0 if col == "unknown" else 3):
            problems.append(f"HTML completeness {year} indicator {ind} {col}: {shown!r}, results.csv {found[col]!r}")
    return problems


class FileAttacker:
    """The attacker's integer programme over the atoms of every publication."""

    def __init__(self, pubs: list[Publication]) -> None:
        counts, results, self.suppressed = _as_frames(pubs)
        exact_statistics = {p.policy for p in pubs} == {"public-v1"}
        shown_results = results.copy()
        if not exact_statistics:  # v2: statistics are functions of the shown counts (checked separately)
            for share, _, _ in SHARES:
                shown_results[share] = math.nan
            shown_results["completeness"] = math.nan
        # v1: each shown share (3 decimals) is num / den of the true counts (attacker_for reads them)
        self.att: Attacker = attacker_for(counts, shown_results)
        self._board_relations(counts)
        # every [c] is at least 1: suppressed counts rows and suppressed counts in result rows
        for row in counts[counts["suppressed"]].to_dict("records"):
            self.att.bound(target_expr(self.att, row), 1.0, math.inf)
        self._result_markers(results)
        self.points: list[np.ndarray] = []

    def _board_relations(self, counts: pd.DataFrame) -> None:
        """The whole board is its voting plus its non-voting members, and its executive plus its non-executive
        members (per year and group): the workbook and the result rows publish all five."""
        where = ("all", "overall", "all")
        for year in sorted(set(counts.loc[counts["indicator"] == "9", "year"].astype(int))):
            for label in ("White", "BME", "Unknown"):
                e = {v: self.att.expr("9", v, "members", year, where, "wres", label) for v in BOARD_PARTS}
                for part, rest in (("voting", "non_voting"), ("executive", "non_executive")):
                    whole, a, b = e["board"], e[part], e[rest]
                    if whole is None or a is None or b is None:
                        continue
                    diff = dict(whole)
                    for v, c in (*a.items(), *b.items()):
                        diff[v] = diff.get(v, 0.0) - c
                    self.att.bound(diff, 0.0, 0.0)

    def _result_markers(self, results: pd.DataFrame) -> None:
        for row in results.to_dict("records"):
            marked = [c for c in COUNT_FIELDS if row.get(f"{c}_marker")]
            if not marked:
                continue
            exprs, factors = result_exprs(self.att, row)
            for col in marked:
                expr = exprs.get(col)
                if expr is not None:
                    self.att.bound(expr, factors.get(col, 1.0), math.inf)

    def _matrix(self) -> tuple[sp.csr_array, np.ndarray, np.ndarray]:
        rows = self.att.rows
        merged: dict[tuple[tuple[int, float], ...], tuple[float, float]] = {}
        for e, low, high in rows:
            key = tuple(sorted(e.items()))
            old_low, old_high = merged.get(key, (-math.inf, math.inf))
            merged[key] = (max(old_low, low), min(old_high, high))
        data, ri, ci, lo, hi = [], [], [], [], []
        for r, (items, (low, high)) in enumerate(merged.items()):
            for v, c in items:
                ri.append(r)
                ci.append(v)
                data.append(c)
            lo.append(low)
            hi.append(high)
        n = len(self.att.atoms)
        a = sp.csr_array((np.array(data), (np.array(ri), np.array(ci))), shape=(len(merged), n))
        return a, np.array(lo), np.array(hi)

    def attack(
        self, truth_of: dict[int, float], width: int = 4, stop_after: int | None = None
    ) -> list[tuple[str, float, float, float]]:
        """Every suppressed count whose true value is 1–7 (``truth_of``: row index of :attr:`suppressed` → true
        value) recovered to fewer than ``width`` integers: (description, truth, low, high); the first
        ``stop_after`` only, when given."""
        a, lo, hi = self._matrix()
        n = len(self.att.atoms)
        cons = LinearConstraint(a, lo, hi)
        bounds = Bounds(np.zeros(n), np.full(n, np.inf))
        a_ub = sp.vstack([a[np.isfinite(hi)], -a[np.isfinite(lo)]]).tocsr()
        b_ub = np.concatenate([hi[np.isfinite(hi)], -lo[np.isfinite(lo)]])
        failures: list[tuple[str, float, float, float]] = []
        seen: set[tuple[tuple[int, float], ...]] = set()
        self._spread(truth_of, a, lo, hi, bounds)
        for index, truth in truth_of.items():
            row = self.suppressed.loc[index].to_dict()
            e = target_expr(self.att, row)
            if e is None:
                continue
            key = tuple(sorted(e.items()))
            if key in seen:
                continue
            seen.add(key)
            objective = np.zeros(n)
            for v, c in e.items():
                objective[v] = c
            low, high = self._range(objective, cons, bounds, a_ub, b_ub, truth, width)
            assert low - 1e-6 <= truth <= high + 1e-6, (row, truth, low, high)
            if integers(low, high) < width:
                name = " ".join(str(row[k]) for k in ("year", "indicator", "category", "breakdown", "stratum"))
                failures.append((f"{name} {row['group']} {row['measure']}", truth, low, high))
                if stop_after is not None and len(failures) >= stop_after:
                    break
        return failures

    def _spread(
        self, truth_of: dict[int, float], a: sp.csr_array, lo: np.ndarray, hi: np.ndarray, bounds: Bounds
    ) -> None:
        """Integer points that push every target down, up (each at most 10 above its truth) and in random
        directions: they settle most targets without programmes of their own."""
        exprs = [target_expr(self.att, self.suppressed.loc[i].to_dict()) for i in truth_of]
        rows = [(e, t) for e, t in zip(exprs, truth_of.values(), strict=True) if e is not None]
        if not rows:
            return
        n = len(self.att.atoms)
        t_mat = sp.lil_array((len(rows), n))
        for r, (e, _) in enumerate(rows):
            for v, c in e.items():
                t_mat[r, v] = c
        t_csr = t_mat.tocsr()
        cap = LinearConstraint(t_csr, np.full(len(rows), -np.inf), np.array([t + 10 for _, t in rows]))
        rng = np.random.default_rng(0)
        weights = [np.ones(len(rows)), -np.ones(len(rows))] + [rng.choice([-1.0, 1.0], len(rows)) for _ in range(2)]
        for w in weights:
            res = milp(w @ t_csr, constraints=[LinearConstraint(a, lo, hi), cap], integrality=np.ones(n), bounds=bounds)
            if res.status == 0:
                self.points.append(np.round(res.x))

    def _range(
        self,
        objective: np.ndarray,
        cons: LinearConstraint,
        bounds: Bounds,
        a_ub: sp.csr_array,
        b_ub: np.ndarray,
        truth: float,
        width: int,
    ) -> tuple[float, float]:
        """The integer range of ``objective``: integer points found before settle it when they spread over
        ``width`` integers; else the LP relaxation (a superset) settles a failure; else integer programmes."""
        values = [float(objective @ p) for p in self.points] + [truth]
        if max(values) - min(values) >= width - 1 - 1e-6:
            return min(values), max(values)
        ends = []
        for sign in (1.0, -1.0):
            res = linprog(sign * objective, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
            ends.append(math.inf if res.status == 3 else sign * float(res.fun))
        if integers(ends[0], ends[1]) < width:
            return ends[0], ends[1]  # the relaxation is already too narrow: the integer range is narrower still
        found = []
        for sign in (1.0, -1.0):
            res = milp(sign * objective, constraints=cons, integrality=np.ones(len(objective)), bounds=bounds)
            if res.status == 0:
                self.points.append(np.round(res.x))
                found.append(sign * float(res.fun))
            else:
                assert sign < 0, f"attacker programme failed: {res.message}"
                found.append(math.inf)
            if sign > 0 and truth - found[0] >= width - 1 - 1e-6:
                return found[0], truth
        return found[0], found[1]
