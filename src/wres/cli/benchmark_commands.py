"""``wres benchmark``: every organisation side by side for one measure and year (issue 18, docs/benchmarking.md):
value with its 95% interval, Better / Similar / Worse against England and the peer group, funnel label, rank with
its interval, and roll-ups by region, ICS and type from pooled counts, over :mod:`wres.analysis.side_by_side`.

Inputs: the packaged NHS Staff Survey published results (``--survey-published``, or ``--survey-file FILE``: all-staff
figures, not by ethnicity), a counts file (``--counts FILE``), the store's imported counts (``--counts-store``) or the
store's records (``--records``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table as RichTable
from rich.text import Text

from wres.cli.main import console
from wres.cli.markup import literal
from wres.cli.options import StoreOption, check_choice
from wres.errors import UsageError, WresError

if TYPE_CHECKING:
    from wres.analysis.side_by_side import SideBySide

FORMATS = ("table", "csv", "json")
PARTS = ("organisations", "rollups")
PEERS = ("type", "region", "ics", "peer_group")


def _indicator(measure: str) -> str | None:
    """``2``, ``indicator2`` or ``indicator_2`` → ``"2"``; a survey measure → None."""
    text = measure.lower().removeprefix("indicator").lstrip("_ ")
    return text if text in {str(i) for i in range(1, 10)} else None


def _fmt(value: Any, percent: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{100 * float(value):.1f}%" if percent else f"{float(value):.2f}"


def _rank(r: Any) -> str:
    if r.rank is None or (isinstance(r.rank, float) and math.isnan(r.rank)):
        return ""
    return f"{int(r.rank)} ({int(r.rank_low)}–{int(r.rank_high)}) of {int(r.ranked)}"


def _print(result: SideBySide, percent: bool, highlight: str | None) -> None:
    orgs = result.organisations
    title = f"{result.measure}, {result.year}: {len(orgs)} organisation(s); England {_fmt(result.england, percent)}"
    console.print(literal(title), highlight=False)
    console.print(literal(result.basis), style="dim", highlight=False)
    table = RichTable()
    for column in ("code", "name", "type", "value (95% CI)", "vs England", "peer", "vs peer", "funnel", "rank (95%)"):
        table.add_column(column)
    for r in orgs.itertuples(index=False):
        cells = [
            r.org_code,
            r.org_name,
            str(r.org_type or ""),
            f"{_fmt(r.value, percent)} ({_fmt(r.ci95_low, percent)}–{_fmt(r.ci95_high, percent)})",
            r.vs_england,
            f"{str(r.peer or '').split(':', 1)[-1]} {_fmt(r.peer_value, percent)}",
            r.vs_peer,
            str(r.funnel_label),
            _rank(r),
        ]
        style = "bold" if highlight is not None and r.org_code == highlight else None
        table.add_row(*(literal(str(c)) for c in cells), style=style)
    console.print(table)
    rolls = result.rollups
    roll = RichTable(title="Roll-ups from pooled counts")
    columns = ["level", "group", "organisations", "value (95% CI)", "vs England"]
    if "published_value" in rolls:
        columns.append("published (national report)")
    for column in columns:
        roll.add_column(column)
    for r in rolls.itertuples(index=False):
        cells = [
            r.level,
            r.group,
            str(r.organisations),
            f"{_fmt(r.value, percent)} ({_fmt(r.ci95_low, percent)}–{_fmt(r.ci95_high, percent)})",
            r.vs_england,
        ]
        if "published_value" in rolls:
            cells.append(_fmt(r.published_value, percent))
        roll.add_row(*(literal(str(c)) for c in cells))
    console.print(roll)
    if "published_value" in rolls:
        console.print(
            Text(
                "Published regional figures are NHS England's, from every trust's return; a roll-up equals one only "
                "when it pools every trust of the region (docs/benchmarking.md).",
                style="dim",
            )
        )


def _records(frame: Any) -> list[dict[str, Any]]:
    out = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in out]


def benchmark(
    measure: Annotated[
        str,
        typer.Option(
            "--measure",
            help="A Staff Survey measure (e.g. discrimination_internal) or a WRES indicator (indicator2 or 2).",
        ),
    ],
    year: Annotated[int | None, typer.Option("--year", help="Year (default: the latest in the input).")] = None,
    survey_published: Annotated[
        bool, typer.Option("--survey-published", help="The packaged NHS Staff Survey results 2021–2024.")
    ] = False,
    survey_file: Annotated[
        Path | None, typer.Option("--survey-file", help="A Staff Survey organisation results CSV of the same layout.")
    ] = None,
    counts: Annotated[Path | None, typer.Option("--counts", help="An aggregated counts file.")] = None,
    counts_store: Annotated[
        bool, typer.Option("--counts-store", help="The counts imported into the store (wres import-counts).")
    ] = False,
    records: Annotated[
        bool, typer.Option("--records", help="The store's records (every organisation loaded or imported).")
    ] = False,
    peer: Annotated[
        str, typer.Option("--peer", help="Peer group: type (default), region, ics or peer_group.")
    ] = "type",
    region: Annotated[str | None, typer.Option("--region", help="Show only this NHS England region.")] = None,
    ics: Annotated[str | None, typer.Option("--ics", help="Show only this ICS.")] = None,
    highlight: Annotated[str | None, typer.Option("--highlight", help="ODS code to highlight.")] = None,
    all_types: Annotated[
        bool, typer.Option("--all-types", help="Pool commissioners and other non-trusts into England too.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    part: Annotated[str, typer.Option("--part", help="CSV: organisations (default) or rollups.")] = "organisations",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
    funnel_svg: Annotated[Path | None, typer.Option("--funnel-svg", help="Write the funnel chart (SVG) here.")] = None,
    store: StoreOption = None,
) -> None:
    """Every organisation side by side for one measure and year, with intervals, Better / Similar / Worse against
    England and peers, funnel labels, ranks and roll-ups."""
    import pandas as pd

    from wres.analysis import side_by_side as sbs
    from wres.vocab.organisations import parse_region

    check_choice("--format", fmt, FORMATS)
    check_choice("--part", part, PARTS)
    check_choice("--peer", peer, PEERS)
    sources = [survey_published or survey_file is not None, counts is not None, counts_store, records]
    if sum(sources) != 1:
        raise UsageError(
            "give one input: --survey-published (or --survey-file), --counts FILE, --counts-store or --records"
        )
    wanted_region = None
    if region is not None:
        wanted_region = parse_region(region)
        if wanted_region is None:
            raise UsageError(f"--region: {region!r} is not one of the seven NHS England regions")
    indicator = _indicator(measure)
    if sources[0]:
        from wres.ingest.published import SURVEY_MEASURES, read_survey_published

        if measure not in SURVEY_MEASURES:
            raise UsageError(f"--measure for survey results: one of {', '.join(SURVEY_MEASURES)}")
        summaries = read_survey_published(survey_file, measures=[measure])
        chosen = year or int(summaries["year"].max())
        result = sbs.survey_side_by_side(
            summaries, measure=measure, year=chosen, peer=peer, trusts_only=not all_types, region=wanted_region, ics=ics
        )
        percent = True
    else:
        if indicator is None:
            raise UsageError(f"--measure with counts: a WRES indicator (indicator1 to indicator9), not {measure!r}")
        from wres.store import Store
        from wres.store.registry import list_organisations, read_stored_counts

        registry = pd.DataFrame(columns=["org_code", "org_name", "trust_type", "region", "ics", "peer_group"])
        if counts_store:
            with Store(store, read_only=True, migrate=True) as st:
                table = read_stored_counts(st)
                registry = list_organisations(st)
            if table.empty:
                raise WresError("the store holds no imported counts (run `wres import-counts FILE` first)")
        elif records:
            table, registry = _record_counts(store, year)
        else:
            from wres.indicators.counts import read_counts
            from wres.store.warehouse import default_store_path

            assert counts is not None
            table = read_counts(counts)
            path = store or default_store_path()
            if path.exists():
                with Store(path, read_only=True, migrate=True) as st:
                    registry = list_organisations(st)
        chosen = year or int(table["year"].max())
        result = sbs.results_side_by_side(
            table, registry, indicator=indicator, year=chosen, peer=peer, region=wanted_region, ics=ics
        )
        percent = indicator == "1"  # a share; 2-4 are ratios, 5-8 gaps in points, 9 a difference
        if indicator == "2":
            from wres.ingest.published import read_indicator2_by_region

            rollups = sbs.with_published_regions(result.rollups, read_indicator2_by_region(), chosen)
            result = sbs.SideBySide(**{**result.__dict__, "rollups": rollups})
    if result.organisations.empty:
        where = " and ".join(x for x in (wanted_region, ics) if x)
        raise WresError(f"{result.measure} {result.year}: no organisation in {where or 'the input'}")
    if highlight is not None and highlight not in set(result.organisations["org_code"]):
        raise WresError(f"--highlight {highlight}: not among the organisations shown")
    if funnel_svg is not None:
        _write_svg(result, funnel_svg, highlight, percent)
    if fmt == "json":
        payload = {
            "measure": result.measure,
            "year": result.year,
            "basis": result.basis,
            "england": result.england,
            "polarity": result.polarity,
            "organisations": _records(result.organisations),
            "rollups": _records(result.rollups),
        }
        _emit(json.dumps(payload, indent=2, default=str), out)
    elif fmt == "csv":
        from wres.spreadsheet import spreadsheet_safe_frame

        frame = result.organisations if part == "organisations" else result.rollups
        _emit(str(spreadsheet_safe_frame(frame).to_csv(index=False)), out)
    else:
        _print(result, percent, highlight)


def _record_counts(store: Path | None, year: int | None) -> tuple[Any, Any]:
    """The counts of every organisation's records in the store for ``year`` (default: the latest 31 March
    snapshot), as the record path of ``wres indicators`` computes them, and the registry."""
    from wres.config import load_config
    from wres.indicators import compute
    from wres.indicators.source import from_store
    from wres.store import Store
    from wres.store.registry import list_organisations

    with Store(store, read_only=True, migrate=True) as st:
        if year is None:
            row = st.con.execute("SELECT max(year(snapshot_date)) FROM staff WHERE month(snapshot_date) = 3").fetchone()
            if not row or row[0] is None:
                raise WresError("the store holds no 31 March staff snapshot (run `wres load` or `wres import`)")
            year = int(row[0])
        result = compute(from_store(st), [year], config=load_config(None))
        registry = list_organisations(st)
    return result.counts, registry


def _write_svg(result: SideBySide, path: Path, highlight: str | None, percent: bool) -> None:
    from wres.reports.funnel_chart import funnel_svg

    if result.funnel is None:
        raise WresError(f"{result.measure}: no funnel is defined for this measure (methods.md §9)")
    svg = funnel_svg(
        result.funnel,
        title=f"{result.measure}, {result.year}",
        y_title="Share" if percent else "Relative likelihood",
        uid="funnel",
        centre_name="England",
        highlight=highlight,
    )
    try:
        path.write_text(svg, encoding="utf-8")
    except OSError as exc:
        raise WresError(f"{path}: cannot write the chart: {exc.strerror or exc}") from None


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        console.print(literal(text), end="" if text.endswith("\n") else "\n", soft_wrap=True)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise WresError(f"{out}: cannot write: {exc.strerror or exc}") from None


def register(app: typer.Typer) -> None:
    app.command("benchmark")(benchmark)
