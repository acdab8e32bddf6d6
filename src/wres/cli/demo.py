"""``wres demo``: the whole journey on a synthetic trust, end to end."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wres.cli.main import console
from wres.cli.markup import literal, markup
from wres.cli.options import SynthProfileOption, check_synth_profile

if TYPE_CHECKING:
    from wres.plan.records import Plan
    from wres.store import Store

DEMO_EFFECT_MONTH = "2024-10"
"""The month the demo trust's positive-action programme begins: from its first day BME staff's odds of appointment
into band 8a and above are multiplied by :data:`DEMO_EFFECT_FACTOR` (planted by the generator, ADR 0006)."""
DEMO_EFFECT_FACTOR = 5.0
DEMO_SEED = 3
"""The demo's default seed: a London trust whose band 8a-and-above share is steady in the year before the planted
change, so its chart shows the change rather than drift (with seed 2024 the share was already climbing)."""
WATCH_BASELINE = 12
"""Months before the change that the demo's chart fixes as its baseline (methods.md §8.4)."""


def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo's data, store and outputs.")] = Path(
        "wres-data/demo"
    ),
    profile: SynthProfileOption = "london",
    seed: Annotated[int, typer.Option(help="Random seed.")] = DEMO_SEED,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="End by serving the dashboard with one demo user per role.")
    ] = True,
    port: Annotated[int, typer.Option(help="Port for the dashboard.")] = 8000,
) -> None:
    """Generate a synthetic trust (5 years, monthly staff extracts, a positive-action programme from October 2024) as
    raw HR extracts, import them, summarise, compute the indicators, watch for the programme's effect with Making
    Data Count SPC, draw up its race equality plan, write the annual report (public and internal tiers) and serve
    the dashboard at http://127.0.0.1:8000."""
    from wres.cli.data_commands import print_summary
    from wres.cli.import_commands import run_import
    from wres.cli.indicator_commands import print_table
    from wres.cli.report_commands import print_outputs
    from wres.config import DEFAULT_CONFIG
    from wres.indicators import compute, from_store
    from wres.ingest.importer import DEFAULT_MAX_INVALID_SHARE
    from wres.plan.demo import demo_plan
    from wres.reports.build import build_reports
    from wres.reports.data import PlanContext
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_canonical, write_raw

    check_synth_profile(profile)
    if out.exists():
        shutil.rmtree(out)
    config = SynthConfig(
        profile=profile,
        n_orgs=1,
        first_year=2022,
        last_year=2026,
        seed=seed,
        monthly=True,
        effect_month=DEMO_EFFECT_MONTH,
        effect_factor=DEMO_EFFECT_FACTOR,
    )
    with console.status("generating a synthetic trust (5 years of workforce flow, staff in post every month)"):
        data = generate(config)
        canonical = write_canonical(data, out / "canonical", fmt="csv")
        raw = write_raw(data, out / "raw")
    console.print(
        markup(
            "[bold]1[/] synthetic trust written: canonical {canonical}, raw extracts {raw}",
            canonical=canonical,
            raw=raw,
        )
    )
    store_path = out / "wres.duckdb"
    files = sorted(raw.glob("*.csv"))
    console.print(f"[bold]2[/] importing {len(files)} raw extracts (map, pseudonymise, validate, load, ledger)")
    report = run_import(
        files,
        profile=None,
        source=None,
        sheet=None,
        store=store_path,
        key_file=out / "pseudonym.key",
        max_invalid=DEFAULT_MAX_INVALID_SHARE,
        report_dir=out / "import-reports",
        dry_run=False,
    )
    assert report.commit is not None
    with Store(store_path) as store:
        result = report.commit
        orgs = sorted(set(result.slices["org_code"]))
        org = orgs[0]
        console.print(markup("[bold]3[/] summary for {org}", org=org))
        print_summary(store.con, org)
        year = config.last_year
        console.print(markup("[bold]4[/] the nine WRES indicators for {org}, WRES {year}", org=org, year=year))
        with console.status("computing indicators"):
            res = compute(from_store(store), [year - 1, year], orgs=[org])
        head = res.frame[res.frame["headline"].astype(bool) & (res.frame["year"] == year)]
        print_table(head, f"WRES {year} — {org} (synthetic)")
        watch_change(store, org, store_path)
        today = date.today()
        plan = demo_plan(store, org, DEFAULT_CONFIG, today)
        console.print(
            markup(
                "[bold]6[/] the trust's race equality plan: {title}, {o} objectives with baselines from the data, "
                "{a} actions, {v} reviews, {e} engagement records",
                title=plan.title,
                o=len(plan.objectives),
                a=len(plan.actions),
                v=len(plan.reviews),
                e=len(plan.engagements),
            )
        )
        reports = out / "reports"
        console.print(
            markup(
                "[bold]7[/] the annual WRES {year} report with the plan, public and internal tiers, in {reports}",
                year=year,
                reports=reports,
            )
        )
        with console.status("writing the report (HTML, PDF, return workbook, CSV)"):
            outputs = build_reports(
                store, year, org, out=reports, tiers=("public", "internal"), plan=PlanContext(plan, today)
            )
        print_outputs(list(outputs))
        region_step(store, org, year, reports)
    console.print(
        markup(
            "\nOpen [bold]{html}[/] in a browser. Next: [bold]wres indicators --store {store} --by band[/] or "
            "[bold]--by ethnicity5[/], [bold]--format csv[/], [bold]wres report --store {store} --year {year} "
            "--tier internal[/]",
            html=outputs[0].html,
            store=store_path,
            year=year,
        )
    )
    if serve:
        serve_dashboard(store_path, out / "web", port, plan=plan)


def region_step(store: Store, org: str, year: int, reports: Path) -> None:
    """Step 8: the trust's region side by side — the real NHS Staff Survey results of its NHS trusts, and the
    regional report (issue 18)."""
    from wres.config import DEFAULT_CONFIG
    from wres.reports.region_data import regions_of, survey_region_rows
    from wres.reports.region_report import write_region_report

    orgs = regions_of(store)
    region = str(orgs.loc[orgs["org_code"] == org, "region"].iloc[0])
    got = survey_region_rows(region, "survey-discrimination_internal", year)
    counts = got.rows["vs_england"].value_counts()
    console.print(
        markup(
            "[bold]8[/] every NHS trust in {region} side by side on real published data, the NHS Staff Survey "
            "{survey}: discrimination from a manager or colleague (all staff) — {n} trusts, England {england}; "
            "{worse} worse than England, {similar} similar, {better} better",
            region=region,
            survey=got.year,
            n=len(got.rows),
            england=f"{100 * (got.england or 0):.1f}%",
            worse=int(counts.get("Worse", 0)),
            similar=int(counts.get("Similar", 0)),
            better=int(counts.get("Better", 0)),
        )
    )
    with console.status(f"writing the {region} regional report (HTML, PDF)"):
        files = write_region_report(store, region, year, reports, DEFAULT_CONFIG)
    console.print(markup("  the regional report: {html}", html=files.html))


def watch_change(store: Store, org: str, store_path: Path) -> None:
    """Step 5: is it getting better? The BME share of staff at band 8a and above, monthly, charted from twelve months
    before the programme began with those months fixed as the baseline (methods.md §8.4), and the month a board
    watching it would first have seen special cause improvement (:func:`wres.analysis.progress.signal_after`)."""
    import pandas as pd

    from wres.analysis.progress import build_series, select, signal_after, since, summarise
    from wres.config import DEFAULT_CONFIG
    from wres.indicators.periodic import periodic_counts
    from wres.indicators.source import from_store

    change = pd.Timestamp(f"{DEMO_EFFECT_MONTH}-01")
    start = change - pd.DateOffset(months=WATCH_BASELINE)
    with console.status("charting the monthly series (Making Data Count)"):
        counts = periodic_counts(from_store(store), DEFAULT_CONFIG, "month", [org])
        series = select(build_series(counts, org, DEFAULT_CONFIG), "senior_share", "BME")
        seen = signal_after(series, change, baseline=WATCH_BASELINE)
        summary = summarise(since(series, start), fix_after_n_points=WATCH_BASELINE)
    console.print(
        markup(
            "[bold]5[/] is it getting better? A positive-action programme began in {month} (planted in this "
            "synthetic trust: BME staff's odds of appointment into band 8a and above × {factor:g}).",
            month=change.strftime("%B %Y"),
            factor=DEMO_EFFECT_FACTOR,
        )
    )
    if seen is None:
        found = "no signal of improvement yet"
    else:
        months = (seen.year - change.year) * 12 + seen.month - change.month
        found = f"first signal of improvement in {seen:%B %Y}, {months} months after the change began"
    console.print(
        markup(
            "  The BME share of staff at band 8a and above, monthly from {start} with those {n} months as a fixed "
            "baseline: {found}.\n  {sentence}",
            start=start.strftime("%B %Y"),
            n=WATCH_BASELINE,
            found=found,
            sentence=summary.sentence,
        )
    )
    console.print(
        markup(
            "  Every series: [bold]wres progress spc --store {store} --tier internal --from {start} --baseline {n}[/]",
            store=store_path,
            start=start.strftime("%Y-%m"),
            n=WATCH_BASELINE,
        )
    )


def serve_dashboard(store_path: Path, web_data: Path, port: int, *, plan: Plan | None = None) -> None:
    """Step 8: the dashboard for the demo trust, one demo user per role (new random passwords, printed and kept
    owner-only in ``web_data/demo-users.txt``), and the trust's race equality plan (``plan``, or drawn up from the
    store) saved as the EDI lead would import it, with the network member's comments."""
    import os

    from rich.table import Table

    from wres.web.serve import configure, prepare, run_development

    configure(store_path, web_data)
    orgs = prepare()
    from wres.web.models import Organisation
    from wres.web.seed import seed_demo_users

    organisations = list(Organisation.objects.filter(code__in=orgs).order_by("code"))
    credentials = seed_demo_users(organisations)
    if organisations:
        seed_plan(store_path, organisations[0], plan)
    table = Table(title="Demo users (synthetic data only)")
    for column in ("user name", "password", "role", "organisations"):
        table.add_column(column)
    lines = []
    for c in credentials:
        table.add_row(literal(c.username), literal(c.password), c.role.label, literal(", ".join(c.organisations)))
        lines.append(f"{c.username}\t{c.password}\t{c.role.label}\t{','.join(c.organisations)}")
    fd = os.open(web_data / "demo-users.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    console.print(
        markup("[bold]8[/] the WRES dashboard at [bold]http://127.0.0.1:{port}/[/] (Ctrl-C to stop)", port=port)
    )
    console.print(table)
    console.print(markup("[dim]the passwords are also in {path}[/]", path=web_data / "demo-users.txt"))
    run_development("127.0.0.1", port, orgs)


def seed_plan(store_path: Path, organisation: object, plan: Plan | None) -> None:
    """Save the demo plan for ``organisation`` through :func:`wres.web.plan.records_io.save_plan` (drawn up from
    the store when ``plan`` is None; skipped, with a note, when the store holds too few years for it)."""
    from wres.config import DEFAULT_CONFIG
    from wres.errors import WresError
    from wres.plan.demo import demo_plan
    from wres.store import Store
    from wres.web.seed import seed_demo_plan

    code = getattr(organisation, "code", "")
    if plan is None:
        try:
            with Store(store_path, read_only=True) as store:
                plan = demo_plan(store, code, DEFAULT_CONFIG, date.today())
        except WresError as exc:
            console.print(markup("[dim]note: no demo plan: {exc}[/]", exc=exc))
            return
    saved = seed_demo_plan(organisation, plan)  # type: ignore[arg-type]
    console.print(
        markup(
            "the race equality plan {title} is in the dashboard for {org} (plan {pk}), with comments",
            title=plan.title,
            org=code,
            pk=saved.pk,
        )
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
