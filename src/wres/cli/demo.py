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


def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the demo's data, store and outputs.")] = Path(
        "wres-data/demo"
    ),
    profile: SynthProfileOption = "london",
    seed: Annotated[int, typer.Option(help="Random seed.")] = 2024,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="End by serving the dashboard with one demo user per role.")
    ] = True,
    port: Annotated[int, typer.Option(help="Port for the dashboard.")] = 8000,
) -> None:
    """Generate a synthetic trust (5 years) as raw HR extracts, import them, summarise, compute the indicators,
    draw up its race equality plan, write the annual report (public and internal tiers) and serve the dashboard at
    http://127.0.0.1:8000."""
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
    config = SynthConfig(profile=profile, n_orgs=1, first_year=2022, last_year=2026, seed=seed)
    with console.status("generating a synthetic trust (5 years of workforce flow)"):
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
        today = date.today()
        plan = demo_plan(store, org, DEFAULT_CONFIG, today)
        console.print(
            markup(
                "[bold]5[/] the trust's race equality plan: {title}, {o} objectives with baselines from the data, "
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
                "[bold]6[/] the annual WRES {year} report with the plan, public and internal tiers, in {reports}",
                year=year,
                reports=reports,
            )
        )
        with console.status("writing the report (HTML, PDF, return workbook, CSV)"):
            outputs = build_reports(
                store, year, org, out=reports, tiers=("public", "internal"), plan=PlanContext(plan, today)
            )
        print_outputs(list(outputs))
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


def serve_dashboard(store_path: Path, web_data: Path, port: int, *, plan: Plan | None = None) -> None:
    """Step 7: the dashboard for the demo trust, one demo user per role (new random passwords, printed and kept
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
        markup("[bold]7[/] the WRES dashboard at [bold]http://127.0.0.1:{port}/[/] (Ctrl-C to stop)", port=port)
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
