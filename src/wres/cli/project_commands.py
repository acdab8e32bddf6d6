"""``wres project``: where today's rates lead. The pipeline projection (methods.md §12) of the BME share by band for
ten years, with what-if scenarios and the year each band reaches the workforce share, over
:mod:`wres.analysis.projection`.

Defaults to the public tier (shares and years only; counts withheld), as ``wres progress`` does; ``--tier
internal`` adds the rates with the counts they rest on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table as RichTable

from wres.cli.main import console
from wres.cli.markup import literal, markup
from wres.cli.options import StoreOption, check_choice, pick_org
from wres.errors import UsageError, WresError

if TYPE_CHECKING:
    import pandas as pd

    from wres.analysis.projection import Projection

FORMATS = ("table", "csv", "json")
TIERS = ("public", "internal")
TABLES = ("shares", "parity", "distribution", "estimates")


def project(
    org: Annotated[
        str | None, typer.Option("--org", help="ODS code (default: the store's only organisation).", show_default=False)
    ] = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario",
            help="baseline, equal-promotion, equal-appointment, equal-leaving or hiring-mix=SHARE (e.g. "
            "hiring-mix=0.4), optionally @YEAR to start then (repeatable; the baseline is always shown).",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Project from the 31 March snapshot of this WRES year (default: the latest)."),
    ] = None,
    years: Annotated[int, typer.Option("--years", help="Years to project.")] = 10,
    runs: Annotated[int, typer.Option("--runs", help="Monte Carlo runs.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (the same seed gives the same result).")] = 20261207,
    band: Annotated[
        list[str] | None,
        typer.Option("--band", help="A band code, '8a and above' or 'all' (repeatable; default 8a and above, 8a–VSM)."),
    ] = None,
    target_year: Annotated[int, typer.Option("--target-year", help="The year P(parity by then) is given for.")] = 2028,
    reference: Annotated[
        float | None,
        typer.Option(
            "--reference", help="Reference share S, 0–1 (default: the overall BME share at the latest snapshot)."
        ),
    ] = None,
    growth: Annotated[
        float | None,
        typer.Option("--growth", help="Scale hires to a total headcount growing by this much a year (e.g. 0.02)."),
    ] = None,
    pool: Annotated[int, typer.Option("--pool", help="Year pairs pooled for the rates.")] = 3,
    grouping: Annotated[str, typer.Option("--grouping", help="wres (White, BME, Unknown) or group5.")] = "wres",
    tier: Annotated[
        str, typer.Option("--tier", help="public (shares and years only) or internal (with the counts).")
    ] = "public",
    table: Annotated[
        str,
        typer.Option(
            "--table",
            help="CSV output: shares (per year), parity, distribution (of the parity year) or estimates (internal).",
        ),
    ] = "shares",
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Write the baseline and scenarios chart of the first band (SVG).")
    ] = None,
    config_path: Annotated[Path | None, typer.Option("--config", help="Configuration TOML file.")] = None,
    store: StoreOption = None,
) -> None:
    """Where today's rates lead: the BME share by band for ten years, scenarios, and the parity year."""
    from wres.analysis.projection import DEFAULT_BANDS, parse_scenario, public_view
    from wres.analysis.projection import project as run_projection
    from wres.config import load_config
    from wres.indicators.source import from_store
    from wres.store import Store

    check_choice("--tier", tier, TIERS)
    check_choice("--format", fmt, FORMATS)
    check_choice("--table", table, TABLES)
    check_choice("--grouping", grouping, ("wres", "group5"))
    if table == "estimates" and tier == "public":
        raise UsageError("--table estimates shows counts: it needs --tier internal")
    if chart is not None and chart.suffix.lower() != ".svg":
        raise UsageError(f"--chart must name an .svg file, not {str(chart)!r}")
    if growth is not None and not -0.5 < growth < 1.0:
        raise UsageError("--growth must be a yearly rate between -0.5 and 1, e.g. 0.02")
    if pool < 1:
        raise UsageError("--pool must be at least 1")
    chosen = [parse_scenario(s) for s in (scenario or [])]
    config = load_config(config_path)
    with Store(store, read_only=True) as st:
        code = pick_org(st, org)
        with console.status("projecting"):
            result = run_projection(
                from_store(st),
                code,
                config,
                scenarios=chosen,
                years=years,
                runs=runs,
                seed=seed,
                bands=tuple(band) if band else DEFAULT_BANDS,
                grouping=grouping,
                pool=pool,
                target_year=target_year,
                reference=reference,
                growth=growth,
                latest=year,
            )
    if tier == "public":
        result = public_view(result, config)
    if chart is not None:
        _write_chart(result, chart)
    if fmt == "table":
        _table(result)
    elif fmt == "json":
        _emit(json.dumps(_payload(result), indent=2, default=str), out, len(result.shares))
    else:
        frame = {
            "shares": result.shares,
            "parity": result.parity,
            "distribution": result.parity_distribution,
            "estimates": result.transitions,
        }[table]
        from wres.spreadsheet import spreadsheet_safe_frame

        _emit(str(spreadsheet_safe_frame(frame).to_csv(index=False)), out, len(frame))


def _labels(result: Projection) -> dict[str, str]:
    return {s.name: s.label[0].upper() + s.label[1:] for s in result.scenarios}


def _write_chart(result: Projection, path: Path) -> None:
    from wres.reports.projection_chart import projection_svg

    if not result.bands:
        raise WresError("nothing to chart: every band asked for is withheld or empty (see the notes)")
    band = result.bands[0]
    svg = projection_svg(
        result.shares,
        band=band,
        reference=result.reference,
        labels=_labels(result),
        uid="projection",
        title=f"Projected BME share, {band}, {result.org_code}",
    )
    try:
        path.write_text(svg, encoding="utf-8")
    except OSError as exc:
        raise WresError(f"cannot write the chart to {path}: {exc.strerror or exc}") from None
    console.print(markup("[dim]wrote the chart of {band} to {path}[/]", band=band, path=path))


def _payload(result: Projection) -> dict[str, Any]:
    from wres import __version__

    payload: dict[str, Any] = {
        "metadata": {"wres_version": __version__, **result.metadata()},
        "sentences": result.sentences,
        "parity": _records(result.parity),
        "parity_distribution": _records(result.parity_distribution),
        "shares": _records(result.shares),
    }
    if result.tier == "internal":
        payload["estimates"] = {
            "transitions": _records(result.transitions),
            "hires": _records(result.hires),
            "reclassifications": _records(result.reclassifications),
        }
    return payload


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: a missing value (NaN, NA) is null, never the invalid JSON ``NaN``."""
    plain = frame.astype(object).where(frame.notna(), None)
    records = plain.to_dict("records")
    return [{str(k): (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in records]


def _emit(text: str, out: Path | None, rows: int) -> None:
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    out.write_text(text, encoding="utf-8")
    console.print(markup("[dim]wrote {rows:,} rows to {out}[/]", rows=rows, out=out))


def _pct(value: float) -> str:
    return "–" if value != value else f"{100 * value:.1f}%"


def _table(result: Projection) -> None:
    tier = "public (shares and years only)" if result.tier == "public" else "INTERNAL (with counts)"
    pairs = ", ".join(f"{y - 1}–{y}" for y in result.pooled_years)
    console.print(
        literal(
            f"Where today's rates lead — {result.org_code}, {tier}. Rates pooled over {pairs}; {result.runs:,} runs; "
            f"reference share {100 * result.reference:.1f}%."
        )
    )
    for sentence in result.sentences.values():
        console.print(literal(f"• {sentence}"))
    labels = _labels(result)
    for band in result.bands:
        t = RichTable(title=literal(f"BME share, {band}: median (95% interval)"), title_justify="left", pad_edge=False)
        t.add_column("Year", justify="right")
        for name in labels:
            t.add_column(literal(labels[name]), justify="right")
        rows = result.shares[result.shares["band"] == band]
        for year in sorted(set(rows["year"])):
            cells = []
            for name in labels:
                r = rows[(rows["year"] == year) & (rows["scenario"] == name)]
                if r.empty:
                    cells.append("–")
                    continue
                med, low, high = (float(r.iloc[0][c]) for c in ("median", "low", "high"))
                cells.append(_pct(med) if low == high else f"{_pct(med)} ({_pct(low)}–{_pct(high)})")
            t.add_row(str(year), *cells)
        console.print(t)
    for note in [*result.withheld, *result.notes]:
        console.print(markup("[dim]{note}[/]", note=f"Note: {note}"))


def register(app: typer.Typer) -> None:
    app.command("project")(project)
