"""``wres progress``: is it getting better? Making Data Count SPC on monthly or quarterly series (``spc``) and the
change each relative-likelihood indicator could detect (``detect``); methods.md §8.6 and §13.

Both commands default to the public tier (disclosure control applied, as ``wres report`` does); ``--tier internal``
shows the unsuppressed figures.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table as RichTable

from wres.cli.helptext import WresTyper
from wres.cli.main import console
from wres.cli.markup import literal, markup
from wres.cli.options import StoreOption, check_choice, pick_org
from wres.errors import UsageError, WresError

if TYPE_CHECKING:
    import pandas as pd

    from wres.analysis.progress import IndicatorDetectability, Progress

FORMATS = ("table", "csv", "json")
TIERS = ("public", "internal")
PERIODS = ("month", "quarter")
GROUPINGS = ("wres", "group5", "group9")

progress_app = WresTyper(
    help="Is it getting better? SPC on monthly or quarterly series, and the change your numbers can detect.",
    no_args_is_help=True,
)

OrgOption = Annotated[
    str | None, typer.Option("--org", help="ODS code (default: the store's only organisation).", show_default=False)
]
TierOption = Annotated[
    str, typer.Option("--tier", help="public (disclosure control applied) or internal (unsuppressed).")
]
FormatOption = Annotated[str, typer.Option("--format", help="table, csv or json.")]
OutOption = Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Configuration TOML file.")]


def _emit(text: str, out: Path | None, rows: int) -> None:
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    out.write_text(text, encoding="utf-8")
    console.print(markup("[dim]wrote {rows:,} rows to {out}[/]", rows=rows, out=out))


def _csv(frame: pd.DataFrame) -> str:
    from wres.spreadsheet import spreadsheet_safe_frame

    return str(spreadsheet_safe_frame(frame).to_csv(index=False))


def _value_text(value: float | None, kind: str) -> str:
    from wres.analysis.progress.summary import format_value

    return format_value(value, kind)


@progress_app.command("spc")
def spc(
    org: OrgOption = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Series up to 31 March of this WRES year (default: all the data).")
    ] = None,
    tier: TierOption = "public",
    period: Annotated[
        str, typer.Option("--period", help="month or quarter (disciplinary series are always quarterly).")
    ] = "month",
    grouping: Annotated[str, typer.Option("--grouping", help="wres (White, BME), group5 or group9.")] = "wres",
    baseline: Annotated[
        int | None,
        typer.Option("--baseline", help="Fix each chart's limits on its first N points (12 or more).", min=12),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Draw every chart from this month, YYYY-MM (e.g. twelve months before a change, with --baseline 12).",
        ),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            help="A target for the assurance icon, SERIES[:GROUP]=VALUE on the series' scale, e.g. "
            "senior_share:BME=0.2 (repeatable).",
        ),
    ] = None,
    fmt: FormatOption = "table",
    out: OutOption = None,
    config_path: ConfigOption = None,
    store: StoreOption = None,
) -> None:
    """Making Data Count XmR on every monthly or quarterly series, with icons and a sentence for each."""
    from wres.analysis.progress import progress
    from wres.config import load_config
    from wres.indicators.source import from_store
    from wres.store import Store

    check_choice("--tier", tier, TIERS)
    check_choice("--period", period, PERIODS)
    check_choice("--grouping", grouping, GROUPINGS)
    check_choice("--format", fmt, FORMATS)
    targets = _targets(target or [])
    first = _month(start) if start is not None else None
    config = load_config(config_path)
    options: dict[str, Any] = {} if baseline is None else {"fix_after_n_points": baseline}
    with Store(store, read_only=True) as st:
        code = pick_org(st, org)
        with console.status("computing the series"):
            result = progress(
                from_store(st),
                config,
                code,
                period=period,
                grouping=grouping,
                year=year,
                tier=tier,
                targets=targets,
                start=first,
                **options,
            )
    if not result.series:
        raise WresError(f"no dated records for {code}: the store holds no recruitment, case, learning or staff rows")
    if fmt == "table":
        _spc_table(result)
    elif fmt == "json":
        payload = {"metadata": _metadata(result), "series": [s.to_dict() for s in result.series]}
        _emit(json.dumps(payload, indent=2, default=str), out, len(result.series))
    else:
        import pandas as pd

        records = []
        for s in result.series:
            rec = s.record()
            rec["cautions"] = "; ".join(rec["cautions"])
            rec["options"] = json.dumps(rec["options"], default=str)
            records.append(rec)
        _emit(_csv(pd.DataFrame(records)), out, len(records))


def _month(text: str) -> str:
    """``--from``'s month, YYYY-MM, as the first day of that month; a clear error otherwise."""
    import re

    m = re.fullmatch(r"\s*(\d{4})-(\d{2})\s*", text)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise UsageError(f"--from must be a month written YYYY-MM (e.g. 2024-10), not {text!r}")
    return f"{m.group(1)}-{m.group(2)}-01"


def _targets(values: list[str]) -> dict[str | tuple[str, str | None], float]:
    """``--target`` values, ``SERIES[:GROUP]=VALUE``, as :func:`wres.analysis.progress.progress` takes them."""
    out: dict[str | tuple[str, str | None], float] = {}
    for text in values:
        name, sep, number = text.partition("=")
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not sep or not name.strip() or not math.isfinite(value):
            raise UsageError(f"--target must be SERIES[:GROUP]=NUMBER (e.g. senior_share:BME=0.2), not {text!r}")
        key, colon, group = name.strip().partition(":")
        out[(key, group) if colon else key] = value
    return out


def _metadata(result: Progress) -> dict[str, Any]:
    from wres import __version__

    return {"wres_version": __version__, "org_code": result.org_code, **result.options}


def _spc_table(result: Progress) -> None:
    tier = "public (disclosure control applied)" if result.tier == "public" else "INTERNAL (unsuppressed)"
    title = f"Is it getting better? — {result.org_code}, {result.period}ly series, {tier}"
    t = RichTable(title=literal(title), title_justify="left", pad_edge=False)
    for col, justify in (("Series", "left"), ("Points", "right"), ("Latest", "right"), ("Reading", "left")):
        t.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for s in result.series:
        name = s.label + ("" if s.period == result.period else f" ({s.period}ly)")
        latest = _value_text(s.last_value, s.kind) if s.last_value is not None else "–"
        where = f"{s.n} to {s.last_period}" if s.last_period else str(s.n)
        reading = s.sentence
        if s.cautions:
            reading += "\n" + "\n".join(f"• {c}" for c in s.cautions)
        if s.tier == "public" and not s.chart_published:
            reading += "\n• Numbers too small to publish the chart: summary only."
        t.add_row(literal(name), where, latest, literal(reading))
    console.print(t)


@progress_app.command("detect")
def detect(
    org: OrgOption = None,
    year: Annotated[int | None, typer.Option("--year", help="WRES year (default: latest).")] = None,
    tier: TierOption = "public",
    period: Annotated[
        str, typer.Option("--period", help="Accepted for symmetry with spc; detectability is per year.")
    ] = "month",
    leading: Annotated[
        bool,
        typer.Option("--leading/--no-leading", help="Also the leading indicators' ratios (promotion, leaving, ...)."),
    ] = True,
    fmt: FormatOption = "table",
    out: OutOption = None,
    config_path: ConfigOption = None,
    store: StoreOption = None,
) -> None:
    """The smallest ratio each relative-likelihood indicator could tell from parity over 1, 3 and 5 years (80% power,
    95% level)."""
    from wres.analysis.progress import detectability_for
    from wres.cli.indicator_commands import _check_years, _latest_year
    from wres.config import load_config
    from wres.indicators import compute
    from wres.indicators.leading import compute_leading
    from wres.indicators.source import from_store
    from wres.store import Store

    check_choice("--tier", tier, TIERS)
    check_choice("--period", period, PERIODS)
    check_choice("--format", fmt, FORMATS)
    config = load_config(config_path)
    with Store(store, read_only=True) as st:
        code = pick_org(st, org)
        wanted = year if year is not None else _latest_year(st)[0]
        _check_years(st, [wanted], [code])
        with console.status("computing indicators"):
            src = from_store(st)
            res = compute(src, [wanted], orgs=[code], config=config)
            lead = compute_leading(src, [wanted], orgs=[code], config=config) if leading else None
    frames = [_tier_frame(r, tier, config) for r in (res, lead) if r is not None]
    import pandas as pd

    rows = detectability_for(pd.concat(frames, ignore_index=True), code, wanted, tier=tier)
    if fmt == "table":
        _detect_table(rows, code, wanted, tier)
        return
    records = [r.record() for r in rows]
    if fmt == "json":
        from wres import __version__

        meta = {"wres_version": __version__, "org_code": code, "year": wanted, "tier": tier, "power": 0.8}
        _emit(json.dumps({"metadata": meta, "detectability": records}, indent=2), out, len(records))
    else:
        import pandas as pd

        _emit(_csv(pd.DataFrame(records)), out, len(records))


def _tier_frame(res: Any, tier: str, config: Any) -> pd.DataFrame:
    """The result rows of ``res`` as the tier shows them (public: disclosure control applied, methods §11.2)."""
    from wres.disclosure.wres_tables import protect_indicator_results

    frame: pd.DataFrame = res.frame if tier != "public" else protect_indicator_results(res, config=config).results
    return frame


@progress_app.command("leading")
def leading_command(
    org: OrgOption = None,
    year: Annotated[int | None, typer.Option("--year", help="WRES year (default: latest).")] = None,
    tier: TierOption = "public",
    all_rows: Annotated[
        bool, typer.Option("--all", help="Every row (5 and 9 groups, by band), not only the headlines.")
    ] = False,
    fmt: FormatOption = "table",
    out: OutOption = None,
    config_path: ConfigOption = None,
    store: StoreOption = None,
) -> None:
    """The leading indicators (promotion, leaving, internal appointment, acting up; domain §7.3) with intervals and
    statuses, as indicators 2-4."""
    from wres.cli.indicator_commands import _check_years, _latest_year, print_table
    from wres.config import load_config
    from wres.indicators.leading import compute_leading
    from wres.indicators.source import from_store
    from wres.store import Store

    check_choice("--tier", tier, TIERS)
    check_choice("--format", fmt, FORMATS)
    config = load_config(config_path)
    with Store(store, read_only=True) as st:
        code = pick_org(st, org)
        wanted = year if year is not None else _latest_year(st)[0]
        _check_years(st, [wanted], [code])
        with console.status("computing the leading indicators"):
            res = compute_leading(from_store(st), [wanted], orgs=[code], config=config)
    frame = _tier_frame(res, tier, config)
    shown = frame if all_rows else frame[frame["headline"].astype(bool)]
    if fmt == "table":
        label = "public (disclosure control applied)" if tier == "public" else "INTERNAL (unsuppressed)"
        print_table(
            shown, f"Leading indicators, WRES {wanted} — {code}, {label}", (config.ranges.low, config.ranges.high)
        )
        for note in res.metadata.get("notes", []):
            console.print(markup("[dim]note: {note}[/]", note=note))
    elif fmt == "json":
        payload = {"metadata": {**res.metadata, "tier": tier}, "results": json.loads(shown.to_json(orient="records"))}
        _emit(json.dumps(payload, indent=2, default=str), out, len(shown))
    else:
        _emit(_csv(shown), out, len(shown))


def _ratio_text(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.2f}"


def _detect_table(rows: list[IndicatorDetectability], org: str, year: int, tier: str) -> None:
    label = "public (disclosure control applied)" if tier == "public" else "INTERNAL (unsuppressed)"
    t = RichTable(
        title=literal(f"What change could your numbers detect? — {org}, WRES {year}, {label}"),
        title_justify="left",
        pad_edge=False,
    )
    for col, justify in (
        ("Indicator", "left"),
        ("Ratio now", "right"),
        ("1 year", "right"),
        ("3 years", "right"),
        ("5 years", "right"),
        ("Year on year", "right"),
        ("In plain English", "left"),
    ):
        t.add_column(col, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in rows:
        factor = "–" if math.isnan(r.change_factor) else f"×{r.change_factor:.2f}"
        t.add_row(
            r.indicator,
            _ratio_text(r.estimate),
            _ratio_text(r.detectable_1y),
            _ratio_text(r.detectable_3y),
            _ratio_text(r.detectable_5y),
            factor,
            literal(r.sentence),
        )
    console.print(t)
    console.print(
        markup("[dim]{note}[/]", note="80% power at the 95% level; k years pooled assume steady volumes (methods §13).")
    )


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, name="progress")
