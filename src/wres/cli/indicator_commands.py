"""``wres indicators``: the nine indicators for an organisation and year."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table as RichTable
from rich.text import Text

from wres.cli.main import console
from wres.cli.markup import literal, markup
from wres.cli.options import StoreOption
from wres.errors import UsageError, WresError

if TYPE_CHECKING:
    import pandas as pd

    from wres.config import SparkOptions, WresConfig
    from wres.indicators.compute import IndicatorResults

STATUS_STYLES = {
    "adverse_evidence": "red",
    "insufficient_evidence": "yellow",
    "within_range": "green",
    "bme_worse_evidence": "red",
    "bme_better_evidence": "green",
    "under_represented_evidence": "red",
    "not_computed": "dim",
}
"""Each status's colour; its words are :func:`wres.analysis.wording.status_tag` (the configured range)."""
FORMATS = ("table", "json", "csv", "parquet")
ENGINES = ("duckdb", "spark")


def _fmt_estimate(row: Any) -> str:
    if row.estimate is None or (isinstance(row.estimate, float) and math.isnan(row.estimate)):
        return "–"
    if row.estimate_type == "ratio":
        from wres.stats.rounding import half_up_text  # as the range test rounds (domain §6.1)

        return half_up_text(row.estimate)
    if row.estimate_type == "share":
        return f"{100 * row.estimate:.1f}%"
    return f"{row.estimate:+.1f}"


def _fmt_ci(row: Any) -> str:
    lo, hi = row.ci95_low, row.ci95_high
    if lo is None or hi is None or math.isnan(float(lo)) or math.isnan(float(hi)):
        return ""
    if row.estimate_type == "ratio":
        from wres.stats.rounding import half_up_text

        return f"{half_up_text(lo)} to {half_up_text(hi)}"
    if row.estimate_type == "share":
        return f"{100 * lo:.1f} to {100 * hi:.1f}%"
    return f"{lo:+.1f} to {hi:+.1f}"


def _fmt_rate(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.1f}%"


def _status(row: Any, low: float, high: float) -> Text:
    from wres.analysis.wording import STATUSES, status_tag

    if row.status not in STATUSES:
        return literal(str(row.status))
    words = status_tag(row.status, low=low, high=high, indicator=str(row.indicator), group=str(row.group_a))
    style = STATUS_STYLES.get(row.status)
    text = markup(f"[{style}]{{words}}[/]", words=words) if style else literal(words)
    if row.status == "not_computed" and isinstance(row.reason, str):
        text.append_text(markup(" [dim]({reason})[/]", reason=row.reason))
    elif isinstance(row.side, str) and row.status in ("adverse_evidence", "insufficient_evidence"):
        text.append_text(markup(" [dim]({side})[/]", side=row.side))
    return text


def _label(row: Any) -> str:
    from wres.analysis.wording import INDICATOR_SHORT_NAMES

    label = INDICATOR_SHORT_NAMES.get(str(row.indicator), str(row.indicator))
    if row.indicator == "9":
        label += f" ({row.variant.replace('_', ' ')})"
    if row.indicator == "3":
        label += f" ({row.variant.replace('_', ' ')})"
    if row.indicator == "2" and row.variant != "all":
        label += f" ({row.variant.replace('_', ' ')})"
    if row.breakdown != "overall" or row.category != "all":
        where = row.stratum if row.category == "all" else f"{row.category} {row.stratum}"
        label = f"  {row.breakdown} {where}" if row.category == "all" else f"  {where}"
    return label


def _detail(row: Any) -> str:
    if row.indicator == "1":
        return f"{row.group_a}"
    a = _fmt_rate(row.rate_a)
    b = _fmt_rate(row.rate_b)
    return f"{row.group_a} {a} · {row.group_b} {b}"


def print_table(frame: pd.DataFrame, title: str, ranges: tuple[float, float] = (0.80, 1.25)) -> None:
    """The rows of ``frame`` as a table; ``ranges`` is the configured non-adverse range (``[ranges]``)."""
    t = RichTable(title=literal(title), title_justify="left", show_lines=False, pad_edge=False)
    for col, justify in (
        ("#", "right"),
        ("Indicator", "left"),
        ("Groups and rates", "left"),
        ("Value", "right"),
        ("95% CI", "right"),
        ("Reading", "left"),
        ("Flags", "left"),
    ):
        t.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in frame.itertuples(index=False):
        t.add_row(  # text from the data (directorates, sites, reasons) is printed as written
            literal(row.indicator),
            literal(_label(row)),
            literal(_detail(row)),
            _fmt_estimate(row),
            _fmt_ci(row),
            _status(row, *ranges),
            literal(str(row.flags).replace(",", " ") if isinstance(row.flags, str) else ""),
        )
    console.print(t)


def indicators(
    year: Annotated[list[int] | None, typer.Option("--year", help="WRES year (repeatable) (default: latest).")] = None,
    org: Annotated[list[str] | None, typer.Option("--org", help="ODS code (repeatable) (default: all).")] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Breakdown: band, cluster, staff_group, clinical, directorate, site, gender, internal, "
            "ethnicity5, ethnicity9.",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json, csv or parquet.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb (default) or spark.")] = "duckdb",
    counts: Annotated[
        Path | None, typer.Option("--counts", help="Compute from an aggregated counts file instead of the store.")
    ] = None,
    counts_store: Annotated[
        bool, typer.Option("--counts-store", help="Compute from the counts imported with `wres import-counts`.")
    ] = False,
    config_path: Annotated[Path | None, typer.Option("--config", help="Configuration TOML file.")] = None,
    store: StoreOption = None,
    all_rows: Annotated[bool, typer.Option("--all", help="Table: show every row, not only headlines.")] = False,
    sql: Annotated[
        bool,
        typer.Option(
            "--sql",
            help="Print the SQL queries each indicator family runs (for --engine's dialect) and compute nothing.",
        ),
    ] = False,
    all_orgs: Annotated[
        bool, typer.Option("--all-orgs", help="Every organisation the tables hold (the default without --org).")
    ] = False,
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master",
            help="With --engine spark: local[N], spark://HOST:PORT, yarn or k8s://URL (default: the spark "
            "section's master in wres.toml, else local[2]; docs/scale.md).",
        ),
    ] = None,
    tables_from: Annotated[
        str | None,
        typer.Option(
            "--tables-from",
            help="Read the canonical tables from parquet:FOLDER (a file or folder per table) or, with --engine "
            "spark, catalog:DATABASE, instead of the store.",
        ),
    ] = None,
) -> None:
    """The nine WRES indicators with intervals and statuses."""
    from wres.config import load_config
    from wres.indicators import compute, compute_from_counts
    from wres.indicators.breakdowns import BREAKDOWNS
    from wres.indicators.counts import read_counts

    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if fmt == "parquet" and out is None:
        raise UsageError("--format parquet needs --out FILE")
    if by is not None and by not in BREAKDOWNS:
        raise UsageError(f"unknown breakdown {by!r}; choose from {', '.join(BREAKDOWNS)}")
    if sql and counts is not None:
        raise UsageError("--sql shows the queries run on the store's records; --counts reads no records")
    if sql and fmt != "table":
        raise UsageError("--sql prints SQL; --format does not apply")
    if all_orgs and org:
        raise UsageError("--all-orgs computes every organisation; leave out --org (or --all-orgs)")
    if spark_master is not None and engine != "spark":
        raise UsageError("--spark-master needs --engine spark")
    if tables_from is not None and (counts is not None or counts_store or sql or store is not None):
        raise UsageError(
            "--tables-from reads the canonical tables instead of the store: "
            "leave out --counts, --counts-store, --sql and --store"
        )
    config = load_config(config_path)
    spark_opts = None
    if engine == "spark":
        from wres.indicators.spark import spark_options

        spark_opts = spark_options(config.spark, spark_master)
    if tables_from is not None:
        result = _from_tables(tables_from, engine, spark_opts, year, org, by, config)
    elif counts_store:  # issue 18: the store's imported counts, read as a counts file would be
        from wres.store import Store
        from wres.store.registry import read_stored_counts

        if counts is not None or sql:
            raise UsageError("--counts-store reads the store's imported counts: not with --counts or --sql")
        with Store(store, read_only=True, migrate=True) as st:
            table = read_stored_counts(st)
        if table.empty:
            raise WresError("the store holds no imported counts (run `wres import-counts FILE` first)")
        _check_counts_cover(table, Path("imported counts"), year, org)
        result = compute_from_counts(table, years=year, orgs=org, config=config)
    elif counts is not None:
        table = read_counts(counts)
        _check_counts_cover(table, counts, year, org)
        result = compute_from_counts(table, years=year, orgs=org, config=config)
    else:
        from wres.store import Store

        with Store(store, read_only=True) as st:
            years = year or _latest_year(st)
            unknown = sorted(set(org or []) - set(st.organisations()))
            if unknown:
                raise WresError(f"organisation(s) not in the store: {', '.join(unknown)}")
            _check_years(st, years, org)
            if sql:
                _print_sql(st, years, org, by, engine, config, out)
                return
            if engine == "spark":
                from wres.indicators.spark import from_store_on_spark

                with console.status("starting Spark and exporting the store"):
                    src = from_store_on_spark(st, options=spark_opts)
            else:
                from wres.indicators.source import from_store

                src = from_store(st)
            with console.status("computing indicators"):
                result = compute(src, years, orgs=org, by=by, config=config)
    if spark_opts is not None and not spark_opts.master.startswith("local"):
        from wres.indicators.spark import stop_session

        stop_session()  # the application gives the cluster its executors back now, not when the process ends
    frame = result.frame
    if fmt == "table":
        headline = frame["headline"].astype(bool)
        if all_rows:
            shown = frame
        elif by:
            shown = frame[headline | (frame["breakdown"] != "overall")]
        else:
            shown = frame[headline]
        for (o, y), part in shown.groupby(["org_code", "year"], sort=True):
            print_table(part, f"WRES {y} — {o}", (config.ranges.low, config.ranges.high))
        for note in result.metadata.get("notes", []):
            console.print(markup("[dim]note: {note}[/]", note=note))
        return
    if fmt == "json":
        payload = {"metadata": result.metadata, "results": json.loads(frame.to_json(orient="records"))}
        text = json.dumps(payload, indent=2)
        if out:
            out.write_text(text, encoding="utf-8")
        else:
            typer.echo(text)
    elif fmt == "csv":
        from wres.spreadsheet import spreadsheet_safe_frame

        text = spreadsheet_safe_frame(frame).to_csv(index=False)  # a directorate "=HYPERLINK(...)" stays text
        if out:
            out.write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)
    else:
        assert out is not None
        frame.to_parquet(out, index=False)
    if out:
        console.print(markup("[dim]wrote {rows:,} rows to {out}[/]", rows=len(frame), out=out))


def _from_tables(
    text: str,
    engine: str,
    spark_opts: SparkOptions | None,
    years: list[int] | None,
    orgs: list[str] | None,
    by: str | None,
    config: WresConfig,
) -> IndicatorResults:
    """The indicators from canonical tables a data platform holds (``--tables-from``), checked as the store's are:
    the organisations named must be there, and a 31 March staff snapshot for every year asked for."""
    from wres.indicators import compute
    from wres.indicators.tables_from import open_tables, parse_tables_from, snapshot_years

    where = parse_tables_from(text)
    with console.status(f"reading the canonical tables from {where}"):
        src = open_tables(where, engine, spark_opts)
        held = set(src.organisations()["org_code"].astype(str))
        unknown = sorted(set(orgs or []) - held)
        if unknown:
            raise WresError(f"organisation(s) not in {where}: {', '.join(unknown)}")
        snapshots = snapshot_years(src, orgs)
    if not snapshots:
        raise WresError(f"{where} holds no 31 March staff snapshots")
    chosen = years or [snapshots[-1]]
    _refuse_missing_years(chosen, snapshots, f"in {where}")
    with console.status("computing indicators"):
        return compute(src, chosen, orgs=orgs, by=by, config=config)


def _print_sql(
    st: Any,
    years: list[int],
    orgs: list[str] | None,
    by: str | None,
    engine: str,
    config: WresConfig,
    out: Path | None,
) -> None:
    """Every query the indicators run for these options, as ``engine``'s SQL, built and printed without executing
    anything (:mod:`wres.indicators.plan`); for Spark, over unbound tables named as a wres Spark session reads them,
    so no session is started. The SQL reads the canonical tables, as on any engine: on DuckDB wres itself reads the
    store's derived tables where they are current (:mod:`wres.store.derived`), with the same counts."""
    from wres import __version__
    from wres.indicators.compute import plan_run, restrict
    from wres.indicators.plan import sql_script
    from wres.indicators.source import from_store, unbound

    src = from_store(st, derived=False)
    where = "on the store as it is: duckdb wres-data/wres.duckdb < this-file.sql"
    if engine == "spark":
        from wres.indicators.spark import TABLE_PREFIX

        src = unbound(src, "spark", TABLE_PREFIX)
        where = f"in a wres Spark session, which reads each canonical table as the view {TABLE_PREFIX}<table>"
    run = plan_run(restrict(src, orgs), years, by, config)
    label = "WRES year" + ("s" if len(years) > 1 else "")
    heading = [
        f"wres {__version__} indicators --sql: {label} {', '.join(map(str, years))}; organisations "
        f"{', '.join(orgs) if orgs else 'all'}; breakdown {by or 'none'}; engine {engine}",
        f"Each statement runs {where}",
        *(f"note: {note}" for note in run.notes),
    ]
    text = sql_script(run.plans, engine, heading)
    if out:
        out.write_text(text, encoding="utf-8")
        console.print(markup("[dim]wrote the SQL to {out}[/]", out=out))
    else:
        console.print(literal(text), soft_wrap=True, end="")  # printed exactly: names such as staff_counts[by=band]


def _snapshot_years(st: Any, orgs: list[str] | None) -> list[int]:
    """WRES years with a 31 March staff snapshot in the store (of ``orgs``, default any), ascending."""
    where = "month(snapshot_date) = 3 AND day(snapshot_date) = 31"
    params: list[Any] = []
    if orgs:
        where += f" AND org_code IN ({', '.join('?' for _ in orgs)})"
        params = list(orgs)
    rows = st.con.execute(f"SELECT DISTINCT year(snapshot_date) FROM staff WHERE {where} ORDER BY 1", params)
    return [int(r[0]) for r in rows.fetchall()]


def _check_years(st: Any, years: list[int], orgs: list[str] | None) -> None:
    """Refuse a WRES year without data: year Y is named by its 31 March Y staff snapshot (wres-domain.md §2), as for
    ``wres report``; the message names the years the store holds."""
    _refuse_missing_years(years, _snapshot_years(st, orgs), "in the store")


def _refuse_missing_years(years: list[int], held: list[int], where: str) -> None:
    missing = sorted(set(years) - set(held))
    if missing:
        holds = ", ".join(map(str, held)) or "none"
        raise WresError(
            f"no data for WRES year {', '.join(map(str, missing))}: no 31 March staff snapshot {where} "
            f"(it holds {holds})"
        )


def _check_counts_cover(table: pd.DataFrame, path: Path, years: list[int] | None, orgs: list[str] | None) -> None:
    """Refuse an organisation or WRES year the counts file holds nothing for, as the store path does."""
    unknown = sorted(set(orgs or []) - set(table["org_code"]))
    if unknown:
        raise WresError(f"organisation(s) not in the counts file: {', '.join(unknown)}")
    rows = table[table["org_code"].isin(orgs)] if orgs else table
    held = sorted({int(y) for y in rows["year"]})
    missing = sorted(set(years or []) - set(held))
    if missing:
        holds = ", ".join(map(str, held)) or "none"
        raise WresError(f"no data for WRES year {', '.join(map(str, missing))} in {path} (it holds {holds})")


def _latest_year(st: Any) -> list[int]:
    row = st.con.execute(
        "SELECT max(year(snapshot_date)) FROM staff WHERE month(snapshot_date) = 3 AND day(snapshot_date) = 31"
    ).fetchone()
    if not row or row[0] is None:
        raise WresError("the store holds no 31 March snapshots yet (run `wres load`)")
    return [int(row[0])]


def register(app: typer.Typer) -> None:
    app.command()(indicators)
