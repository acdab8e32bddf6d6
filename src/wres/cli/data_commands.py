"""``wres synth``, ``wres load``, ``wres schema``, ``wres summary``: getting data in."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table as RichTable

from wres.cli.main import console
from wres.cli.markup import literal, markup
from wres.cli.options import StoreOption, SynthProfileOption, check_synth_profile
from wres.errors import UsageError, WresError

if TYPE_CHECKING:
    import duckdb


def synth(
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("wres-data/synth"),
    profile: SynthProfileOption = "national",
    orgs: Annotated[int, typer.Option("--orgs", min=1, help="Number of organisations.")] = 1,
    first_year: Annotated[int, typer.Option(help="First WRES year.")] = 2022,
    last_year: Annotated[int, typer.Option(help="Last WRES year.")] = 2026,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data).")] = 1,
    size: Annotated[int | None, typer.Option(help="Mean headcount per organisation.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    raw: Annotated[bool, typer.Option("--raw/--no-raw", help="Also write raw HR-system extracts.")] = True,
) -> None:
    """Generate synthetic NHS organisations: canonical tables (and raw extracts) in OUT."""
    from wres.synth import SynthConfig, generate, write_canonical, write_raw

    check_synth_profile(profile)
    if fmt not in ("parquet", "csv"):
        raise UsageError(f"--format must be parquet or csv, not {fmt!r}")
    if first_year > last_year:
        raise UsageError("--first-year must not be after --last-year")
    kwargs: dict[str, object] = {
        "profile": profile,
        "n_orgs": orgs,
        "first_year": first_year,
        "last_year": last_year,
        "seed": seed,
    }
    if size is not None:
        kwargs["size"] = size
    try:
        config = SynthConfig(**kwargs)  # type: ignore[arg-type]
    except (TypeError, ValueError, WresError) as exc:  # a setting out of its range: a usage error
        raise UsageError(f"synth: {exc}") from None
    start = time.perf_counter()
    with console.status("generating synthetic organisations"):
        data = generate(config)
    canonical = write_canonical(data, out / "canonical", fmt="csv" if fmt == "csv" else "parquet")
    console.print(markup("canonical tables: [bold]{path}[/]", path=canonical))
    if raw:
        raw_dir = write_raw(data, out / "raw")
        console.print(markup("raw extracts:     [bold]{path}[/]", path=raw_dir))
    people = data.staff["person_id"].nunique()
    console.print(
        f"{orgs} organisation(s), {people:,} people, WRES {first_year}–{last_year}, "
        f"in {time.perf_counter() - start:.1f} s"
    )


def load(
    folder: Annotated[Path, typer.Argument(help="A canonical folder (see docs/data-format.md).")],
    store: StoreOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only; change nothing.")] = False,
) -> None:
    """Validate a canonical folder and load it into the store in one transaction."""
    from wres.store import Store

    with Store(store) as st:
        if dry_run:
            counts = st.validate_folder(folder)
            console.print(markup("[green]valid[/]: {counts}", counts=_counts_text(counts)))
            return
        with console.status("loading") as status:
            result = st.load_folder(folder, progress=lambda msg: status.update(literal(msg)))
        console.print(
            markup(
                "[green]loaded[/] {folder} into {store} (load {load}): {orgs}; {counts}",
                folder=folder,
                store=st.path,
                load=result.load_id,
                orgs=", ".join(result.organisations),
                counts=_counts_text(result.row_counts),
            )
        )


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n:,}" for name, n in counts.items())


def schema(
    out: Annotated[Path | None, typer.Option("--out", help="Write the Markdown here instead of printing it.")] = None,
) -> None:
    """Print the canonical data format (docs/data-format.md is generated from this)."""
    from wres.data.docs import data_format_markdown

    text = data_format_markdown()
    if out is None:
        console.print(text, markup=False, highlight=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(markup("wrote {out}", out=out))


def summary(store: StoreOption = None, org: Annotated[str | None, typer.Option(help="ODS code.")] = None) -> None:
    """Headcount by year and BME share by band, from the store."""
    from wres.store import Store

    with Store(store, read_only=True) as st:
        print_summary(st.con, org)


def print_summary(con: duckdb.DuckDBPyConnection, org: str | None) -> None:
    from wres.store.summary import band_shares, headcount_by_year

    years = headcount_by_year(con, org)
    if years.empty:
        raise WresError("the store holds no staff for that selection")
    t = RichTable(title="Staff in post at 31 March (bank-only excluded)")
    for col in ("WRES year", "Headcount", "White %", "BME %", "Unknown %"):
        t.add_column(col, justify="right")
    for r in years.itertuples():
        t.add_row(str(r.year), f"{r.headcount:,}", f"{r.white_pct:.1f}", f"{r.bme_pct:.1f}", f"{r.unknown_pct:.1f}")
    console.print(t)
    last = int(years["year"].max())
    bands = band_shares(con, org, last)
    t = RichTable(title=f"BME share by band, 31 March {last}")
    for col in ("Band", "Headcount", "BME %"):
        t.add_column(col, justify="right")
    for r in bands.itertuples():
        t.add_row(literal(r.label), f"{r.headcount:,}", f"{r.bme_pct:.1f}")
    console.print(t)


def register(app: typer.Typer) -> None:
    app.command()(synth)
    app.command()(load)
    app.command()(schema)
    app.command()(summary)
