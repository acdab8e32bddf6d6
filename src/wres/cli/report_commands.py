"""``wres report``: the annual WRES report (HTML and PDF), the return workbook and CSV of every figure."""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wres.cli.main import console
from wres.cli.markup import markup
from wres.cli.options import StoreOption
from wres.cli.web_commands import WebDataOption
from wres.errors import UsageError, WresError

if TYPE_CHECKING:
    from wres.reports.data import PlanContext

TIER_CHOICES = ("public", "internal")


def print_outputs(outputs: list[object]) -> None:
    """One block per tier: where each file is."""
    from wres.reports.build import ReportOutputs

    for out in outputs:
        assert isinstance(out, ReportOutputs)
        label = "public (disclosure control applied)" if out.tier == "public" else "INTERNAL (unsuppressed)"
        console.print(
            markup("[bold]WRES {year} report for {org}[/], {label}:", year=out.year, org=out.org_code, label=label)
        )
        console.print(markup("  HTML     {path}", path=out.html))
        if out.pdf is not None:
            console.print(markup("  PDF      {path}", path=out.pdf))
        if out.workbook is not None:
            console.print(markup("  workbook {path}", path=out.workbook))
        if out.csv:
            console.print(markup("  CSV      {path}", path=out.csv[0].parent))
        for note in out.notes:
            console.print(markup("  [dim]note: {note}[/]", note=note))


def plan_for_report(org: str, plan_file: Path | None, store: Path | None, web_data: Path) -> PlanContext | None:
    """The race equality plan the report shows: the one in ``plan_file`` (the spreadsheet template), else the
    organisation's current plan in the dashboard's database when there is one (``$DATABASE_URL``, or the SQLite
    database in ``web_data``, and the web extra installed); None otherwise."""
    from datetime import date

    from wres.reports.data import PlanContext

    if plan_file is not None:
        from wres.cli.plan_commands import read_plan

        record = read_plan(plan_file)
        if record.org_code != org:
            raise WresError(f"{plan_file}: the plan is of organisation {record.org_code!r}, not {org}")
        return PlanContext(record, date.today())
    if find_spec("django") is None:
        return None
    sqlite = web_data / "web.sqlite3"
    if not os.environ.get("DATABASE_URL") and not (sqlite.exists() and sqlite.stat().st_size > 0):
        return None  # no dashboard database yet (an empty file is one never migrated)
    from wres.store.warehouse import default_store_path
    from wres.web.serve import configure

    configure(store or default_store_path(), web_data)
    from django.db import DatabaseError

    from wres.web.plan.report import report_plan

    try:
        return report_plan(org)
    except DatabaseError as exc:
        console.print(markup("[dim]note: the plan was not read from the dashboard's database ({exc})[/]", exc=exc))
        return None


def report(
    year: Annotated[int | None, typer.Option("--year", help="WRES year (default: the latest in the store).")] = None,
    org: Annotated[str | None, typer.Option("--org", help="ODS code (default: the store's only organisation).")] = None,
    tier: Annotated[
        list[str] | None,
        typer.Option("--tier", help="public (disclosure control) or internal (unsuppressed); repeatable."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the report files.")] = Path("wres-data/reports"),
    groups: Annotated[
        str, typer.Option("--groups", help="Disaggregated groups: ethnicity5 or ethnicity9.")
    ] = "ethnicity5",
    public_groups: Annotated[
        bool,
        typer.Option(
            "--public-groups/--no-public-groups",
            help="Also publish the disaggregated groups in the public tier (protected together with the WRES "
            "figures, which suppresses more of them).",
        ),
    ] = False,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also write the PDF.")] = True,
    config_path: Annotated[Path | None, typer.Option("--config", help="Configuration TOML file.")] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            help="The race equality plan to include (the spreadsheet template, .xlsx or a folder of its CSV files); "
            "default: the organisation's plan in the dashboard's database, when there is one.",
        ),
    ] = None,
    store: StoreOption = None,
    web_data: WebDataOption = Path("wres-data/web"),
) -> None:
    """Write the annual WRES report (accessible HTML and PDF/UA), the return workbook and CSV of every figure."""
    from wres.config import load_config
    from wres.reports.build import build_reports
    from wres.reports.data import GROUP_BREAKDOWNS, available_years, resolve_org
    from wres.store import Store

    tiers = list(dict.fromkeys(tier or ["public"]))
    bad = [t for t in tiers if t not in TIER_CHOICES]
    if bad:
        raise UsageError(f"--tier must be public or internal, not {bad[0]!r}")
    if groups not in GROUP_BREAKDOWNS:
        raise UsageError(f"--groups must be one of {', '.join(GROUP_BREAKDOWNS)}, not {groups!r}")
    config = load_config(config_path)
    with Store(store, read_only=True) as st:
        code = resolve_org(st, org)
    context = plan_for_report(code, plan, store, web_data)
    with Store(store, read_only=True) as st:
        if year is None:
            years = available_years(st, code)
            if not years:
                raise WresError(f"the store holds no 31 March staff snapshot for {code} (run `wres import`)")
            year = years[-1]
        with console.status(markup("writing the WRES {year} report for {org}", year=year, org=code)):
            outputs = build_reports(
                st,
                year,
                code,
                out=out,
                tiers=tiers,
                config=config,
                groups=groups,
                pdf=pdf,
                public_groups=public_groups,
                plan=context,
            )
    print_outputs(list(outputs))


def region_report(
    region: Annotated[str, typer.Option("--region", help="NHS England region, e.g. London.")],
    year: Annotated[int | None, typer.Option("--year", help="WRES year (default: the latest in the store).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the report files.")] = Path("wres-data/reports"),
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also write the PDF.")] = True,
    config_path: Annotated[Path | None, typer.Option("--config", help="Configuration TOML file.")] = None,
    store: StoreOption = None,
) -> None:
    """Write the regional report (HTML and PDF/UA): every organisation of a region side by side, public figures only."""
    from wres.config import load_config
    from wres.reports.region_report import write_region_report
    from wres.store import Store
    from wres.vocab.organisations import REGIONS, parse_region

    name = parse_region(region)
    if name is None:
        raise UsageError(f"--region must be one of {', '.join(REGIONS)}, not {region!r}")
    config = load_config(config_path)
    with Store(store, read_only=True) as st:
        if year is None:
            got = st.con.execute(
                "SELECT max(year(snapshot_date)) FROM staff WHERE month(snapshot_date) = 3 AND day(snapshot_date) = 31"
            ).fetchone()
            if not got or got[0] is None:
                raise WresError("the store holds no 31 March staff snapshot: give --year")
            year = int(got[0])
        with console.status(markup("writing the {region} report for WRES {year}", region=name, year=year)):
            files = write_region_report(st, name, year, out, config, pdf=pdf)
    for path in (files.html, files.pdf):
        if path is not None:
            console.print(markup("[green]wrote[/] {path}", path=path))


def register(app: typer.Typer) -> None:
    app.command()(report)
    app.command("region-report")(region_report)
