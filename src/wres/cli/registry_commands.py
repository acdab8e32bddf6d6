"""``wres orgs import`` / ``wres orgs list`` (the organisations registry) and ``wres import-counts`` (a many-trust
aggregated counts file into the store), issue 18; docs/benchmarking.md, ADR 21."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from wres.cli.helptext import WresTyper
from wres.cli.main import console
from wres.cli.markup import literal
from wres.cli.options import StoreOption, check_choice
from wres.errors import UsageError, WresError

FORMATS = ("table", "csv", "json")

orgs_app = WresTyper(
    help="The organisations registry: ODS code, name, type, region, ICS and peer group.", no_args_is_help=True
)


@orgs_app.command("import")
def orgs_import(
    file: Annotated[Path | None, typer.Argument(help="Registry file (CSV or XLSX).", show_default=False)] = None,
    survey_published: Annotated[
        bool,
        typer.Option(
            "--survey-published",
            help="Import the organisations of the packaged NHS Staff Survey results (latest year of each) instead.",
        ),
    ] = False,
    store: StoreOption = None,
) -> None:
    """Add or update organisations in the store in one transaction (a ledger entry; every problem named)."""
    from wres.ingest.published import SURVEY_FILE, published_path, read_survey_published, survey_registry
    from wres.ingest.registry import file_sha256, read_registry
    from wres.store import Store
    from wres.store.registry import upsert_organisations

    if (file is None) == (not survey_published):
        raise UsageError("give a registry FILE or --survey-published (one of them)")
    if file is not None:
        frame, source = read_registry(file), file
    else:
        source = published_path(SURVEY_FILE)
        frame = survey_registry(read_survey_published(source))
    with Store(store) as st:
        written = upsert_organisations(st, frame, file_name=source.name, sha256=file_sha256(source))
    console.print(
        f"{source.name}: {len(written.added)} organisation(s) added, {len(written.updated)} updated "
        f"(import {written.import_id})",
        highlight=False,
    )


@orgs_app.command("list")
def orgs_list(
    region: Annotated[str | None, typer.Option("--region", help="Only this NHS England region.")] = None,
    org_type: Annotated[str | None, typer.Option("--type", help="Only this type (e.g. acute, ambulance).")] = None,
    ics: Annotated[str | None, typer.Option("--ics", help="Only this ICS (as stored).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    store: StoreOption = None,
) -> None:
    """The organisations in the store's registry."""
    from wres.spreadsheet import spreadsheet_safe_frame
    from wres.store import Store
    from wres.store.registry import list_organisations
    from wres.vocab.organisations import parse_org_type, parse_region

    check_choice("--format", fmt, FORMATS)
    wanted_region = None if region is None else parse_region(region)
    if region is not None and wanted_region is None:
        raise UsageError(f"--region: {region!r} is not one of the seven NHS England regions")
    wanted_type = None if org_type is None else parse_org_type(org_type)
    if org_type is not None and wanted_type is None:
        raise UsageError(f"--type: unknown organisation type {org_type!r}")
    with Store(store, read_only=True, migrate=True) as st:
        frame = list_organisations(st, region=wanted_region, org_type=wanted_type, ics=ics)
    if fmt == "csv":
        console.print(literal(spreadsheet_safe_frame(frame).to_csv(index=False)), end="", soft_wrap=True)
    elif fmt == "json":
        records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        console.print(literal(json.dumps(records, indent=2)), soft_wrap=True)
    else:
        table = RichTable(title=f"{len(frame)} organisation(s)")
        for column in ("code", "name", "type", "region", "ICS", "peer group"):
            table.add_column(column)
        for r in frame.itertuples(index=False):
            table.add_row(*(literal("" if v is None or v != v else str(v)) for v in r))
        console.print(table)


def import_counts(
    file: Annotated[Path, typer.Argument(help="Counts file (docs/counts-format.md), CSV or Parquet.")],
    store: StoreOption = None,
) -> None:
    """Store an aggregated counts file of many organisations and years in one transaction (validated as
    `wres indicators --counts` reads it; each organisation, year and indicator it holds replaces the stored one)."""
    from wres.indicators.counts import read_counts
    from wres.ingest.registry import file_sha256
    from wres.store import Store
    from wres.store.registry import store_counts

    counts = read_counts(file)
    if counts.empty:
        raise WresError(f"{file}: no rows")
    with Store(store) as st:
        written = store_counts(st, counts, file_name=file.name, sha256=file_sha256(file))
    orgs, years = counts["org_code"].nunique(), sorted({int(y) for y in counts["year"]})
    console.print(
        f"{file.name}: {written.rows} count rows for {orgs} organisation(s), {', '.join(map(str, years))} stored "
        f"({written.superseded} earlier row(s) superseded; import {written.import_id})",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(orgs_app, name="orgs")
    app.command("import-counts")(import_counts)
