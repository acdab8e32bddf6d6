"""``wres report``: the annual WRES report (HTML and PDF), the return workbook and CSV of every figure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wres.cli.main import console
from wres.cli.markup import markup
from wres.cli.options import StoreOption
from wres.errors import UsageError, WresError

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
    store: StoreOption = None,
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
            )
    print_outputs(list(outputs))


def register(app: typer.Typer) -> None:
    app.command()(report)
