"""Where today's rates lead, for one organisation, WRES year and tier (issue 17): the Model Employer targets per band
and the pipeline projection with its scenarios, gathered once for the report, the dashboard and the CLI.

* **Model Employer** (:mod:`wres.analysis.model_employer`, wres-domain.md §7.2): each band judged against the
  trajectory *as issued* on or before the year (:mod:`wres.store.issued_targets`), or, when none was issued,
  against the trajectory computed from the store and labelled "not issued". The counts are indicator 1's; the public
  tier reads them as published (:func:`wres.disclosure.wres_tables.protect_indicator_results`: rounded, small ones
  suppressed), so every public share and head count comes from published counts (methods.md §11.2).
* **Pipeline projection** (:mod:`wres.analysis.projection`, methods.md §12): the baseline and the scenarios of
  :data:`DEFAULT_SCENARIOS`, with the parity year against the same reference share the Model Employer targets use
  by default (the overall BME share at the latest snapshot), and the chance of reaching it by the Model Employer
  target year: whether today's appointment and promotion rates deliver the target. The public tier is
  :func:`public_projection`: :func:`wres.analysis.projection.public_view` (shares and years only), less the shares
  at the latest snapshot itself (exact counts' ratios).

Either part can be missing (``None`` with a note saying why: no snapshot for the baseline, too few years to estimate
flows, no shortlisting data for equal appointment, ...); nothing here raises for a store that simply holds too
little.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from wres.analysis.projection.run import STARTING_SHARE_WITHHELD
from wres.config import WresConfig
from wres.errors import WresError

if TYPE_CHECKING:
    from wres.analysis.model_employer import BandProgress, CountsTable, Trajectory
    from wres.analysis.projection import Projection
    from wres.reports.paygap_content import PayGapShown
    from wres.store import Store

__all__ = [
    "DEFAULT_SCENARIOS",
    "STARTING_SHARE_WITHHELD",
    "ModelEmployerView",
    "Outlook",
    "indicator1_tables",
    "issued_trajectory",
    "model_employer_view",
    "model_employer_views",
    "outlook",
    "outlooks",
    "projection_view",
    "public_projection",
]

TIERS: Final = ("public", "internal")
DEFAULT_SCENARIOS: Final = ("equal-promotion", "equal-appointment", "equal-leaving")
"""The what-if scenarios shown beside the baseline (a hiring mix needs a share chosen by the organisation: CLI)."""
DEFAULT_RUNS: Final = 1000
DEFAULT_SEED: Final = 20261207


def indicator1_tables(
    store: Store, org: str, years: list[int], tiers: tuple[str, ...], config: WresConfig
) -> dict[str, CountsTable]:
    """Indicator 1's counts for ``years`` in each of ``tiers`` (public: as published, disclosure control applied)."""
    from wres.analysis.model_employer import counts_from_results
    from wres.disclosure.wres_tables import protect_indicator_results
    from wres.indicators import compute
    from wres.indicators.source import from_store

    res = compute(from_store(store), years, orgs=[org], config=config)
    out: dict[str, CountsTable] = {}
    for tier in tiers:
        frame = protect_indicator_results(res, config=config).results if tier == "public" else res.frame
        out[tier] = counts_from_results(frame, org)
    return out


def issued_trajectory(issue: Any, org: str, tier: str) -> Trajectory:
    """The trajectory an issue (:func:`wres.store.issued_targets.latest_issue`) recorded, in ``tier``."""
    from wres.analysis.model_employer import IssueStamp, TrajectoryRow, trajectory_from_rows
    from wres.config import ModelEmployerOptions

    params = dict(issue.parameters)
    params["bands"] = tuple(params["bands"])
    options = ModelEmployerOptions(**params)
    stamp = IssueStamp(issue.issue_year, issue.version, issue.issued_by, issue.issued_at)
    rows = [TrajectoryRow(**vars(r)) for r in issue.rows]
    return trajectory_from_rows(org, tier, options, rows, issue.notes, stamp)


@dataclass(frozen=True)
class ModelEmployerView:
    """Every band judged in ``year`` (``rows``) and in every year from the baseline to the target year or ``year``,
    whichever is later (``path``: the trajectory and the actual shares, for a chart), against ``trajectory``."""

    trajectory: Trajectory
    year: int
    rows: list[BandProgress]
    path: list[BandProgress]

    @property
    def issued(self) -> bool:
        return self.trajectory.issued is not None


def _snapshot_years(store: Store, org: str) -> list[int]:
    from wres.reports.data import available_years

    return available_years(store, org)


def model_employer_view(store: Store, org: str, year: int, config: WresConfig, tier: str) -> ModelEmployerView:
    """The Model Employer view of ``org`` in WRES ``year`` for ``tier``; :class:`~wres.errors.WresError` when the
    year precedes the baseline year or the store holds no snapshot for it."""
    if tier not in TIERS:
        raise WresError(f"tier must be public or internal, not {tier!r}")
    return model_employer_views(store, org, year, config, (tier,))[tier]


def model_employer_views(
    store: Store, org: str, year: int, config: WresConfig, tiers: tuple[str, ...]
) -> dict[str, ModelEmployerView]:
    """:func:`model_employer_view` for each of ``tiers``, indicator 1 computed once for all of them."""
    from wres.analysis.model_employer import build_trajectory, judge, judge_years
    from wres.store.issued_targets import latest_issue

    options = config.model_employer
    held = _snapshot_years(store, org)
    if year not in held:
        raise WresError(f"no 31 March {year} staff snapshot for {org}")
    issue = latest_issue(store.con, org, year)
    start = min(options.baseline_year, *(r.baseline_year for r in issue.rows)) if issue else options.baseline_year
    if year < start:
        raise WresError(f"WRES year {year} is before the Model Employer baseline year {start}")
    span = [y for y in held if start <= y <= year]
    tables = indicator1_tables(store, org, span, tiers, config)
    out: dict[str, ModelEmployerView] = {}
    for tier in tiers:
        table = tables[tier]
        traj = (
            issued_trajectory(issue, org, tier)
            if issue is not None
            else build_trajectory(table, org, options, year, tier)
        )
        every = list(range(traj.baseline_year, max(traj.options.target_year, year) + 1))
        out[tier] = ModelEmployerView(traj, year, judge(traj, table, year), judge_years(traj, table, every))
    return out


def _project(
    store: Store, org: str, year: int, config: WresConfig, scenarios: tuple[str, ...], runs: int, seed: int
) -> Projection:
    """The internal projection: the baseline and ``scenarios`` (equal appointment left out, with a note, when the store
    holds no shortlisting data)."""
    from wres.analysis.projection import parse_scenario, project
    from wres.indicators.source import from_store

    src = from_store(store)
    chosen = [parse_scenario(s) for s in scenarios]
    target_year = config.model_employer.target_year
    try:
        return project(src, org, config, scenarios=chosen, runs=runs, seed=seed, target_year=target_year, latest=year)
    except WresError as exc:
        if "equal appointment needs shortlisting data" not in str(exc):
            raise
        chosen = [s for s in chosen if s.kind != "equal-appointment"]
        result = project(src, org, config, scenarios=chosen, runs=runs, seed=seed, target_year=target_year, latest=year)
        result.notes.append(f"equal appointment not projected: {exc}")
        return result


def public_projection(result: Projection, config: WresConfig) -> Projection:
    """The public tier's projection: :func:`wres.analysis.projection.public_view` (shares and years only, the
    latest snapshot's own shares left out)."""
    from wres.analysis.projection import public_view

    return public_view(result, config)


def projection_view(
    store: Store,
    org: str,
    year: int,
    config: WresConfig,
    tier: str,
    *,
    scenarios: tuple[str, ...] = DEFAULT_SCENARIOS,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
) -> Projection:
    """The pipeline projection of ``org`` from its 31 March ``year`` snapshot, the baseline and ``scenarios``
    (equal appointment left out when the store holds no shortlisting data, with a note), the parity year's target
    year the Model Employer target year; the public tier's view (:func:`public_projection`) in ``tier`` ``public``."""
    if tier not in TIERS:
        raise WresError(f"tier must be public or internal, not {tier!r}")
    result = _project(store, org, year, config, scenarios, runs, seed)
    return public_projection(result, config) if tier == "public" else result


@dataclass
class Outlook:
    """What "Where today's rates lead" shows for one organisation, year and tier (module docstring)."""

    org_code: str
    year: int
    tier: str
    model_employer: ModelEmployerView | None
    projection: Projection | None
    notes: list[str] = field(default_factory=list)
    """Why a part is missing, in plain words."""
    paygap: PayGapShown | None = None
    """The ethnicity pay gap at 31 March of the year (:mod:`wres.reports.paygap_content`); None when not gathered."""


def outlook(
    store: Store,
    org: str,
    year: int,
    config: WresConfig,
    tier: str,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
) -> Outlook:
    """:func:`model_employer_view` and :func:`projection_view` together; a part the store cannot support is None,
    with the reason in :attr:`Outlook.notes`."""
    notes: list[str] = []
    me: ModelEmployerView | None = None
    proj: Projection | None = None
    try:
        me = model_employer_view(store, org, year, config, tier)
    except WresError as exc:
        notes.append(f"Model Employer targets: {exc}")
    try:
        proj = projection_view(store, org, year, config, tier, runs=runs, seed=seed)
    except WresError as exc:
        notes.append(f"Pipeline projection: {exc}")
    return Outlook(org, year, tier, me, proj, notes)


def outlooks(
    store: Store,
    org: str,
    year: int,
    config: WresConfig,
    tiers: tuple[str, ...] = TIERS,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
    paygap: bool = True,
    paygap_resamples: int | None = None,
) -> dict[str, Outlook]:
    """:func:`outlook` for each of ``tiers``, the projection simulated once (the public tier's is
    :func:`public_projection` of the internal one: the same runs, as :func:`outlook` would give with the same seed),
    and, unless ``paygap=False``, the ethnicity pay gap of each tier (:func:`wres.reports.paygap_content.paygap_shown`,
    ``paygap_resamples`` bootstrap resamples, default ``[paygap] n_resamples``)."""
    for tier in tiers:
        if tier not in TIERS:
            raise WresError(f"tier must be public or internal, not {tier!r}")
    proj: Projection | None = None
    proj_note: str | None = None
    try:
        proj = _project(store, org, year, config, DEFAULT_SCENARIOS, runs, seed)
    except WresError as exc:
        proj_note = f"Pipeline projection: {exc}"
    views: dict[str, ModelEmployerView] = {}
    me_note: str | None = None
    try:
        views = model_employer_views(store, org, year, config, tiers)
    except WresError as exc:
        me_note = f"Model Employer targets: {exc}"
    pay: dict[str, PayGapShown] = {}
    if paygap:
        from wres.reports.paygap_content import paygap_shown

        pay = paygap_shown(store, org, year, config, tiers, resamples=paygap_resamples)
    out: dict[str, Outlook] = {}
    for tier in tiers:
        notes = [n for n in (me_note, proj_note) if n is not None]
        shown = None if proj is None else public_projection(proj, config) if tier == "public" else proj
        out[tier] = Outlook(org, year, tier, views.get(tier), shown, notes, pay.get(tier))
    return out
