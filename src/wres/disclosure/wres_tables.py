"""The public policy applied to WRES outputs: the counts table and the result rows (methods.md §11.2–11.4).

:func:`protect` builds **one linear system per organisation** over everything published for it (every year in
the input, so last year's figures shown beside this year's are protected together), runs
:func:`~wres.disclosure.control.protect_cells`, and returns the public tier: counts rounded or suppressed
(``[c]``), result rows with the counts replaced by their public values, derived statistics suppressed where any
input is, the rest at display precision, and a ``disclosure`` status column.

**Cells.** A cell is one count: (year, what is counted, staff category, breakdown, stratum, ethnic group). The
ethnic group is keyed by the *set of canonical ethnic codes* it covers, so the same people are one cell whatever
grouping shows them (White in the WRES, 5- and 9-group views; the total of every grouping), and a 9-group
"Unknown" (which holds the code "BME, not specified") stays distinct from the WRES "Unknown". What is counted is
shared across indicators where it is the same number: the 31 March headcount (indicator 1, the denominators of 3
and 4, indicator 9's workforce) is one set of cells, and indicator 3's previous-year entrants are the entrants of
year Y−1. Two figures that should be one cell but differ are kept apart, with a note.

**Constraints** (each checked against the true values before it is added):

* groups: total = sum of each grouping's groups (W + B + U = total); a coarser group = the finer groups that
  make it up (White = White British + White Irish + White Other; 5-group Other = Chinese + Other), plus, where
  the finer groups fall short, a *hidden* cell: WRES BME = Mixed + Asian + Black + Other + the people recorded
  only as "BME, not specified" (whom the 5- and 9-groups count as Unknown). Hidden cells are never published;
  the audit protects them when they are 1–7;
* strata: each breakdown's strata add up to their total (bands → the category or the organisation, clusters
  likewise, other breakdowns → overall); categories add up (clinical + non-clinical + medical & dental = all,
  per band, cluster and overall); a cluster = its bands;
* sums shown in results: indicator 3's rolling entrants = entrants of Y and Y−1; indicator 9's known-only bases
  = White + BME.

**Derived statistics:** each count column of a result row (``a, n1, c, n2, unknown`` and the row's whole base)
is mapped to its cell; a statistic is suppressed when any of its counts is (:mod:`wres.disclosure.derived`), and
the counts behind every statistic still shown are treated by the audit as known exactly
(``policy.derived_pins_counts``).

**Exempt:** organisations in ``national`` (all-England aggregates) when ``policy.national_exempt``; indicator 9's
board counts when ``policy.indicator9_exempt`` (not by default, wres-domain.md §10 #23).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.disclosure.audit import AuditReport
from wres.disclosure.control import KEEP, CellProtection, ExactFor, protect_cells
from wres.disclosure.derived import COUNT_INPUTS, RESULT_DEPENDENCIES, result_masks, round_results_for_display
from wres.disclosure.policy import MARKER, DisclosurePolicy
from wres.disclosure.published import EVERYONE, statistics_from_counts
from wres.disclosure.rounding import SUPPRESSED
from wres.disclosure.system import CellSystem
from wres.indicators.board import DERIVED as BOARD_DERIVED
from wres.indicators.board import VARIANTS as BOARD_VARIANTS
from wres.indicators.compute import IndicatorResults
from wres.indicators.counts import COUNT_COLUMNS, EXTRA_MEASURES, group_lookup
from wres.indicators.people import NOT_RECORDED
from wres.indicators.results import EVENTS_PEOPLE, RESULT_KEY, WHITE_SUBGROUPS
from wres.stats.reasons import SUPPRESSED as REASON_SUPPRESSED
from wres.vocab.bands import BANDS, cluster_of
from wres.vocab.ethnicity import CATEGORIES, GROUP5, GROUP9

NATIONAL_CODES: Final = frozenset({"ENG", "E92000001"})
"""Organisation codes read as all-England aggregates (exempt when ``policy.national_exempt``)."""

SHOWN: Final = "shown"
SUPPRESSED_ROW: Final = "suppressed"
EXEMPT_ROW: Final = "exempt"
NOT_AVAILABLE: Final = "not_available"
NOT_A_COUNT: Final = "not_a_count"

UNRECOGNISED: Final = "?"
"""Pseudo-code for ethnic codes outside the vocabulary (the roll-up counts them as Unknown)."""
STAFF: Final = "staff"
ENTRANTS: Final = "3/entrants"
ROLLING: Final = "3/entrants_2y"
GROUP_LABELS: Final[dict[str, tuple[str, ...]]] = {
    "wres": ("White", "BME", "Unknown"),
    "group5": GROUP5,
    "group9": GROUP9,
}
_CLUSTER = {code: cluster_of(code) or "Unmapped" for code in BANDS} | {NOT_RECORDED: NOT_RECORDED}

Codes = frozenset[str]
Slice = tuple[int, str, str, str, str]  # year, space, category, breakdown, stratum
Key = tuple[int, str, str, str, str, Codes]


# ethnic groups as sets of canonical codes ---------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCodes:
    """Each (grouping, group label) as the set of canonical ethnic codes it covers."""

    labels: Mapping[str, Mapping[str, Codes]]
    everyone: Codes
    names: Mapping[Codes, str]

    @classmethod
    def from_config(cls, config: WresConfig) -> GroupCodes:
        labels: dict[str, dict[str, Codes]] = {}
        names: dict[Codes, str] = {}
        everyone = frozenset({*CATEGORIES, UNRECOGNISED})
        names[everyone] = "Total"
        for grouping, expected in GROUP_LABELS.items():
            lookup = group_lookup(grouping, config)
            sets: dict[str, set[str]] = {label: set() for label in expected}
            for code in CATEGORIES:
                sets.setdefault(lookup[code], set()).add(code)
            sets.setdefault("Unknown", set()).add(UNRECOGNISED)
            labels[grouping] = {label: frozenset(codes) for label, codes in sets.items()}
            used = set(names.values())
            for label, codes in labels[grouping].items():
                names.setdefault(codes, label if label not in used else f"{label} ({grouping})")
            names.setdefault(everyone - labels[grouping]["Unknown"], f"Known ({grouping})")
        return cls(labels, everyone, names)

    def codes(self, grouping: str, label: str) -> Codes:
        """The codes of a group; the 9-group's all-White comparator is its three White groups."""
        known = self.labels.get(grouping, {})
        if label in known:
            return known[label]
        if grouping == "group9" and label == "White":
            return frozenset().union(*(known[g] for g in WHITE_SUBGROUPS))
        return frozenset({f"{grouping}:{label}"})

    def known(self, grouping: str) -> Codes:
        """Everyone but the grouping's Unknown group (the base of indicator 9's known-only variant)."""
        return self.everyone - self.codes(grouping, "Unknown")

    def name(self, codes: Codes) -> str:
        return self.names.get(codes) or "codes " + "+".join(sorted(codes))


# where a count of the counts table lives in the system ------------------------------------------------------


def space_of(indicator: str, variant: str, measure: str, year: int) -> tuple[str, int]:
    """What a count counts, and the year it belongs to.

    The 31 March headcount is one space for indicators 1, 3, 4 and 9; indicator 3's ``entrants_prev`` of year Y
    are the entrants of year Y−1.
    """
    if (indicator, measure) in (("1", "headcount"), ("3", "headcount"), ("4", "headcount"), ("9", "workforce")):
        return STAFF, year
    if indicator == "3" and measure in ("entrants", "entrants_prev"):
        return ENTRANTS, year - 1 if measure == "entrants_prev" else year
    return f"{indicator}/{variant}/{measure}", year


@dataclass
class OrgSystem:
    """The linear system of one organisation, with where each count and result figure lives in it."""

    org: str
    system: CellSystem
    groups: GroupCodes
    exempt_spaces: frozenset[str] = frozenset()
    keys: dict[Key, str] = field(default_factory=dict)
    groupings: dict[Slice, set[str]] = field(default_factory=lambda: defaultdict(set))
    notes: list[str] = field(default_factory=list)
    aliases: dict[tuple[Slice, str], Slice] = field(default_factory=dict)

    def resolve(self, key: Key, source: str) -> Key:
        """The key of a count from ``source`` ("indicator/variant"), following a kept-apart alias."""
        alias = self.aliases.get((key[:5], source))
        return key if alias is None else (*alias, key[5])

    def cell_id(self, key: Key) -> str:
        year, space, category, breakdown, stratum, codes = key
        return f"{self.org} {year} {space} {category}/{breakdown}/{stratum} {self.groups.name(codes)}"

    def add(self, key: Key, value: int, margin: bool = False) -> str | None:
        """Add a cell (or find it); ``None`` when the key is taken by a different value."""
        existing = self.keys.get(key)
        if existing is not None:
            return existing if self.system.value(existing) == value else None
        cid = self.cell_id(key)
        self.system.add_cell(cid, value, margin=margin, exempt=key[1] in self.exempt_spaces)
        self.keys[key] = cid
        return cid

    def hidden(self, key: Key, value: int) -> str | None:
        """An unpublished cell (see :class:`~wres.disclosure.system.Cell`); ``None`` when its value would be
        negative or differs from the same cell found before. In an exempt space (the board's counts when the board
        is exempt) the cell is exempt instead: published figures give it exactly, and nothing protects it."""
        if value < 0:
            return None
        existing = self.keys.get(key)
        if existing is not None:
            return existing if self.system.value(existing) == value else None
        cid = self.cell_id(key)
        if key[1] in self.exempt_spaces:  # the difference of exempt counts (the board's) is known exactly anyway
            self.system.add_cell(cid, value, exempt=True)
        else:
            self.system.add_cell(cid, value, hidden=True)
        self.keys[key] = cid
        return cid

    def constrain(self, total: str, parts: list[str], label: str) -> None:
        if self.system.holds(total, parts):
            self.system.add_constraint(total, parts, label)
        else:
            self.notes.append(f"{label}: the parts do not add up to the total; no constraint added")

    def ensure(self, key: Key) -> str | None:
        """The cell for ``key``, made as a sum of one grouping's groups when it is not a count of its own."""
        if key in self.keys:
            return self.keys[key]
        year, space, category, breakdown, stratum, codes = key
        sl: Slice = (year, space, category, breakdown, stratum)
        for grouping in sorted(self.groupings.get(sl, ())):
            labels = self.groups.labels.get(grouping, {})
            parts = [c for c in labels.values() if c <= codes]
            if parts and frozenset().union(*parts) == codes:
                ids = [self.keys.get((*sl, c)) for c in parts]
                if any(i is None for i in ids):
                    continue
                part_ids = [i for i in ids if i is not None]
                cid = self.add(key, sum(self.system.value(i) for i in part_ids), margin=True)
                if cid is None:
                    return None
                if part_ids != [cid]:
                    self.constrain(cid, part_ids, f"{self.groups.name(codes)} = its groups ({grouping})")
                return cid
        return None

    def ensure_difference(self, key: Key, whole: Key, part: Key, label: str) -> str | None:
        """A cell that is one count minus another it holds (the board's non-voting members = the whole board − its
        voting members), with the constraint whole = part + this cell."""
        if key in self.keys:
            return self.keys[key]
        whole_id, part_id = self.ensure(whole), self.ensure(part)
        if whole_id is None or part_id is None:
            return None
        value = self.system.value(whole_id) - self.system.value(part_id)
        if value < 0:
            return None
        cid = self.add(key, value)
        if cid is not None:
            self.constrain(whole_id, [part_id, cid], label)
        return cid

    def ensure_sum(self, key: Key, parts: list[Key], label: str) -> str | None:
        """A cell that is the sum of other cells (e.g. entrants over two years)."""
        if key in self.keys:
            return self.keys[key]
        ids = [self.ensure(p) for p in parts]
        if any(i is None for i in ids):
            return None
        part_ids = [i for i in ids if i is not None]
        cid = self.add(key, sum(self.system.value(i) for i in part_ids), margin=True)
        if cid is not None:
            self.constrain(cid, part_ids, label)
        return cid


def _count(value: float, where: str) -> int:
    if not float(value).is_integer() or value < 0:
        raise ValueError(f"{where}: a count must be a non-negative whole number, not {value!r}")
    return int(value)


def build_org_system(
    counts: pd.DataFrame, org: str, groups: GroupCodes, policy: DisclosurePolicy
) -> tuple[OrgSystem, list[str | None]]:
    """The system for one organisation's counts (every year) and the cell of each counts row (None: not a
    count or not available)."""
    board = frozenset(f"9/{v}/members" for v in BOARD_VARIANTS)
    exempt = board if policy.indicator9_exempt else frozenset()
    org_sys = OrgSystem(org, CellSystem(), groups, exempt)
    # gather each source's counts per slice ("source" = indicator/variant), zero-filling absent groups
    batches: dict[tuple[Slice, str], dict[Codes, tuple[int, str]]] = {}
    row_keys: list[tuple[Slice, str, Codes] | None] = []
    text = {c: counts[c].astype(str).tolist() for c in COUNT_COLUMNS if c not in ("year", "value")}
    years = counts["year"].astype("int64").tolist()
    values = pd.to_numeric(counts["value"], errors="coerce").astype(float).tolist()
    for r, value in enumerate(values):
        indicator, variant, measure = text["indicator"][r], text["variant"][r], text["measure"][r]
        if measure in EXTRA_MEASURES or math.isnan(value):
            row_keys.append(None)
            continue
        space, year = space_of(indicator, variant, measure, years[r])
        sl: Slice = (year, space, text["category"][r], text["breakdown"][r], text["stratum"][r])
        source = f"{indicator}/{variant}"
        grouping = text["grouping"][r]
        codes = groups.codes(grouping, text["group"][r])
        n = _count(value, org_sys.cell_id((*sl, codes)))
        batch = batches.setdefault((sl, source), {})
        if codes in batch and batch[codes][0] != n:
            raise ValueError(f"{org_sys.cell_id((*sl, codes))}: two different counts from indicator {indicator}")
        batch[codes] = (n, grouping)
        row_keys.append((sl, source, codes))
    claimed: dict[Slice, dict[Codes, int]] = defaultdict(dict)
    for (sl, source), batch in batches.items():
        full = {codes: n for codes, (n, _) in batch.items()}
        for grouping in {g for _, g in batch.values()}:
            for codes in groups.labels.get(grouping, {}).values():
                full.setdefault(codes, 0)
        target = sl
        if any(claimed[sl].get(c, v) != v for c, v in full.items()):
            # the same people counted differently by another indicator: keep this source's figures apart
            target = (sl[0], f"{sl[1]}#{source}", *sl[2:])
            org_sys.aliases[(sl, source)] = target
            org_sys.notes.append(f"{org_sys.cell_id((*sl, groups.everyone))}: indicator {source} differs, kept apart")
        claimed[target].update(full)
        for codes, (n, grouping) in batch.items():
            org_sys.add((*target, codes), n)
            org_sys.groupings[target].add(grouping)
    row_cells: list[str | None] = []
    for rk in row_keys:
        if rk is None:
            row_cells.append(None)
            continue
        sl, source, codes = rk
        row_cells.append(org_sys.keys[org_sys.resolve((*sl, codes), source)])
    _group_constraints(org_sys)
    _stratum_constraints(org_sys)
    return org_sys, row_cells


def _group_constraints(o: OrgSystem) -> None:
    """Zero cells for absent groups, totals, and coarser groups = finer groups, within each slice."""
    for sl, groupings in list(o.groupings.items()):
        for grouping in sorted(groupings):
            labels = o.groups.labels.get(grouping, {})
            present = [o.keys.get((*sl, codes)) or o.add((*sl, codes), 0) for codes in labels.values()]
            ids = [i for i in present if i is not None]
            total = o.add((*sl, o.groups.everyone), sum(o.system.value(i) for i in ids), margin=True)
            if total is None:
                o.notes.append(f"{o.cell_id((*sl, o.groups.everyone))}: totals of the groupings differ")
                continue
            o.constrain(total, ids, f"groups ({grouping}) = total")
        cells = {k[5]: cid for k, cid in o.keys.items() if k[:5] == sl}
        for parent, pid in list(cells.items()):
            if parent == o.groups.everyone:
                continue
            for grouping in sorted(groupings):
                children = [c for c in o.groups.labels.get(grouping, {}).values() if c <= parent and c in cells]
                if not children or children == [parent]:
                    continue
                rest = parent - frozenset().union(*children)
                parts = [cells[c] for c in children]
                if rest:
                    # the parent also holds codes no group of this grouping covers (e.g. WRES BME holds "BME, not
                    # specified", which the 5- and 9-groups count as Unknown): an unpublished cell, never < 0
                    value = o.system.value(pid) - sum(o.system.value(c) for c in parts)
                    hidden = o.hidden((*sl, rest), value)
                    if hidden is None:
                        o.notes.append(f"{o.cell_id((*sl, rest))}: inconsistent with {pid}; no constraint added")
                        continue
                    parts.append(hidden)
                    cells[rest] = hidden
                if len(parts) >= 2:
                    o.constrain(pid, parts, f"{o.groups.name(parent)} = its groups ({grouping})")


def _stratum_constraints(o: OrgSystem) -> None:
    """Strata add up to their totals, categories add up, clusters are their bands (per year, space, group)."""
    by_table: dict[tuple[int, str, Codes], dict[tuple[str, str, str], str]] = defaultdict(dict)
    for (year, space, category, breakdown, stratum, codes), cid in o.keys.items():
        by_table[(year, space, codes)][(category, breakdown, stratum)] = cid
    for (year, space, codes), cells in by_table.items():
        where = f"{year} {space} {o.groups.name(codes)}"

        def total_of(category: str, cells: dict[tuple[str, str, str], str] = cells) -> str | None:
            return cells.get(("all", "overall", "all") if category == "all" else (category, "category", "all"))

        strata: dict[tuple[str, str], list[str]] = defaultdict(list)
        across: dict[tuple[str, str], list[str]] = defaultdict(list)
        for (category, breakdown, stratum), cid in cells.items():
            if breakdown in ("overall", "category"):
                continue
            strata[(category, breakdown)].append(cid)
            if category != "all":
                across[(breakdown, stratum)].append(cid)
        for (category, breakdown), parts in strata.items():
            total = total_of(category)
            if total is not None:
                o.constrain(total, parts, f"{where}: {category} by {breakdown}")
        for (breakdown, stratum), parts in across.items():
            total = cells.get(("all", breakdown, stratum))
            if total is not None:
                o.constrain(total, parts, f"{where}: categories of {breakdown} {stratum}")
        categories = [cid for (cat, bd, _), cid in cells.items() if bd == "category" and cat != "all"]
        overall = total_of("all")
        if categories and overall is not None:
            o.constrain(overall, categories, f"{where}: categories")
        for (category, breakdown, stratum), cid in cells.items():
            if breakdown != "cluster":
                continue
            bands = [
                b
                for (cat, bd, band), b in cells.items()
                if cat == category and bd == "band" and _CLUSTER.get(band, "Unmapped") == stratum
            ]
            if bands:
                o.constrain(cid, bands, f"{where}: cluster {stratum} of {category}")


# result rows → cells -----------------------------------------------------------------------------------------


Ref = tuple[str, float]  # cell id, factor (indicator 3's rolling base is twice the headcount)


def result_refs(o: OrgSystem, row: Mapping[str, Any]) -> dict[str, Ref]:
    """The cells behind the counts of one result row (:data:`~wres.disclosure.derived.COUNT_INPUTS`)."""
    ind, variant, grouping = str(row["indicator"]), str(row["variant"]), str(row["grouping"])
    year = int(row["year"])
    here = (str(row["category"]), str(row["breakdown"]), str(row["stratum"]))
    g = o.groups
    ga, gb = str(row["group_a"]), str(row["group_b"])
    refs: dict[str, tuple[Key, float]] = {}
    if ind == "1":
        overall = ("all", "overall", "all")
        refs["a"] = ((year, STAFF, *here, g.codes(grouping, ga)), 1.0)
        refs["n1"] = refs["everyone"] = ((year, STAFF, *here, g.everyone), 1.0)
        refs["c"] = ((year, STAFF, *overall, g.codes(grouping, ga)), 1.0)
        refs["n2"] = ((year, STAFF, *overall, g.everyone), 1.0)
        refs["unknown"] = ((year, STAFF, *here, g.codes(grouping, "Unknown")), 1.0)
    elif ind == "9":
        base = variant.removesuffix("_known_only")
        members = f"9/{base}/members"
        whole = g.known(grouping) if variant.endswith("_known_only") else g.everyone
        if base in BOARD_DERIVED:  # non-voting = board − voting, non-executive = board − executive
            of, less = (f"9/{v}/members" for v in BOARD_DERIVED[base])
            for codes in (g.codes(grouping, ga), whole):
                o.ensure_difference(
                    (year, members, *here, codes),
                    (year, of, *here, codes),
                    (year, less, *here, codes),
                    f"{year} board {g.name(codes)} = {BOARD_DERIVED[base][1]} + {base}",
                )
        refs["a"] = ((year, members, *here, g.codes(grouping, ga)), 1.0)
        refs["n1"] = ((year, members, *here, whole), 1.0)
        refs["c"] = ((year, STAFF, *here, g.codes(grouping, ga)), 1.0)
        refs["n2"] = ((year, STAFF, *here, whole), 1.0)
    elif ind in EVENTS_PEOPLE:
        events, people = EVENTS_PEOPLE[ind]
        count_variant = "all" if ind == "3" else variant
        ev, _ = space_of(ind, count_variant, events, year)
        pe, _ = space_of(ind, count_variant, people, year)
        factor = 2.0 if (ind == "3" and variant == "rolling") else 1.0
        for col, den, label in (("a", "n1", ga), ("c", "n2", gb)):
            codes = g.codes(grouping, label)
            if factor == 2.0:
                refs[col] = ((year, ROLLING, *here, codes), 1.0)
                o.ensure_sum(
                    (year, ROLLING, *here, codes),
                    [(year, ev, *here, codes), (year - 1, ev, *here, codes)],
                    f"{year} rolling entrants {g.name(codes)} = two years",
                )
            else:
                refs[col] = ((year, ev, *here, codes), 1.0)
            refs[den] = ((year, pe, *here, codes), factor)
        refs["unknown"] = ((year, pe, *here, g.codes(grouping, "Unknown")), 1.0)
        refs["everyone"] = ((year, pe, *here, g.everyone), 1.0)
    sources = _result_sources(ind, variant)
    out: dict[str, Ref] = {}
    for col, (key, factor) in refs.items():
        shown = row.get("unknown" if col == "everyone" else col)
        if shown is None or pd.isna(shown):
            continue  # not available in this row
        cid = o.ensure(o.resolve(key, sources[col]))
        if cid is None:
            continue
        if col != "everyone" and o.system.value(cid) * factor != float(shown):
            raise RuntimeError(f"result count {col} = {shown} does not match cell {cid} ({o.system.value(cid)})")
        out[col] = (cid, factor)
    return out


def _result_sources(indicator: str, variant: str) -> dict[str, str]:
    """The counts source ("indicator/variant") of each count column of a result row (for kept-apart figures)."""
    count_variant = {"3": "all"}.get(indicator, variant.removesuffix("_known_only"))
    source = f"{indicator}/{count_variant}"
    return dict.fromkeys(COUNT_INPUTS, source)


# the public tier -----------------------------------------------------------------------------------------------


@dataclass
class Protected:
    """The public tier of a set of WRES outputs.

    * ``counts``: the counts table with ``value`` rounded, 0, or NaN when suppressed; ``disclosure`` (rounded,
      zero, suppressed, exempt, not_available, not_a_count) and ``display`` (the text to show: ``[c]`` when
      suppressed).
    * ``results``: result rows with public counts (NaN when suppressed), derived statistics suppressed where
      any input is (status ``not_computed``, reason ``suppressed``), display precision, and ``disclosure``
      (shown, suppressed, exempt).
    * ``cells``: every cell of the systems (totals included) with its public value and status.
    * ``log`` (internal tier only: it says which cells were primary): organisation, cell, kind, detail.
    * ``audits``: the final audit of each organisation; ``metadata``: policy id, version, parameters and footnote
      (public: it never says how many cells are primary and how many secondary, §11.2 step 5).
    * ``summary`` (internal tier only): cells, and suppressed cells by reason (primary, secondary, audit,
      unpublished counts protected).
    """

    counts: pd.DataFrame
    results: pd.DataFrame
    cells: pd.DataFrame
    log: pd.DataFrame
    audits: dict[str, AuditReport]
    metadata: dict[str, Any]
    notes: list[str]
    summary: dict[str, int] = field(default_factory=dict)


def exact_for_results(system: CellSystem, refs: list[dict[str, Ref]], estimate_type: pd.Series) -> ExactFor:
    """A callback for :func:`~wres.disclosure.control.protect_cells`: given the suppressed cells, the cells
    behind every derived statistic of the result rows that is still published (``refs`` maps each row's count
    columns to cells)."""
    ids = system.ids()
    index = {c: i for i, c in enumerate(ids)}
    cols = {col: np.array([index[r[col][0]] if col in r else -1 for r in refs], dtype=np.int64) for col in COUNT_INPUTS}

    def exact(suppressed: frozenset[str]) -> set[str]:
        hidden = np.zeros(len(ids) + 1, dtype=bool)  # the extra slot answers index -1 (no cell)
        for c in suppressed:
            hidden[index[c]] = True
        inputs = {col: hidden[idx] for col, idx in cols.items()}
        masks = result_masks(estimate_type, inputs)
        used = np.zeros(len(ids) + 1, dtype=bool)
        kinds = estimate_type.astype(object).to_numpy()
        for kind, table in RESULT_DEPENDENCIES.items():
            rows = kinds == kind
            for column, needs in table.items():
                shown = rows & ~masks[column]
                for name in needs:
                    used[cols[name][shown]] = True
        return {ids[i] for i in np.flatnonzero(used[:-1])}

    return exact


def suppression_preference(o: OrgSystem) -> Callable[[str], int]:
    """``public-v2``'s order for the cells it adds when the audit finds one exposed (ADR 0013), so that indicator
    1's BME shares stay wherever a row's BME and White counts are both above ``suppress_max``:

    0. an Unknown count of a band, cluster or category (behind no headline share);
    1. a White staff count of one (the BME share stays), or any staff count of a band, cluster or category row
       whose BME or White count is suppressed anyway (its BME share is not one the policy aims to show);
    2. anything else: overall figures (the board's comparison among them) and other indicators' counts;
    3. (:data:`wres.disclosure.control.KEEP`) the BME count and the total of a band, cluster or category row whose
       BME and White counts are both above ``suppress_max``: suppressing either hides a BME share the policy aims to
       show (methods.md §11.4), so the remedy takes one only when nothing else protects the exposed cell, and
       :func:`wres.disclosure.control.free_kept_cells` then tries to publish it again.
    """
    unknown = {o.groups.codes(g, "Unknown") for g in GROUP_LABELS}
    white, bme = o.groups.codes("wres", "White"), o.groups.codes("wres", "BME")
    small: set[tuple[int, str, str, str, str]] = set()
    for (year, space, category, breakdown, stratum, codes), cid in o.keys.items():
        if space == STAFF and codes in (white, bme) and o.system.value(cid) <= 7:
            small.add((year, space, category, breakdown, stratum))
    rank: dict[str, int] = {}
    for key, cid in o.keys.items():
        year, space, category, breakdown, stratum, codes = key
        inner = breakdown != "overall"
        if codes in unknown and inner:
            rank[cid] = 0
        elif space == STAFF and inner and (codes == white or (year, space, category, breakdown, stratum) in small):
            rank[cid] = 1
        elif space == STAFF and inner:
            rank[cid] = KEEP
        else:
            rank[cid] = 2
    return lambda cid: rank.get(cid, 2)


def _public_counts(counts: pd.DataFrame, row_cells: list[str | None], outcome: CellProtection | None) -> pd.DataFrame:
    out = counts.copy()
    values: list[float] = []
    status: list[str] = []
    for value, measure, cid in zip(counts["value"], counts["measure"], row_cells, strict=True):
        if measure in EXTRA_MEASURES:
            values.append(value)
            status.append(NOT_A_COUNT)
        elif pd.isna(value):
            values.append(np.nan)
            status.append(NOT_AVAILABLE)
        elif outcome is None or cid is None:
            values.append(float(value))
            status.append(EXEMPT_ROW)
        else:
            shown = outcome.public[cid]
            values.append(np.nan if shown.value is None else float(shown.value))
            status.append(shown.status)
    out["value"] = np.array(values, dtype=float)
    out["disclosure"] = status
    out["display"] = [
        MARKER if s == SUPPRESSED else ("" if np.isnan(v) else f"{v:g}") for v, s in zip(values, status, strict=True)
    ]
    return out


def _public_results(
    results: pd.DataFrame,
    refs: list[dict[str, Ref]],
    outcome: CellProtection | None,
    exempt: bool,
    policy: DisclosurePolicy,
    config: WresConfig,
) -> pd.DataFrame:
    out = results.copy()
    n = len(out)
    if outcome is None:
        out["disclosure"] = EXEMPT_ROW if exempt else SHOWN
        return out
    hidden: dict[str, np.ndarray] = {}
    published: dict[str, np.ndarray] = {}
    for col in COUNT_INPUTS:
        values = np.full(n, np.nan)
        mask = np.zeros(n, dtype=bool)
        for i, r in enumerate(refs):
            if col not in r:
                continue
            cid, factor = r[col]
            shown = outcome.public[cid]
            if shown.value is None:
                mask[i] = True
            else:
                values[i] = shown.value * factor
        if col in out:
            # fail closed: a count the system does not hold (no cell found for it) is never shown as it is, but
            # for a zero where zeros are shown (a band nobody is in: the results' fixed rows, no count behind them)
            original = out[col].to_numpy(dtype=float)
            has_ref = np.array([col in r for r in refs], dtype=bool)
            zero = (original == 0) & policy.show_zeros
            mask |= ~has_ref & ~np.isnan(original) & ~zero
            out[col] = np.where(~has_ref & zero, 0.0, values)
        hidden[col] = mask
        published[col] = values
    if policy.statistics_from_published:  # public-v2: statistics from the published counts (§11.2 step 3)
        out[EVERYONE] = published["everyone"]
        out = statistics_from_counts(out, config).drop(columns=EVERYONE)
    masks = result_masks(out["estimate_type"], hidden)
    for column, mask in masks.items():
        if column not in out or not mask.any():
            continue
        if column == "strong_evidence" or column == "small_numbers":
            out.loc[mask, column] = False
        elif column == "flags":
            out.loc[mask, column] = ""
        elif column in ("status", "side", "reason"):
            continue
        else:
            out.loc[mask, column] = np.nan
    reading = masks["status"]
    out.loc[reading, "status"] = "not_computed"
    out.loc[reading, "reason"] = REASON_SUPPRESSED
    out.loc[reading, "side"] = None
    any_hidden = np.zeros(n, dtype=bool)
    for mask in hidden.values():
        any_hidden |= mask
    out["disclosure"] = np.where(any_hidden, SUPPRESSED_ROW, SHOWN)
    return out


def protect(
    counts: pd.DataFrame,
    results: pd.DataFrame,
    policy: DisclosurePolicy | None = None,
    *,
    config: WresConfig = DEFAULT_CONFIG,
    national: Collection[str] = NATIONAL_CODES,
) -> Protected:
    """Apply the public policy to a counts table (:data:`~wres.indicators.counts.COUNT_COLUMNS`) and the result
    rows computed from it (:data:`~wres.indicators.results.RESULT_COLUMNS`), organisation by organisation.

    ``policy`` defaults to ``config.disclosure``. Raises
    :class:`~wres.disclosure.control.DisclosureBlockedError` when an organisation's output cannot be protected.
    """
    policy = policy or DisclosurePolicy.from_config(config.disclosure)
    groups = GroupCodes.from_config(config)
    counts = counts[COUNT_COLUMNS].reset_index(drop=True)
    orgs = list(dict.fromkeys([*counts["org_code"].astype(str), *results["org_code"].astype(str)]))
    count_parts: list[pd.DataFrame] = []
    result_parts: list[pd.DataFrame] = []
    cell_rows: list[dict[str, Any]] = []
    log_rows: list[dict[str, Any]] = []
    audits: dict[str, AuditReport] = {}
    notes: list[str] = []
    tally = {"cells": 0, "primary": 0, "secondary": 0, "audit": 0, "unpublished_protected": 0}
    for org in orgs:
        org_counts = counts[counts["org_code"].astype(str) == org].reset_index(drop=True)
        org_results = results[results["org_code"].astype(str) == org].reset_index(drop=True)
        exempt = policy.national_exempt and org in set(national)
        if exempt:
            count_parts.append(_public_counts(org_counts, [None] * len(org_counts), None))
            result_parts.append(_public_results(org_results, [], None, True, policy, config))
            continue
        # cells are made in a canonical order (ties in the choice of cells to suppress go to the earlier cell), so
        # the pattern depends on the data, not on the order of its rows (§11.3: deterministic)
        count_order = _canonical_order(org_counts, COUNT_KEY_COLUMNS)
        result_order = _canonical_order(org_results, RESULT_KEY)
        org_sys, sorted_cells = build_org_system(
            org_counts.iloc[count_order].reset_index(drop=True), org, groups, policy
        )
        row_cells = _unsort(sorted_cells, count_order)
        sorted_records = org_results.iloc[result_order].to_dict("records")
        refs = _unsort([result_refs(org_sys, row) for row in sorted_records], result_order)
        exact = None
        if policy.pins_counts:
            exact = exact_for_results(org_sys.system, refs, org_results["estimate_type"])
        outcome = protect_cells(org_sys.system, policy, exact, suppression_preference(org_sys))
        audits[org] = outcome.audit
        notes += [f"{org}: {n}" for n in org_sys.notes]
        count_parts.append(_public_counts(org_counts, row_cells, outcome))
        result_parts.append(_public_results(org_results, refs, outcome, False, policy, config))
        for cell in org_sys.system.cells.values():
            if cell.hidden:
                continue
            shown = outcome.public[cell.id]
            cell_rows.append({"org_code": org, "cell": cell.id, "value": shown.value, "disclosure": shown.status})
            tally["cells"] += 1
        for reason in outcome.reasons.values():
            if reason.kind == "hidden":
                continue
            log_rows.append({"org_code": org, "cell": reason.cell, "kind": reason.kind, "detail": reason.detail})
            hidden = org_sys.system.cells[reason.cell].hidden
            tally["unpublished_protected" if hidden else reason.kind] += 1
    public_counts = _concat(count_parts, [*COUNT_COLUMNS, "disclosure", "display"])
    public_results = _concat(result_parts, [*results.columns, "disclosure"])
    if not public_results.empty:
        public_results = round_results_for_display(public_results)
    metadata = {
        "disclosure": {
            **policy.as_metadata(),
            "footnote": policy.footnote(),
            "tier": "public",
            "exempt_organisations": [o for o in orgs if policy.national_exempt and o in set(national)],
            "cells": tally["cells"],
        }
    }
    if policy.statistics_note:
        metadata["disclosure"]["statistics_note"] = policy.statistics_note
    return Protected(
        public_counts,
        public_results,
        pd.DataFrame(cell_rows, columns=["org_code", "cell", "value", "disclosure"]),
        pd.DataFrame(log_rows, columns=["org_code", "cell", "kind", "detail"]),
        audits,
        metadata,
        notes,
        tally,
    )


COUNT_KEY_COLUMNS: Final = [c for c in COUNT_COLUMNS if c != "value"]


def _canonical_order(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Row positions of ``frame`` sorted by ``columns`` as text (a stable sort)."""
    if frame.empty:
        return np.arange(0)
    keys = frame[[c for c in columns if c in frame]].astype(str).reset_index(drop=True)
    return keys.sort_values(list(keys.columns), kind="stable").index.to_numpy(dtype=np.int64)


def _unsort(values: list[Any], order: np.ndarray) -> list[Any]:
    """``values`` (in ``order``) back in the frame's own row order."""
    out: list[Any] = [None] * len(values)
    for position, row in enumerate(order):
        out[int(row)] = values[position]
    return out


def _concat(parts: Iterable[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [p for p in parts if not p.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def protect_indicator_results(
    res: IndicatorResults,
    policy: DisclosurePolicy | None = None,
    *,
    config: WresConfig = DEFAULT_CONFIG,
    national: Collection[str] = NATIONAL_CODES,
) -> Protected:
    """:func:`protect` for an :class:`~wres.indicators.IndicatorResults`; its metadata is carried over."""
    out = protect(res.counts, res.frame, policy, config=config, national=national)
    out.metadata = {**res.metadata, **out.metadata}
    return out
