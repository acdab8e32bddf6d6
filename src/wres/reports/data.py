"""What the annual WRES report shows: gathered once from the store, then viewed per tier.

:func:`gather` computes the nine indicators once for an organisation and WRES year Y (and the two years before it,
where the store has them: last year for the change, the year before for indicator 3's rolling comparison and the
three-year series in the charts), with the WRES grouping and one disaggregated grouping, and keeps only the rows
the report publishes (:func:`published_rows`). :func:`tier_view` turns that into what one tier may show:

* ``internal``: the rows as computed, unsuppressed;
* ``public``: :func:`wres.disclosure.protect` applied to the counts and result rows *before* anything is
  rendered, so every table, chart and sentence is built from public values only (suppressed cells ``[c]``, counts
  rounded, derived statistics at display precision), with the policy and its footnote recorded. Under the default
  policy ``public-v2`` every statistic of a public row (share, rate, ratio, gap, interval, status, flags) is
  computed from the row's *published, rounded* counts (methods.md §11.2 step 3), and
  :attr:`TierView.statistics_note` is the footnote that says so.

Both views carry the change since last year (:func:`wres.analysis.change.year_on_year`, computed on the tier's own
rows: in the public tier from the published counts, so a public change is never built from a suppressed or an
unrounded figure). Trend tests and chart series must likewise read the view's ``results``, never
:attr:`ReportData.results` (internal).

The "Is it getting better?" section's inputs (monthly and quarterly periodic counts, the leading indicators) are
queried in :func:`gather` too (:func:`wres.reports.progress_data.gather_progress`), and each view carries its tier's
view of them (:attr:`TierView.progress`: the public tier's SPC through the public tier's own rules, its leading rows
protected, its detectability from the protected rows).

"Where today's rates lead" (the Model Employer targets and the pipeline projection, issue 17) is gathered once per
tier in :func:`gather` (:func:`wres.reports.outlook_data.outlooks`: the projection simulated once, the public tier's
Model Employer from indicator 1's published counts and its projection from
:func:`wres.reports.outlook_data.public_projection`), and :attr:`TierView.outlook` is the tier's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import pandas as pd

from wres.config import DEFAULT_CONFIG, WresConfig
from wres.errors import WresError
from wres.plan.records import Plan
from wres.reports.outlook_data import DEFAULT_RUNS, Outlook, outlooks
from wres.reports.progress_data import ProgressInputs, ProgressView, gather_progress, progress_view
from wres.store import Store
from wres.store.imports import ImportRecord, list_imports

__all__ = [
    "GROUP_BREAKDOWNS",
    "INTERNAL_NOTICE",
    "TIERS",
    "PlanContext",
    "ReportData",
    "TierView",
    "available_years",
    "check_request",
    "gather",
    "published_rows",
    "resolve_org",
    "rows_of",
    "tier_view",
]

TIERS: Final = ("public", "internal")
INTERNAL_NOTICE: Final = "INTERNAL — unsuppressed figures, not for publication"
"""What every page of the internal tier says (HTML banner, PDF running header and footer)."""

GROUP_BREAKDOWNS: Final = {"ethnicity5": "group5", "ethnicity9": "group9"}
"""Disaggregated views the report can show (``--groups``) and the grouping each gives."""

HISTORY: Final = 4
"""Years before Y the report computes, where the store holds them: five years in all, for the multi-year trend of
the headline and the series in the charts (last year gives the change, the year before indicator 3's rolling
comparison). The public tier protects all of them together (methods.md §11.3: last years' figures shown beside
this year's are one system)."""


@dataclass
class ReportData:
    """Everything the report needs for one organisation and WRES year, unsuppressed (internal).

    ``results`` and ``counts`` hold the published rows only (:func:`published_rows`) for every year in ``years``;
    ``headcounts`` is :func:`wres.store.summary.headcount_by_year` (internal tier only); ``imports`` the import
    ledger entries of the organisation.
    """

    org_code: str
    org_name: str
    year: int
    years: list[int]
    grouping: str
    results: pd.DataFrame
    counts: pd.DataFrame
    metadata: dict[str, Any]
    config: WresConfig
    headcounts: pd.DataFrame
    imports: list[ImportRecord]
    store_years: list[int]
    notes: list[str] = field(default_factory=list)
    disaggregated: bool = True
    plan: PlanContext | None = None
    """The organisation's race equality plan, when one is recorded (the report's plan section)."""
    progress: ProgressInputs | None = None
    """What the "Is it getting better?" section is computed from (:mod:`wres.reports.progress_data`); None when
    :func:`gather` was asked not to compute it."""
    outlook: dict[str, Outlook] | None = None
    """"Where today's rates lead" for each tier (:func:`wres.reports.outlook_data.outlooks`); None when
    :func:`gather` was asked not to compute it."""


@dataclass(frozen=True)
class PlanContext:
    """The race equality plan the report shows (:mod:`wres.reports.sections.plan`): the public tier shows it only
    when it is published; the internal tier shows it whatever its status, with its momentum on ``today``."""

    plan: Plan
    today: date
    accounts: frozenset[str] | None = None
    """The user names that still have an account in the organisation (None: not known, no owner is flagged)."""
    names: Mapping[str, str] = field(default_factory=dict)
    """Full names by user name (the internal report names people; the public one only with
    ``[plan] publish_names = true``)."""


@dataclass
class TierView:
    """What one tier shows: result rows, counts and changes (public values in the public tier)."""

    tier: str
    results: pd.DataFrame
    counts: pd.DataFrame
    changes: pd.DataFrame
    disclosure: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    groups_shown: bool = True
    progress: ProgressView | None = None
    """The tier's view of the "Is it getting better?" section (SPC, leading indicators, detectability; public
    values in the public tier: :func:`wres.reports.progress_data.progress_view`)."""
    outlook: Outlook | None = None
    """The tier's "Where today's rates lead" (Model Employer and the projection; public values in the public tier)."""

    @property
    def public(self) -> bool:
        return self.tier == "public"

    @property
    def footnote(self) -> str | None:
        text = self.disclosure.get("footnote")
        return str(text) if text else None

    @property
    def statistics_note(self) -> str | None:
        """The public tier's note that its figures come from counts rounded to 5 ("figures are calculated from counts
        rounded to the nearest 5, so they can differ slightly from the organisation's return"; ``public-v2``), to be
        printed once beside the public statistics; ``None`` in the internal tier and under ``public-v1``."""
        text = self.disclosure.get("statistics_note") if self.public else None
        return str(text) if text else None

    @property
    def suppressed_any(self) -> bool:
        """True when any count or result row of this view is suppressed."""
        if not self.public:
            return False
        rows = "disclosure" in self.results and bool((self.results["disclosure"] == "suppressed").any())
        cells = "disclosure" in self.counts and bool((self.counts["disclosure"] == "suppressed").any())
        return rows or cells


def available_years(store: Store, org: str) -> list[int]:
    """WRES years with a 31 March staff snapshot for ``org`` in the store, ascending."""
    rows = store.con.execute(
        "SELECT DISTINCT year(snapshot_date) AS y FROM staff WHERE org_code = ? AND month(snapshot_date) = 3 "
        "AND day(snapshot_date) = 31 ORDER BY y",
        [org],
    ).fetchall()
    return [int(r[0]) for r in rows]


def resolve_org(store: Store, org: str | None) -> str:
    """``org`` checked against the store, or the store's only organisation when ``org`` is None."""
    known = store.organisations()
    if org is None:
        if len(known) == 1:
            return known[0]
        if not known:
            raise WresError(f"{store.path}: the store holds no organisations yet (run `wres import` or `wres load`)")
        shown = ", ".join(known[:10]) + (" …" if len(known) > 10 else "")
        raise WresError(f"the store holds {len(known)} organisations ({shown}); choose one with --org")
    if org not in known:
        raise WresError(f"organisation {org!r} is not in the store (it holds {', '.join(known[:10]) or 'none'})")
    return org


def _org_name(store: Store, org: str) -> str:
    row = store.con.execute("SELECT org_name FROM organisations WHERE org_code = ?", [org]).fetchone()
    return str(row[0]) if row and row[0] else org


def published_rows(frame: pd.DataFrame, year: int, grouping: str) -> pd.Series:
    """Which rows (of a result or counts frame) the report publishes.

    * the WRES grouping: every row of Y and Y−1 (overall, indicator 1's categories, bands and clusters); of earlier
      years, the overall rows only (the series in the charts and indicator 3's rolling comparison);
    * the disaggregated grouping: overall rows of Y and Y−1.

    The same predicate selects counts and results, so :func:`wres.disclosure.protect` sees every count behind each
    published figure.
    """
    years = pd.to_numeric(frame["year"]).astype("int64")
    overall = (frame["breakdown"] == "overall") & (frame["category"] == "all")
    wres = frame["grouping"] == "wres"
    groups = (frame["grouping"] == grouping) & overall & (years >= year - 1)
    mask = (wres & ((years >= year - 1) | overall)) | groups
    return mask & (years <= year)


def check_request(store: Store, year: int, org: str | None = None, groups: str = "ethnicity5") -> tuple[str, list[int]]:
    """The organisation asked for (see :func:`resolve_org`) and its WRES years in the store, once the request is
    known to be answerable: raises :class:`~wres.errors.WresError` for an unknown organisation, a year without a
    31 March snapshot, or an unknown ``groups`` breakdown (quick: nothing is computed)."""
    if groups not in GROUP_BREAKDOWNS:
        raise WresError(f"--groups must be one of {', '.join(GROUP_BREAKDOWNS)}, not {groups!r}")
    org = resolve_org(store, org)
    have = available_years(store, org)
    if year not in have:
        shown = ", ".join(map(str, have)) if have else "none"
        raise WresError(f"no data for WRES year {year} for {org}: no 31 March {year} staff snapshot (years: {shown})")
    return org, have


def gather(
    store: Store,
    year: int,
    org: str | None = None,
    *,
    config: WresConfig = DEFAULT_CONFIG,
    groups: str = "ethnicity5",
    disaggregate: bool = True,
    progress: bool = True,
    outlook: bool = True,
    outlook_runs: int = DEFAULT_RUNS,
    paygap_resamples: int | None = None,
) -> ReportData:
    """Compute what the report for ``org`` (default: the store's only organisation) and WRES ``year`` shows.

    ``disaggregate=False`` leaves the disaggregated groups out of the computation (a public report that does not
    publish them need not compute them); ``progress=False`` leaves out what the "Is it getting better?" section
    needs (:func:`wres.reports.progress_data.gather_progress`: the monthly series and the leading indicators);
    ``outlook=False`` leaves out "Where today's rates lead" (:func:`wres.reports.outlook_data.outlooks`: the Model
    Employer targets and the pipeline projection, ``outlook_runs`` Monte Carlo runs per scenario, default 1,000; and
    the ethnicity pay gap, ``paygap_resamples`` bootstrap resamples, default ``[paygap] n_resamples``).

    Raises :class:`~wres.errors.WresError` for an unknown organisation, a year without a 31 March snapshot, or an
    unknown ``groups`` breakdown.
    """
    from wres.indicators import compute, from_store
    from wres.store.summary import headcount_by_year

    org, have = check_request(store, year, org, groups)
    years = [y for y in range(year - HISTORY, year + 1) if y in have]
    src = from_store(store)
    res = compute(src, years, orgs=[org], by=groups if disaggregate else None, config=config)
    # before the queries below on the store's connection (a fetchone leaves a result open that Ibis then trips on)
    progress_inputs = gather_progress(src, org, year, config) if progress else None
    outlook_views = (
        outlooks(store, org, year, config, TIERS, runs=outlook_runs, paygap_resamples=paygap_resamples)
        if outlook
        else None
    )
    grouping = GROUP_BREAKDOWNS[groups]
    results = res.frame[published_rows(res.frame, year, grouping).to_numpy()].reset_index(drop=True)
    counts = res.counts[published_rows(res.counts, year, grouping).to_numpy()].reset_index(drop=True)
    headcounts = headcount_by_year(store.con, org)
    imports = [r for r in list_imports(store) if not r.organisations or org in r.organisations]
    notes = [str(n) for n in res.metadata.get("notes", [])]
    return ReportData(
        org_code=org,
        org_name=_org_name(store, org),
        year=year,
        years=years,
        grouping=grouping,
        results=results,
        counts=counts,
        metadata=dict(res.metadata),
        config=config,
        headcounts=headcounts,
        imports=imports,
        store_years=have,
        notes=notes,
        disaggregated=disaggregate,
        progress=progress_inputs,
        outlook=outlook_views,
    )


def tier_view(data: ReportData, tier: str, *, public_groups: bool = False) -> TierView:
    """The rows one tier shows: ``public`` applies :func:`wres.disclosure.protect` first; ``internal`` does not.

    The public tier leaves the disaggregated groups out unless ``public_groups``: everything published together is
    protected as one system (methods.md §11.3), and the small groups share cells with the WRES totals, so
    publishing them forces the suppression of headline WRES figures (for a trust of 1,500 staff, even the BME share
    of the workforce). The internal tier always shows them.
    """
    from wres.analysis.change import year_on_year

    if tier not in TIERS:
        raise WresError(f"--tier must be one of {', '.join(TIERS)}, not {tier!r}")
    groups_shown = data.disaggregated
    if tier == "public":
        from wres.disclosure import DisclosurePolicy, protect

        counts, results = data.counts, data.results
        if not public_groups:
            groups_shown = False
            counts = counts[counts["grouping"] == "wres"].reset_index(drop=True)
            results = results[results["grouping"] == "wres"].reset_index(drop=True)
        policy = DisclosurePolicy.from_config(data.config.disclosure)
        protected = protect(counts, results, policy, config=data.config)
        results, counts = protected.results, protected.counts
        disclosure = dict(protected.metadata["disclosure"])
        notes = list(protected.notes)
    else:
        results, counts = data.results.copy(), data.counts.copy()
        disclosure = {
            "tier": "internal",
            "policy": None,
            "notice": INTERNAL_NOTICE,
            "description": "internal tier: counts and statistics are unsuppressed and unrounded",
        }
        notes = []
    changes = year_on_year(results, data.year)
    progress = None if data.progress is None else progress_view(data.progress, tier, results, data.config)
    shown = None if data.outlook is None else data.outlook.get(tier)
    return TierView(tier, results, counts, changes, disclosure, notes, groups_shown, progress, shown)


def rows_of(frame: pd.DataFrame, **where: Any) -> pd.DataFrame:
    """Rows of ``frame`` whose columns equal the given values (a value may be a list: any of them)."""
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        if isinstance(value, Sequence) and not isinstance(value, str):
            mask &= frame[column].isin(list(value))
        else:
            mask &= frame[column] == value
    return frame[mask]
