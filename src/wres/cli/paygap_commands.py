"""``wres paygap``: the ethnicity pay gap at a 31 March snapshot (wres-domain.md §7.1, methods.md §14): mean and
median gaps with bootstrap intervals, the disclosure rate, the band-mix decomposition and the pay quartiles.

The public tier (default) applies disclosure control to the counts behind every gap and quartile
(:mod:`wres.disclosure.paygap`); ``--tier internal`` shows the exact figures.
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
from wres.cli.markup import literal, markup
from wres.cli.options import StoreOption, check_choice, pick_org

if TYPE_CHECKING:
    from wres.analysis.paygap import PayGap
    from wres.disclosure.paygap import PublicPayGap

FORMATS = ("table", "csv", "json")
TIERS = ("public", "internal")
GROUPS = ("wres", "ethnicity5", "ethnicity9")
REFERENCES = ("white", "white-british")
POPULATIONS = ("in_post", "wres", "substantive")
MARKER = "[c]"


def _latest_pay_year(st: Any, org: str) -> int:
    """The latest WRES year whose 31 March snapshot of ``org`` holds hourly pay; a clear error when none does."""
    from wres.analysis.paygap import NO_PAY_MESSAGE, NoPayDataError

    row = st.con.execute(
        "SELECT max(year(snapshot_date)) FROM staff WHERE org_code = ? AND month(snapshot_date) = 3 "
        "AND day(snapshot_date) = 31 AND hourly_pay IS NOT NULL",
        [org],
    ).fetchone()
    if not row or row[0] is None:
        raise NoPayDataError(f"{org}: {NO_PAY_MESSAGE}")
    return int(row[0])


def paygap(
    org: Annotated[
        str | None, typer.Option("--org", help="ODS code (default: the store's only organisation).", show_default=False)
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="WRES year: the 31 March snapshot of that year (default: the latest with pay)."),
    ] = None,
    groups: Annotated[str, typer.Option("--groups", help="wres (BME), ethnicity5 or ethnicity9.")] = "wres",
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference", help="white or white-british (default: [paygap] reference, white).", show_default=False
        ),
    ] = None,
    population: Annotated[
        str | None,
        typer.Option(
            "--population",
            help="in_post (all staff in post with pay), wres (no bank-only, no honorary) or substantive "
            "(default: [paygap] population, in_post).",
            show_default=False,
        ),
    ] = None,
    resamples: Annotated[
        int | None,
        typer.Option("--resamples", help="Bootstrap resamples (default: [paygap] n_resamples, 9999).", min=1),
    ] = None,
    tier: Annotated[
        str, typer.Option("--tier", help="public (disclosure control applied) or internal (unsuppressed).")
    ] = "public",
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
    config_path: Annotated[Path | None, typer.Option("--config", help="Configuration TOML file.")] = None,
    store: StoreOption = None,
) -> None:
    """The ethnicity pay gap: mean and median gaps with 95% bootstrap intervals, the disclosure rate, how much is band
    mix, and the pay quartiles."""
    from wres.analysis.paygap import PayGapOptions, pay_gap, pay_snapshot
    from wres.config import load_config
    from wres.store import Store

    check_choice("--groups", groups, GROUPS)
    if reference is not None:
        check_choice("--reference", reference, REFERENCES)
    if population is not None:
        check_choice("--population", population, POPULATIONS)
    check_choice("--tier", tier, TIERS)
    check_choice("--format", fmt, FORMATS)
    config = load_config(config_path)
    settings = config.paygap
    options = PayGapOptions(
        grouping=groups,
        reference=reference or settings.reference,
        population=population or settings.population,
        min_group=settings.min_group,
        n_resamples=resamples or settings.n_resamples,
        seed=settings.seed,
    )
    # migrate: a store made before the pay columns (schema version 2) gains them, empty, and then says "no pay data"
    with Store(store, read_only=True, migrate=True) as st:
        code = pick_org(st, org)
        wanted = year if year is not None else _latest_pay_year(st, code)
        snapshot = pay_snapshot(st, code, wanted)
    with console.status("computing the pay gap (bootstrap)"):
        result = pay_gap(snapshot, options, org_code=code, year=wanted)
    public: PublicPayGap | None = None
    if tier == "public":
        from wres.disclosure import DisclosurePolicy
        from wres.disclosure.paygap import protect_pay_gap

        public = protect_pay_gap(result, DisclosurePolicy.from_config(config.disclosure))
    gaps = [_gap_record(r) for r in (public.gaps if public else result.gaps)]
    quartiles = _quartile_records(result, public)
    metadata = public.metadata() if public else result.metadata()
    metadata["tier"] = tier
    if fmt == "json":
        from wres import __version__

        payload = {"metadata": {"wres_version": __version__, **metadata}, "gaps": gaps, "quartiles": quartiles}
        _emit(json.dumps(payload, indent=2, default=str), out, len(gaps) + len(quartiles))
    elif fmt == "csv":
        import pandas as pd

        from wres.spreadsheet import spreadsheet_safe_frame

        frame = pd.concat(
            [
                pd.DataFrame([{"section": "gap", **g} for g in gaps]),
                pd.DataFrame([{"section": "quartile", **q} for q in quartiles]),
            ],
            ignore_index=True,
        )
        _emit(str(spreadsheet_safe_frame(frame).to_csv(index=False)), out, len(frame))
    else:
        _print(result, gaps, quartiles, metadata, tier, public)


def _emit(text: str, out: Path | None, rows: int) -> None:
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    out.write_text(text, encoding="utf-8")
    console.print(markup("[dim]wrote {rows:,} rows to {out}[/]", rows=rows, out=out))


def _gap_record(row: Any) -> dict[str, Any]:
    record: dict[str, Any] = row.record()
    for key in ("n_group", "n_reference", "disclosure_rate"):
        if record[key] is None:
            record[key] = MARKER
    for key, value in record.items():
        if isinstance(value, float) and math.isnan(value):
            record[key] = None
    return record


def _no_nan(record: dict[str, Any]) -> dict[str, Any]:
    """NaN (an empty quartile's pay range or share) as None: JSON has no NaN."""
    return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in record.items()}


def _quartile_records(result: PayGap, public: PublicPayGap | None) -> list[dict[str, Any]]:
    if public is None:
        return [
            _no_nan(
                {
                    "quartile": c.quartile,
                    "group": c.group,
                    "count": c.count,
                    "size": c.size,
                    "share": c.share,
                    "share_low": c.low,
                    "share_high": c.high,
                    "min_pay": c.min_pay,
                    "max_pay": c.max_pay,
                }
            )
            for c in result.quartiles
        ]
    return [
        {
            "quartile": q.quartile,
            "group": q.group,
            "count": MARKER if q.count is None else q.count,
            "size": MARKER if q.size is None else q.size,
            "share": q.share,
            "share_low": q.low,
            "share_high": q.high,
        }
        for q in public.quartiles
    ]


def _pct(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}%"


def _interval(low: Any, high: Any) -> str:
    if low is None or high is None:
        return ""
    return f"\n({low:.1f} to {high:.1f})"


def _print(
    result: PayGap,
    gaps: list[dict[str, Any]],
    quartiles: list[dict[str, Any]],
    metadata: dict[str, Any],
    tier: str,
    public: PublicPayGap | None,
) -> None:
    label = "public (disclosure control applied)" if tier == "public" else "INTERNAL (unsuppressed)"
    title = (
        f"Ethnicity pay gap, 31 March {result.year} — {result.org_code}, reference {result.reference}, "
        f"population {result.options.population}, {label}"
    )
    t = RichTable(title=literal(title), title_justify="left", pad_edge=False)
    for col, justify in (
        ("Group", "left"),
        ("People (group / reference)", "right"),
        ("Mean gap (95% CI)", "right"),
        ("Median gap (95% CI)", "right"),
        ("Band mix / within band", "right"),
        ("Ethnicity known", "right"),
        ("Note", "left"),
    ):
        t.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for g in gaps:
        people = literal(f"{g['n_group']} / {g['n_reference']}")
        rate = g["disclosure_rate"]
        rate_text = literal(rate) if isinstance(rate, str) else _pct(None if rate is None else 100 * rate, 0)
        split = f"{_pct(g['band_mix'])} / {_pct(g['within_band'])}" if g["band_mix"] is not None else "–"
        note = g["reason"] or ""
        t.add_row(
            literal(g["group"]),
            people,
            _pct(g["mean_gap"]) + _interval(g["mean_gap_low"], g["mean_gap_high"]),
            _pct(g["median_gap"]) + _interval(g["median_gap_low"], g["median_gap_high"]),
            split,
            rate_text,
            literal(note),
        )
    console.print(t)
    groups = list(dict.fromkeys(q["group"] for q in quartiles))
    qt = RichTable(
        title="Pay quartiles: share of each quartile in each group (95% Wilson interval)", title_justify="left"
    )
    qt.add_column("Quartile")
    qt.add_column("People", justify="right")
    for g in groups:
        qt.add_column(literal(g), justify="right", overflow="fold")
    names = {1: "1 (lowest paid)", 2: "2", 3: "3", 4: "4 (highest paid)"}
    for q in range(1, 5):
        cells = [c for c in quartiles if c["quartile"] == q]
        size = cells[0]["size"] if cells else 0
        row: list[str | Text] = [names[q], literal(str(size))]
        for c in cells:
            share = c["share"]
            if share is None:
                row.append(literal(MARKER) if c["count"] == MARKER else "–")
            else:
                row.append(f"{100 * share:.1f}%" + _interval(100 * c["share_low"], 100 * c["share_high"]))
        qt.add_row(*row)
    console.print(qt)
    console.print(
        markup(
            "[dim]Gap = (reference − group) ÷ reference × 100: positive means the reference group is paid more. "
            "Band mix: the gap had each group kept its own band mix but been paid the reference group's mean in each "
            "band (Oaxaca–Blinder); within band: the rest. Bootstrap: {n} resamples, percentile method.[/]",
            n=f"{result.options.n_resamples:,}",
        )
    )
    for note in metadata.get("notes", []):
        console.print(markup("[dim]note: {note}[/]", note=note))


def register(app: typer.Typer) -> None:
    app.command("paygap")(paygap)
