"""``wres import`` and ``wres validate``: raw HR extracts into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table as RichTable

from wres.cli.main import console
from wres.cli.options import StoreOption
from wres.ingest.importer import DEFAULT_MAX_INVALID_SHARE, ImportReport

FilesArgument = Annotated[list[Path], typer.Argument(help="Raw extracts (CSV or XLSX).")]
ProfileOption = Annotated[str | None, typer.Option("--profile", help="Mapping profile [default: detected].")]
KeyOption = Annotated[
    Path | None,
    typer.Option("--key-file", help="Pseudonymisation key [default: $WRES_KEY_FILE or ~/.config/wres/pseudonym.key]."),
]
MaxInvalidOption = Annotated[
    float, typer.Option("--max-invalid", min=0.0, max=1.0, help="Refuse a file with more invalid rows than this.")
]


def print_report(report: ImportReport) -> None:
    t = RichTable(title="Files", title_justify="left")
    for col in ("File", "Profile", "Rows", "Rejected rows", "Canonical rows"):
        t.add_column(col)
    for f in report.files:
        tables = ", ".join(f"{k} {v:,}" for k, v in f.table_rows.items())
        t.add_row(f.path.name, f.profile, f"{f.rows_read:,}", f"{f.rows_rejected:,}", tables)
    console.print(t)
    if not report.rejects.empty:
        console.print(f"[yellow]{len(report.rejects):,} values could not be mapped[/]; the first:")
        for r in report.rejects.head(10).itertuples(index=False):
            console.print(f"  {Path(str(r.file)).name}, row {r.row}, column {r.column!r}: {r.problem}", highlight=False)


def _run(
    files: list[Path], profile: str | None, store: Path | None, key_file: Path | None, max_invalid: float, dry_run: bool
) -> ImportReport:
    from wres.ingest.importer import import_files
    from wres.store import Store

    with Store(store) as st, console.status("importing") as status:
        report = import_files(
            files,
            st,
            profile_name=profile,
            key_path=key_file,
            max_invalid_share=max_invalid,
            dry_run=dry_run,
            progress=status.update,
        )
        report_store = st.path
    print_report(report)
    if report.load is not None:
        console.print(f"[green]imported[/] into {report_store} (load {report.load.load_id})")
    return report


def import_(
    files: FilesArgument,
    profile: ProfileOption = None,
    store: StoreOption = None,
    key_file: KeyOption = None,
    max_invalid: MaxInvalidOption = DEFAULT_MAX_INVALID_SHARE,
) -> None:
    """Import raw extracts: map, pseudonymise, validate and load them in one transaction."""
    _run(files, profile, store, key_file, max_invalid, dry_run=False)


def validate(
    files: FilesArgument,
    profile: ProfileOption = None,
    store: StoreOption = None,
    key_file: KeyOption = None,
    max_invalid: MaxInvalidOption = DEFAULT_MAX_INVALID_SHARE,
) -> None:
    """Dry run of ``wres import``: the same report, nothing loaded."""
    _run(files, profile, store, key_file, max_invalid, dry_run=True)
    console.print("[green]valid[/] (dry run: nothing was loaded)")


def register(app: typer.Typer) -> None:
    app.command(name="import")(import_)
    app.command()(validate)
