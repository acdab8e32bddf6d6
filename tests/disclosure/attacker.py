"""An independent attacker for the differencing-attack test (methods.md §11.4).

It reads only public outputs (the counts table and result rows that :func:`wres.disclosure.protect` returns) and
knows how WRES figures are *defined*; it never uses ``wres.disclosure``'s cells or constraints. Its unknowns are
the finest counts every published figure is a sum of ("atoms"): per year, what is counted, indicator 1's staff
category × band (one stratum for every other figure), and ethnic class (canonical codes with the same WRES, 5- and
9-group labels). So every relation between published figures — totals, groupings, categories, clusters, a
headcount shown by four indicators, last year's entrants inside this year's rolling figure — holds by
construction, whether or not the protection code thought of it.

What it knows of each figure: a shown count ``r`` is within ``[r − 2, r + 2]``, a shown 0 is 0, a suppressed
count is ≥ 0, and a shown share or rate ``p`` (three decimals: a percentage to 1 dp) means
``(p − ½·10⁻³)·base ≤ count ≤ (p + ½·10⁻³)·base``. For the count under attack it also assumes 1–7.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linprog

from wres.vocab.bands import BANDS, cluster_of
from wres.vocab.ethnicity import CATEGORIES, group5_of, group9_of

HALF_UNIT = 0.0005 + 1e-9
ROUNDING = 2
POSITION = {"wres": 0, "group5": 1, "group9": 2}
LABELS = sorted({(cat.wres_group.value, group5_of(code), group9_of(code)) for code, cat in CATEGORIES.items()})
WHITE9 = ("White British", "White Irish", "White Other")
CLUSTER = {code: cluster_of(code) or "Unmapped" for code in BANDS}


def ethnic_classes(groupings: set[str]) -> list[tuple[str, str, str]]:
    """Codes no published grouping tells apart form one class (fewer unknowns, the same programme)."""
    seen: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for labels in LABELS:
        seen.setdefault(tuple(labels[POSITION[g]] for g in sorted(groupings)), labels)
    return [labels for labels in LABELS if labels in seen.values()] if groupings else LABELS


def _members(labels: tuple[str, str, str], every: list[tuple[str, str, str]], groupings: set[str]) -> list[int]:
    """Classes in the same merged class as ``labels``."""

    def sig(x: tuple[str, str, str]) -> tuple[str, ...]:
        return tuple(x[POSITION[g]] for g in sorted(groupings))

    return [i for i, c in enumerate(every) if sig(c) == sig(labels)]


def space(indicator: str, variant: str, measure: str, year: int) -> tuple[str, int]:
    if (indicator, measure) in (("1", "headcount"), ("3", "headcount"), ("4", "headcount"), ("9", "workforce")):
        return "staff", year
    if indicator == "3" and measure == "entrants_prev":
        return "entrants", year - 1
    if indicator == "3" and measure == "entrants":
        return "entrants", year
    return f"{indicator}|{variant}|{measure}", year


Expr = dict[int, float]


@dataclass
class Attacker:
    """The atoms of one organisation and everything published about them."""

    staff_strata: dict[int, list[tuple[str, str]]]
    groupings: set[str]
    atoms: dict[tuple[int, str, tuple[str, str], int], int] = field(default_factory=dict)
    rows: list[tuple[Expr, float, float]] = field(default_factory=list)
    base: tuple[sp.csr_array, np.ndarray] | None = None
    points: list[np.ndarray] = field(default_factory=list)  # feasible solutions found so far
    _classes: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def classes(self, grouping: str, label: str) -> list[int]:
        """The ethnic classes a group label covers (classes no published grouping tells apart are merged)."""
        if (grouping, label) not in self._classes:
            self._classes[(grouping, label)] = self._find_classes(grouping, label)
        return self._classes[(grouping, label)]

    def _find_classes(self, grouping: str, label: str) -> list[int]:
        every = ethnic_classes(self.groupings)
        pos = POSITION[grouping]
        if label == "Total":
            wanted = LABELS
        elif grouping == "group9" and label == "White":
            wanted = [c for c in LABELS if c[2] in WHITE9]
        elif label == "Known":
            wanted = [c for c in LABELS if c[pos] != "Unknown"]
        else:
            wanted = [c for c in LABELS if c[pos] == label]
        out = {i for c in wanted for i in _members(c, every, self.groupings)}
        return sorted(out)

    def var(self, key: tuple[int, str, tuple[str, str], int]) -> int:
        if key not in self.atoms:
            self.atoms[key] = len(self.atoms)
        return self.atoms[key]

    def strata(self, sp_name: str, year: int, category: str, breakdown: str, stratum: str) -> list[tuple[str, str]]:
        if sp_name != "staff":
            return [("all", "all")] if breakdown == "overall" else []
        pairs = self.staff_strata.get(year, [])
        keep = [p for p in pairs if category in ("all", p[0])]
        if breakdown in ("overall", "category"):
            return keep
        if breakdown == "band":
            return [p for p in keep if p[1] == stratum]
        if breakdown == "cluster":
            return [p for p in keep if CLUSTER.get(p[1], "Unmapped") == stratum]
        return []

    def expr(
        self,
        indicator: str,
        variant: str,
        measure: str,
        year: int,
        where: tuple[str, str, str],
        grouping: str,
        label: str,
        factor: float = 1.0,
    ) -> Expr | None:
        sp_name, sp_year = space(indicator, variant, measure, year)
        strata = self.strata(sp_name, sp_year, *where)
        if not strata:
            return None
        out: Expr = {}
        for stratum in strata:
            for k in self.classes(grouping, label):
                v = self.var((sp_year, sp_name, stratum, k))
                out[v] = out.get(v, 0.0) + factor
        return out

    def bound(self, e: Expr | None, low: float, high: float) -> None:
        if e is not None:
            self.rows.append((e, low, high))

    def shown(self, e: Expr | None, value: float, exact: bool = False, factor: float = 1.0) -> None:
        """A published count (``factor`` for a count shown doubled)."""
        if e is None or math.isnan(value):
            return
        if value == 0 or exact:
            self.bound(e, value, value)
        else:
            self.bound(e, value - ROUNDING * factor, value + ROUNDING * factor)

    def share(self, num: Expr | None, den: Expr | None, p: float, half_unit: float = HALF_UNIT) -> None:
        """``num / den`` shown as ``p`` to within ``half_unit`` (three decimals): two linear inequalities."""
        if num is None or den is None or math.isnan(p):
            return
        for sign, q in ((1.0, p + half_unit), (-1.0, p - half_unit)):
            e: Expr = {}
            for v, c in num.items():
                e[v] = e.get(v, 0.0) + sign * c
            for v, c in den.items():
                e[v] = e.get(v, 0.0) - sign * q * c
            self.rows.append((e, -math.inf, 0.0))


def attacker_for(counts: pd.DataFrame, results: pd.DataFrame) -> Attacker:
    """Read one organisation's public counts and results."""
    bands = counts[(counts["indicator"] == "1") & (counts["breakdown"] == "band") & (counts["category"] != "all")]
    strata: dict[int, list[tuple[str, str]]] = {}
    for (year, cat, band), _ in bands.groupby(["year", "category", "stratum"]):
        strata.setdefault(int(year), []).append((str(cat), str(band)))
    att = Attacker(strata, set(counts["grouping"].astype(str)))
    for row in counts.to_dict("records"):
        if row["measure"] == "reconstructed" or row["disclosure"] in ("not_available", "suppressed"):
            continue
        where = (str(row["category"]), str(row["breakdown"]), str(row["stratum"]))
        e = att.expr(
            row["indicator"], row["variant"], row["measure"], int(row["year"]), where, row["grouping"], row["group"]
        )
        att.shown(e, float(row["value"]), exact=row["disclosure"] == "exempt")
    for row in results.to_dict("records"):
        _read_result(att, row)
    return att


EVENTS = {"2": ("appointed", "shortlisted"), "3": ("entrants", "headcount"), "4": ("accessed", "headcount")}
EVENTS |= dict.fromkeys(("5", "6", "7", "8"), ("adverse", "respondents"))


def result_exprs(att: Attacker, row: Mapping[str, object]) -> tuple[dict[str, Expr | None], dict[str, float]]:
    """The atoms behind each count of a result row (``a, n1, c, n2, unknown, everyone``) and the factor each is
    shown with (indicator 3's rolling base is twice the headcount)."""
    ind, variant, grouping = str(row["indicator"]), str(row["variant"]), str(row["grouping"])
    year = int(row["year"])  # type: ignore[call-overload]
    here = (str(row["category"]), str(row["breakdown"]), str(row["stratum"]))
    ga, gb = str(row["group_a"]), str(row["group_b"])
    exprs: dict[str, Expr | None] = {}
    factors = {"a": 1.0, "n1": 1.0, "c": 1.0, "n2": 1.0}
    if ind == "1":
        overall = ("all", "overall", "all")
        exprs["a"] = att.expr("1", "headcount", "headcount", year, here, grouping, ga)
        exprs["n1"] = exprs["everyone"] = att.expr("1", "headcount", "headcount", year, here, grouping, "Total")
        exprs["c"] = att.expr("1", "headcount", "headcount", year, overall, grouping, ga)
        exprs["n2"] = att.expr("1", "headcount", "headcount", year, overall, grouping, "Total")
        exprs["unknown"] = att.expr("1", "headcount", "headcount", year, here, grouping, "Unknown")
    elif ind == "9":
        base = variant.removesuffix("_known_only")
        whole = "Known" if variant.endswith("_known_only") else "Total"
        exprs["a"] = att.expr("9", base, "members", year, here, grouping, ga)
        exprs["n1"] = att.expr("9", base, "members", year, here, grouping, whole)
        exprs["c"] = att.expr("9", base, "workforce", year, here, grouping, ga)
        exprs["n2"] = att.expr("9", base, "workforce", year, here, grouping, whole)
    elif ind in EVENTS:
        events, people = EVENTS[ind]
        cv = "all" if ind == "3" else variant
        for col, den, label in (("a", "n1", ga), ("c", "n2", gb)):
            if ind == "3" and variant == "rolling":
                this = att.expr("3", cv, "entrants", year, here, grouping, label) or {}
                last = att.expr("3", cv, "entrants_prev", year, here, grouping, label) or {}
                exprs[col] = {v: this.get(v, 0.0) + last.get(v, 0.0) for v in {*this, *last}} or None
                exprs[den] = att.expr(ind, cv, people, year, here, grouping, label, factor=2.0)
                factors[den] = 2.0
            else:
                exprs[col] = att.expr(ind, cv, events, year, here, grouping, label)
                exprs[den] = att.expr(ind, cv, people, year, here, grouping, label)
        exprs["unknown"] = att.expr(ind, cv, people, year, here, grouping, "Unknown")
        exprs["everyone"] = att.expr(ind, cv, people, year, here, grouping, "Total")
    return exprs, factors


def _read_result(att: Attacker, row: Mapping[str, object], half_unit: float = HALF_UNIT, counts: bool = True) -> None:
    """One result row: its counts (unless ``counts`` is False) and its shares as linear constraints on the true
    counts, to within ``half_unit``."""
    if str(row["indicator"]) not in ("1", "9", *EVENTS):
        return
    exprs, factors = result_exprs(att, row)
    num = lambda k: float(row[k]) if row[k] is not None else math.nan  # noqa: E731
    exempt = row.get("disclosure") == "exempt"
    if counts:
        for col in ("a", "n1", "c", "n2", "unknown"):
            if col in exprs and col in row:
                att.shown(exprs[col], num(col), exact=exempt, factor=factors.get(col, 1.0))
    att.share(exprs.get("a"), exprs.get("n1"), num("rate_a"), half_unit)
    att.share(exprs.get("c"), exprs.get("n2"), num("rate_b"), half_unit)
    completeness = num("completeness")
    if not math.isnan(completeness) and exprs.get("unknown") and exprs.get("everyone"):
        att.share(exprs["unknown"], exprs["everyone"], 1.0 - completeness, half_unit)


def _matrix(att: Attacker) -> tuple[sp.csr_array, np.ndarray]:
    """Everything published, as ``A x <= b``."""
    if att.base is None:
        merged: dict[tuple[tuple[int, float], ...], tuple[float, float]] = {}
        for e, low, high in att.rows:  # the same figure is often shown more than once: keep the tightest bounds
            key = tuple(sorted(e.items()))
            old_low, old_high = merged.get(key, (-math.inf, math.inf))
            merged[key] = (max(old_low, low), min(old_high, high))
        data, ri, ci, lo, hi = [], [], [], [], []
        for r, (items, (low, high)) in enumerate(merged.items()):
            e = dict(items)
            for v, c in e.items():
                ri.append(r)
                ci.append(v)
                data.append(c)
            lo.append(low)
            hi.append(high)
        a = sp.csr_array((np.array(data), (np.array(ri), np.array(ci))), shape=(len(merged), len(att.atoms)))
        lo_a, hi_a = np.array(lo), np.array(hi)
        upper, lower = np.isfinite(hi_a), np.isfinite(lo_a)
        att.base = sp.vstack([a[upper], -a[lower]]).tocsr(), np.concatenate([hi_a[upper], -lo_a[lower]])
    return att.base


def feasible_range(
    att: Attacker, target: Expr, prior: tuple[float, float], truth: float, width: float
) -> tuple[float, float]:
    """The attacker's range for ``target`` (a count assumed to be within ``prior``).

    Stops early once the range is known to be at least ``width`` (the true value is feasible, so the minimum is
    at most ``truth``): the second programme is solved only when the first leaves the question open.
    """
    a, b = _matrix(att)
    n = len(att.atoms)
    objective = np.zeros(n)
    for v, c in target.items():
        objective[v] = c
    # feasible points found for other counts settle many cells without a programme of their own
    seen = [float(objective @ x) for x in att.points]
    seen = [v for v in seen if prior[0] - 1e-6 <= v <= prior[1] + 1e-6] + [truth]
    if max(seen) - min(seen) >= width - 1e-6:
        return min(seen), max(seen)
    a_ub = sp.vstack([a, sp.csr_array(objective.reshape(1, -1)), sp.csr_array(-objective.reshape(1, -1))]).tocsr()
    b_ub = np.concatenate([b, [prior[1], -prior[0]]])
    found: list[float] = []
    for sign in (-1.0, 1.0):
        res = linprog(sign * objective, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
        assert res.status in (0, 3), f"attacker programme failed: {res.message}"
        value = math.inf if res.status == 3 else sign * float(res.fun)
        if res.status == 0:
            att.points.append(np.asarray(res.x, dtype=float))
        found.append(value)
        if sign < 0 and value - truth >= width - 1e-6:
            return truth, value
    return found[1], found[0]


def primary_targets(
    public_counts: pd.DataFrame, true_counts: pd.DataFrame, low: int = 1, high: int = 7
) -> list[tuple[dict[str, object], float]]:
    """Suppressed rows of the public counts whose true value is ``low``–``high`` (the test knows the truth)."""
    key = [c for c in true_counts.columns if c != "value"]
    merged = public_counts.merge(true_counts.rename(columns={"value": "truth"}), on=key, how="left")
    hit = merged[(merged["disclosure"] == "suppressed") & merged["truth"].between(low, high)]
    return [(row, float(row["truth"])) for row in hit.to_dict("records")]


def target_expr(att: Attacker, row: Mapping[str, object]) -> Expr | None:
    where = (str(row["category"]), str(row["breakdown"]), str(row["stratum"]))
    return att.expr(
        str(row["indicator"]),
        str(row["variant"]),
        str(row["measure"]),
        int(row["year"]),  # type: ignore[call-overload]
        where,
        str(row["grouping"]),
        str(row["group"]),
    )


def attack(
    public_counts: pd.DataFrame, public_results: pd.DataFrame, true_counts: pd.DataFrame, width: float
) -> list[tuple[str, float, float, float]]:
    """Every primary-suppressed count of one organisation with the attacker's range narrower than ``width``:
    (description, truth, low, high). Also checks that the truth always lies in the attacker's range."""
    att = attacker_for(public_counts, public_results)
    failures: list[tuple[str, float, float, float]] = []
    targets = [(row, truth, target_expr(att, row)) for row, truth in primary_targets(public_counts, true_counts)]
    for row, truth, e in targets:
        if e is None:
            continue
        low, high = feasible_range(att, e, (1.0, 7.0), truth, width)
        assert low - 1e-6 <= truth <= high + 1e-6, f"truth {truth} outside the attacker's range [{low}, {high}]"
        if high - low < width - 1e-6:
            name = " ".join(str(row[k]) for k in ("year", "indicator", "variant", "category", "breakdown", "stratum"))
            failures.append((f"{name} {row['grouping']}:{row['group']} {row['measure']}", truth, low, high))
    return failures


def published_small_counts(public_counts: pd.DataFrame, public_results: pd.DataFrame) -> Sequence[str]:
    """Published (not suppressed, not exempt) counts of 1–7 anywhere in the public outputs."""
    out: list[str] = []
    shown = public_counts[public_counts["disclosure"].isin(["rounded", "zero"])]
    out += [f"counts row {i}" for i, v in shown["value"].items() if 1 <= v <= 7]
    public = public_results[public_results["disclosure"] != "exempt"]
    for col in ("a", "n1", "c", "n2", "unknown"):
        values = public[col].astype(float)
        out += [f"results {col} row {i}" for i, v in values.items() if 1 <= v <= 7]
    return out
