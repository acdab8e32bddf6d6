"""``wres model-employer``: Model Employer aspirational targets per band (wres-domain.md §7.2, ADR 0016).

``show`` judges a WRES year against the trajectory issued on or before it (:mod:`wres.store.issued_targets`), or,
when none was issued, against the trajectory computed from the store, labelled "not issued". ``issue`` records the
trajectory as issued for a year, in both tiers, as a new version.

The counts are indicator 1's (:func:`wres.indicators.compute`); the public tier (the default) reads them as
``wres indicators --tier public`` publishes them (:func:`wres.disclosure.wres_tables.protect_indicator_results`):
rounded, small ones suppressed, every public share and head count computed from those.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table as RichTable

from wres.cli.helptext import WresTyper
from wres.cli.main import console
from wres.cli.markup import literal, markup
from wres.cli.options import StoreOption, check_choice, pick_org
from wres.cli.progress_commands import FORMATS, TIERS, _csv, _emit
from wres.errors import UsageError, WresError

if TYPE_CHECKING:
    from fractions import Fraction

    from wres.analysis.model_employer import BandProgress, CountsTable, Trajectory
    from wres.config import WresConfig

model_employer_app = WresTyper(
    help="Model Employer aspirational targets: each senior band's BME share on a trajectory to the workforce's.",
    no_args_is_help=True,
)

OrgOption = Annotated[
    str | None, typer.Option("--org", help="ODS code (default: the store's only organisation).", show_default=False)
]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Configuration TOML file.")]
YearOption = Annotated[int | None, typer.Option("--year", help="WRES year (default: the latest in the store).")]


def _years(st: Any, code: str, year: int | None) -> tuple[int, list[int]]:
    from wres.cli.indicator_commands import _snapshot_years

    held = _snapshot_years(st, [code])
    if not held:
        raise WresError(f"no 31 March staff snapshot for {code} in the store")
    wanted = held[-1] if year is None else year
    if wanted not in held:
        raise WresError(
            f"no data for WRES year {wanted}: no 31 March staff snapshot for {code} (the store holds "
            f"{', '.join(map(str, held))})"
        )
    return wanted, held


def _tables(st: Any, code: str, years: list[int], tiers: tuple[str, ...], config: WresConfig) -> dict[str, CountsTable]:
    """Indicator 1's counts for ``years`` in each of ``tiers`` (:func:`wres.reports.outlook_data.indicator1_tables`)."""
    from wres.reports.outlook_data import indicator1_tables

    with console.status("computing indicator 1's counts"):
        return indicator1_tables(st, code, years, tiers, config)


@model_employer_app.command("show")
def show(
    org: OrgOption = None,
    year: YearOption = None,
    tier: Annotated[str, typer.Option("--tier", help="public (disclosure control applied) or internal.")] = "public",
    band: Annotated[
        list[str] | None, typer.Option("--band", help="Only this band (repeatable), e.g. 8c or '8a and above'.")
    ] = None,
    trajectory: Annotated[
        bool, typer.Option("--trajectory", help="Every year from the baseline year to the target year.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
    config_path: ConfigOption = None,
    store: StoreOption = None,
) -> None:
    """Each band's baseline, target and actual BME share, target and actual heads, the gap and the net BME gain per
    year still needed, against the trajectory as issued (or computed, "not issued")."""
    from wres.analysis.model_employer import build_trajectory, judge, judge_years
    from wres.config import load_config
    from wres.store import Store
    from wres.store.issued_targets import latest_issue

    check_choice("--tier", tier, TIERS)
    check_choice("--format", fmt, FORMATS)
    config = load_config(config_path)
    options = config.model_employer
    with Store(store, read_only=True) as st:
        code = pick_org(st, org)
        wanted, held = _years(st, code, year)
        issue = latest_issue(st.con, code, wanted)
        start = min(options.baseline_year, *(r.baseline_year for r in issue.rows)) if issue else options.baseline_year
        if wanted < start:
            raise WresError(
                f"WRES year {wanted} is before the Model Employer baseline year {start} "
                "([model_employer] baseline_year)"
            )
        span = [y for y in held if start <= y <= wanted]
        if trajectory:
            years = span  # every year's actuals
        elif issue is not None:
            years = [wanted]  # the targets are stored
        else:
            years = sorted({span[0], wanted})  # the baselines' year and this year's
        table = _tables(st, code, years, (tier,), config)[tier]
    traj = _issued(issue, code, tier) if issue is not None else build_trajectory(table, code, options, wanted, tier)
    shown = _bands(traj, band or [])
    if trajectory:
        every = list(range(traj.baseline_year, max(traj.options.target_year, wanted) + 1))
        rows = judge_years(traj, table, every)
    else:
        rows = judge(traj, table, wanted)
    rows = [r for r in rows if r.band in shown]
    if fmt == "table":
        _table(traj, rows, wanted, tier)
        return
    records = [{**r.record(), "trajectory": traj.label} for r in rows]
    if fmt == "json":
        payload = {"metadata": _metadata(traj, wanted, tier), "rows": records}
        _emit(json.dumps(payload, indent=2), out, len(records))
    else:
        import pandas as pd

        frame = pd.DataFrame(records).assign(trajectory_notes="; ".join(traj.notes))
        for column in ("target_heads", "actual_heads", "headcount", "gap", "required_gain_per_year"):
            frame[column] = frame[column].astype("Int64")
        _emit(_csv(frame), out, len(records))


def _issued(issue: Any, code: str, tier: str) -> Trajectory:
    from wres.reports.outlook_data import issued_trajectory

    return issued_trajectory(issue, code, tier)


def _bands(traj: Trajectory, wanted: list[str]) -> list[str]:
    have = [b.band for b in traj.bands]
    unknown = [b for b in wanted if b not in have]
    if unknown:
        raise UsageError(
            f"--band {unknown[0]!r} is not one of the Model Employer bands ({', '.join(have)}; [model_employer] bands)"
        )
    return wanted or have


def _pct(value: Fraction | None) -> str:
    return "–" if value is None else f"{float(value) * 100:.1f}%"


def _num(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _metadata(traj: Trajectory, year: int, tier: str) -> dict[str, Any]:
    from wres import __version__

    issued = None
    if traj.issued is not None:
        issued = {
            "issue_year": traj.issued.issue_year,
            "version": traj.issued.version,
            "issued_by": traj.issued.issued_by,
            "issued_at": traj.issued.issued_at,
        }
    share = traj.reference_share
    return {
        "wres_version": __version__,
        "org_code": traj.org_code,
        "year": year,
        "tier": tier,
        "trajectory": traj.label,
        "issued": issued,
        "parameters": {
            "baseline_year": traj.options.baseline_year,
            "target_year": traj.options.target_year,
            "bands": list(traj.options.bands),
            "reference": traj.options.reference,
        },
        "baseline_year_used": traj.baseline_year,
        "reference_year": traj.reference_year,
        "reference_share": None if share is None else round(float(share), 6),
        "notes": list(traj.notes),
    }


def _table(traj: Trajectory, rows: list[BandProgress], year: int, tier: str) -> None:
    label = "public (disclosure control applied)" if tier == "public" else "INTERNAL (unsuppressed)"
    title = f"Model Employer targets — {traj.org_code}, WRES {year}, {label}; trajectory {traj.label}"
    t = RichTable(title=literal(title), title_justify="left", pad_edge=False)
    columns = (
        "Band", "Year", "Baseline share", "Target share", "Actual share", "Target heads", "Actual heads", "Gap",
        "Net gain a year needed", "Status",
    )  # fmt: skip
    for col in columns:
        t.add_column(col, justify="left" if col in ("Band", "Status") else "right", overflow="fold")
    from wres.analysis.model_employer import STATUSES

    for r in rows:
        status = STATUSES[r.status] + (f" ({r.note})" if r.note else "")
        t.add_row(
            literal(r.band),
            str(r.year),
            _pct(r.baseline_share),
            _pct(r.target_share),
            _pct(r.actual_share),
            _num(r.target_heads),
            _num(r.actual.bme),
            _num(r.gap),
            _num(r.required_gain),
            literal(status),
        )
    console.print(t)
    o = traj.options
    console.print(
        markup(
            "[dim]baselines at 31 March {y0}; reference share {s} (overall BME share, 31 March {ry}, {ref}); target "
            "year {t}[/]",
            y0=traj.baseline_year,
            s=_pct(traj.reference_share),
            ry=traj.reference_year,
            ref=o.reference,
            t=o.target_year,
        )
    )
    for note in traj.notes:
        console.print(markup("[dim]note: {note}[/]", note=note))


@model_employer_app.command("issue")
def issue_command(
    org: OrgOption = None,
    year: YearOption = None,
    config_path: ConfigOption = None,
    store: StoreOption = None,
) -> None:
    """Record the trajectory as issued for a WRES year (both tiers; a new version if one was issued that year), so
    that later years are judged against it."""
    from wres.analysis.model_employer import build_trajectory, trajectory_rows
    from wres.config import load_config
    from wres.store import Store, default_store_path
    from wres.store.issued_targets import record_issue

    config = load_config(config_path)
    options = config.model_employer
    path = store or default_store_path()
    if not Path(path).exists():
        raise WresError(f"{path}: no wres store here yet (run `wres load` or `wres demo` first)")
    with Store(path, read_only=True) as st:  # computed on a read-only view; the write lock only to record
        code = pick_org(st, org)
        wanted, held = _years(st, code, year)
        span = [y for y in held if options.baseline_year <= y <= wanted]
        if not span:
            raise WresError(
                f"WRES year {wanted} is before the Model Employer baseline year {options.baseline_year} "
                "([model_employer] baseline_year)"
            )
        tables = _tables(st, code, sorted({span[0], wanted}), ("internal", "public"), config)
    trajectories = [build_trajectory(tables[t], code, options, wanted, t) for t in ("internal", "public")]
    rows = [row for traj in trajectories for row in trajectory_rows(traj)]
    params = {
        "baseline_year": options.baseline_year,
        "target_year": options.target_year,
        "bands": list(options.bands),
        "reference": options.reference,
    }
    with Store(path) as st:
        issued = record_issue(st, code, wanted, params, list(trajectories[0].notes), rows)
    internal = trajectories[0]
    console.print(
        markup(
            "issued the Model Employer trajectory for {org}, WRES {year}: version {v} (by {who}, {when}); baselines at "
            "31 March {y0}, reference share {s} (31 March {ry}), target year {t}",
            org=code,
            year=wanted,
            v=issued.version,
            who=issued.issued_by,
            when=issued.issued_at,
            y0=internal.baseline_year,
            s=_pct(internal.reference_share),
            ry=internal.reference_year,
            t=options.target_year,
        )
    )
    for note in internal.notes:
        console.print(markup("[dim]note: {note}[/]", note=note))


@model_employer_app.command("issues")
def issues_command(
    org: OrgOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    store: StoreOption = None,
) -> None:
    """Every trajectory issued for the organisation: year, version, who and when, and the parameters."""
    from wres.store import Store
    from wres.store.issued_targets import issues

    check_choice("--format", fmt, FORMATS)
    with Store(store, read_only=True) as st:
        code = pick_org(st, org)
        held = issues(st.con, code)
    records = [
        {
            "org_code": i.org_code,
            "issue_year": i.issue_year,
            "version": i.version,
            "issued_by": i.issued_by,
            "issued_at": i.issued_at,
            "baseline_year": i.parameters.get("baseline_year"),
            "target_year": i.parameters.get("target_year"),
            "reference": i.parameters.get("reference"),
            "bands": "; ".join(i.parameters.get("bands", [])),
        }
        for i in held
    ]
    if fmt == "json":
        _emit(json.dumps({"org_code": code, "issues": records}, indent=2), None, len(records))
        return
    if fmt == "csv":
        import pandas as pd

        columns = ["org_code", "issue_year", "version", "issued_by", "issued_at", "baseline_year", "target_year",
                   "reference", "bands"]  # fmt: skip
        _emit(_csv(pd.DataFrame(records, columns=columns)), None, len(records))
        return
    if not records:
        console.print(markup("no Model Employer trajectory issued for {org} yet (wres model-employer issue)", org=code))
        return
    t = RichTable(title=literal(f"Model Employer trajectories issued — {code}"), title_justify="left", pad_edge=False)
    for col in ("Year", "Version", "Issued by", "Issued at", "Baseline", "Target year", "Reference", "Bands"):
        t.add_column(col, overflow="fold")
    for r in records:
        t.add_row(*(literal(r[k]) for k in list(r)[1:]))
    console.print(t)


def register(app: typer.Typer) -> None:
    app.add_typer(model_employer_app, name="model-employer")
