"""``wres import``, ``wres validate`` and ``wres imports``: raw HR extracts into the store, and their history."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable
from rich.text import Text

from wres.cli.main import console
from wres.cli.markup import literal, markup
from wres.cli.options import StoreOption
from wres.errors import UsageError, WresError
from wres.ingest.defaults import DEFAULT_MAX_INVALID_SHARE, KINDS_OF_SOURCE, STAGES
from wres.spreadsheet import spreadsheet_safe_frame

if TYPE_CHECKING:
    import pandas as pd

    from wres.ingest.importer import Given, ImportReport

FilesArgument = Annotated[list[Path], typer.Argument(help="Raw extracts (CSV or XLSX).")]
ProfileOption = Annotated[str | None, typer.Option("--profile", help="Mapping profile (default: detected).")]
SourceOption = Annotated[
    str | None,
    typer.Option("--source", help=f"What the files are: {', '.join(sorted(KINDS_OF_SOURCE))} (default: detected)."),
]
SheetOption = Annotated[str | None, typer.Option("--sheet", help="Worksheet of Excel files (default: the first).")]
KeyOption = Annotated[
    Path | None,
    typer.Option("--key-file", help="Pseudonymisation key (default: $WRES_KEY_FILE or ~/.config/wres/pseudonym.key)."),
]
MaxInvalidOption = Annotated[
    float, typer.Option("--max-invalid", min=0.0, max=1.0, help="Refuse a file with more invalid rows than this.")
]
NewKeyOption = Annotated[
    bool,
    typer.Option(
        "--new-key",
        help="Import with a new pseudonymisation key although the store holds data made with another (the key is "
        "lost): earlier years' people will not link to this import's (indicators 3 and 4, trends).",
    ),
]
ReportDirOption = Annotated[
    Path | None,
    typer.Option("--report-dir", help="Also write each file's quality report (JSON) and rejects (CSV) here."),
]
AcceptEthnicityOption = Annotated[
    bool,
    typer.Option(
        "--accept-ethnicity-column",
        help="Import a mapped ethnicity column even though under half its rows read as a known ethnicity or its "
        "values look like another field (sex, dates, numbers); without it such a file is refused.",
    ),
]
CompletePeriodOption = Annotated[
    list[str] | None,
    typer.Option(
        "--complete-period",
        help="An activity year (e.g. 2025/26; repeatable) that the recruitment, case and learning files are "
        "complete exports of: stored records of that year they lack are removed. Without it such files only add "
        "and update records by their ids.",
    ),
]
OrgOption = Annotated[
    str | None,
    typer.Option(
        "--org",
        help="ODS code of the organisation of every row: fills the organisation where a file has no column for it "
        "(a file naming another organisation is refused).",
    ),
]
OrgNameOption = Annotated[
    str | None,
    typer.Option(
        "--org-name",
        help="With --org, the organisation's name: no organisations file is needed for one trust (default: the code).",
    ),
]
SnapshotDateOption = Annotated[
    str | None,
    typer.Option(
        "--snapshot-date",
        help="The snapshot (or board register) date, YYYY-MM-DD or DD/MM/YYYY, where the file name does not say it.",
    ),
]
SurveyYearOption = Annotated[
    int | None,
    typer.Option("--survey-year", help="The staff survey's year, where the file name does not say it."),
]
REJECTS_SHOWN = 10
VALUES_SHOWN = 5
"""Distinct values printed per column in the data-quality report (every one is in the ledger and --report-dir)."""


@contextmanager
def _progress(files: list[Path]) -> Iterator[Any]:
    """A Rich progress bar per file, advanced stage by stage (read, map, validate, quality)."""
    bar = Progress(
        TextColumn("{task.description}", markup=False),  # file names are printed as written
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[stage]}", markup=False),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    tasks = {f.name: bar.add_task(f.name, total=len(STAGES), stage="waiting") for f in files}

    def update(name: str, stage: str, done: int) -> None:
        bar.update(tasks[name], completed=done, stage=stage)

    with bar:
        yield update


def _value(value: object) -> str:
    """`` value 'x':`` for a shown value, nothing for a withheld or missing one."""
    import pandas as pd

    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return f" value {str(value)!r}:"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _rows(n: int, what: str = "row") -> str:
    return f"{n:,} {what}" if n == 1 else f"{n:,} {what}s"


def _value_lines(values: dict[str, Any]) -> list[Text]:
    """Each listed column's first :data:`VALUES_SHOWN` distinct values with their reading and count, a count of the
    rest, and the rows of band ``UNMAPPED`` (issue 13; wres-domain.md §3.3, §4.2)."""
    lines: list[Text] = []
    for name, listed in values.items():
        entries = listed.get("values", [])
        lines.append(
            markup(
                "column {column!r} ({name}): {distinct}",
                column=listed["column"],
                name=name,
                distinct=_rows(listed["distinct"], "distinct value"),
            )
        )
        for v in entries[:VALUES_SHOWN]:
            shown = repr(v["value"]) if v["value"] else "(blank)"
            detail = ", ".join(str(v[k]) for k in ("group", "status") if v.get(k) and v[k] != "read")
            read_as = v["read_as"] if v["read_as"] is not None else "nothing"
            lines.append(
                markup(
                    "  {value} read as {read_as}{detail}: {rows}",
                    value=shown,
                    read_as=read_as,
                    detail=f" ({detail})" if detail else "",
                    rows=_rows(v["rows"]),
                )
            )
        rest = entries[VALUES_SHOWN:]
        more = len(rest) + listed.get("more_values", 0)
        if more:
            lines.append(
                markup(
                    "  and {more} ({rows}): listed in full by --report-dir and `wres imports --show N --json`",
                    more=_rows(more, "more value"),
                    rows=_rows(sum(v["rows"] for v in rest) + listed.get("more_rows", 0)),
                )
            )
        unmapped = [v for v in entries if name == "band" and v["read_as"] == "UNMAPPED"]
        if unmapped:
            lines.append(
                markup(
                    "[yellow]{rows} have band UNMAPPED[/] ({values}): counted in no band; correct the export or the "
                    "profile",
                    rows=_rows(sum(v["rows"] for v in unmapped)),
                    values=", ".join(f"{v['value']!r} {v['rows']:,}" for v in unmapped[:VALUES_SHOWN])
                    + (", ..." if len(unmapped) > VALUES_SHOWN else ""),
                )
            )
    return lines


def print_quality(file_name: str, q: dict[str, Any]) -> None:
    """Print one file's data-quality report (as made by :mod:`wres.ingest.quality`)."""
    lines: list[Text] = []
    if "key_warning" in q:
        lines.append(markup("[bold red]{warning}[/]", warning=q["key_warning"]))
    for e in q.get("ethnicity", []):
        lines.append(
            markup(
                "ethnicity stated in {table}: {stated:,} of {rows:,} ({share})",
                table=e["table"],
                stated=e["stated"],
                rows=e["rows"],
                share=_share(e["completeness"]),
            )
        )
    for u in q.get("unmatched_staff", []):
        lines.append(
            markup(
                "{table} records matching no staff record: {unmatched:,} of {records:,} ({share})",
                table=u["table"],
                unmatched=u["unmatched_records"],
                records=u["records"],
                share=_share(u["unmatched_share"]),
            )
        )
    for table, periods in q.get("periods", {}).items():
        by_period = ", ".join(f"{p} {n:,}" for p, n in periods.items())
        lines.append(markup("{table} by period: {periods}", table=table, periods=by_period))
    for table, covered in q.get("activity_years", {}).items():  # wres-domain.md §5.0, coverage per activity year
        if covered.get("gaps"):
            lines.append(
                markup(
                    "[yellow]no {table} records in activity year {gaps}:[/] not computed for that year, not zero",
                    table=table,
                    gaps=", ".join(covered["gaps"]),
                )
            )
    for table, outside in q.get("dates_outside_period", {}).items():
        parts = []
        if "future_dates" in outside:
            parts.append(f"{outside['future_dates']:,} dates in the future")
        if "snapshot_not_31_march" in outside:
            parts.append(f"{outside['snapshot_not_31_march']:,} snapshot rows not dated 31 March")
        if "rows_in_minor_periods" in outside:
            minor = outside["rows_in_minor_periods"]
            parts.append(
                "rows in periods outside the file's main ones: " + ", ".join(f"{p} {n}" for p, n in minor.items())
            )
        lines.append(markup("[yellow]{table} dates:[/] {parts}", table=table, parts="; ".join(parts)))
    lines += _value_lines(q.get("values", {}))
    for flag in q.get("day_first_ambiguous", []):  # issue 13: a dd/mm column that may be mm/dd
        lines.append(markup("[yellow]column {column!r}:[/] {problem}", column=flag["column"], problem=flag["problem"]))
    unread = q.get("unread_survey_answers")
    if unread and unread["unread"]:  # issue 13: answers compared exactly with the question map's labels
        shown = ", ".join(f"{v['item']} {v['value']!r}: {v['rows']:,}" for v in unread["values"][:5])
        more = len(unread["values"]) - 5
        lines.append(
            markup(
                "[yellow]survey answers no indicator reads as valid: {unread} of {answers}[/] (not the question "
                "map's labels; add them to {section} in wres.toml): {values}{more}",
                section="[survey.question_map]",
                unread=f"{unread['unread']:,}",
                answers=f"{unread['answers']:,}",
                values=shown,
                more=f" and {more} more" if more > 0 else "",
            )
        )
    for entry in q.get("stored_records_not_in_file", []):  # issue 13: event files merge by record id
        period = entry["period"]
        if entry["removed"]:
            how = "removed, as this file is stated to be a complete export of {period} (--complete-period)"
        elif entry.get("would_remove"):  # a dry run
            how = "would be removed, as this file is stated to be a complete export of {period} (--complete-period)"
        else:
            how = "kept (--complete-period {period} would remove them, for a complete export of it)"
        lines.append(
            markup(
                "[yellow]{org}: {records} stored {table} records of {period} are not in this file:[/] " + how,
                org=entry["org_code"],
                records=f"{entry['records']:,}",
                table=entry["table"],
                period=period,
            )
        )
    dup = q.get("duplicates", {})
    if dup:
        lines.append(
            markup(
                "duplicates: {identical:,} identical rows, {repeated:,} rows with a repeated key, {merged:,} extra "
                "assignments merged",
                identical=dup.get("identical_rows", 0),
                repeated=dup.get("repeated_keys", 0),
                merged=dup.get("assignments_merged_into_one_person", 0),
            )
        )
    if lines:
        console.print(markup("[bold]Data quality: {file}[/]", file=file_name))
        for line in lines:
            console.print(Text("  ").append_text(line))


def print_report(report: ImportReport) -> None:
    t = RichTable(title="Files", title_justify="left")
    for col in ("File", "Profile", "Status", "Read", "Loaded", "Rejected", "Merged", "Out of scope"):
        t.add_column(
            col, justify="right" if col in {"Read", "Loaded", "Rejected", "Merged", "Out of scope"} else "left"
        )
    for f in report.files:
        if f.skipped:
            t.add_row(literal(f.path.name), "", literal(f.status), "", "", "", "", "")
            continue
        status = f.status if f.import_id is None else f"import {f.import_id}"
        t.add_row(
            literal(f.path.name),
            literal(f.profile),
            literal(status),
            f"{f.rows_read:,}",
            f"{f.rows_loaded:,}",
            f"{f.rows_rejected:,}",
            f"{f.rows_merged:,}",
            f"{f.rows_out_of_scope:,}",
        )
    console.print(t)
    rejects = report.rejects
    if not rejects.empty:
        console.print(f"[yellow]{len(rejects):,} problems[/] (every one is in the rejects table); the first:")
        for r in rejects.head(REJECTS_SHOWN).itertuples(index=False):
            console.print(
                markup(
                    "  {file}, row {row}, column {column!r}:{value} {problem} ({outcome})",
                    file=Path(str(r.file)).name,
                    row=r.row,
                    column=r.column,
                    value=_value(r.value),
                    problem=r.problem,
                    outcome=r.outcome,
                )
            )
    for f in report.files:
        if not f.set_aside.empty:
            console.print(
                markup(
                    "{file}: {rows:,} rows not loaded by design ({out_of_scope:,} out of the profile's scope, "
                    "{merged:,} further assignments merged); each is listed by row in the ledger "
                    "(`wres imports --show N`) and with --report-dir",
                    file=f.path.name,
                    rows=len(f.set_aside),
                    out_of_scope=f.rows_out_of_scope,
                    merged=f.rows_merged,
                )
            )
    for f in report.files:
        if not f.skipped:
            print_quality(f.path.name, f.quality)
    if report.superseded:
        names = ", ".join(str(i) for i in report.superseded)
        console.print(markup("superseded (history kept; see `wres imports`): import {names}", names=names))


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


def save_reports(report: ImportReport, folder: Path) -> list[Path]:
    """Each file's quality report (JSON) and rejects (CSV: problems, then rows set aside by design) in ``folder``;
    returns the paths written."""
    import pandas as pd

    from wres.store.owner_only import make_private_folder

    if folder.exists() and not folder.is_dir():
        raise WresError(f"{folder}: --report-dir is a file, not a folder")
    make_private_folder(folder)  # owner-only (0700) when created; the files are 0600 (mkstemp)
    written: list[Path] = []
    for f in report.files:
        if f.skipped:
            continue
        stem = f"import-{f.import_id}" if f.import_id is not None else f"validate-{f.path.stem}"
        summary = {
            "file": f.path.name,
            "sha256": f.sha256,
            "profile": f.profile,
            "source": f.source,
            "status": f.status,
            "rows": {
                "read": f.rows_read,
                "loaded": f.rows_loaded,
                "rejected": f.rows_rejected,
                "merged": f.rows_merged,
                "out_of_scope": f.rows_out_of_scope,
            },
            "quality": f.quality,
        }
        quality = folder / f"{stem}-quality.json"
        _write_atomic(quality, json.dumps(summary, indent=2, default=str))
        rejects = folder / f"{stem}-rejects.csv"
        lines = pd.concat([x for x in (f.rejects, f.set_aside) if not x.empty] or [f.rejects], ignore_index=True)
        frame = spreadsheet_safe_frame(lines.assign(file=f.path.name))
        _write_atomic(rejects, frame.to_csv(index=False))
        written += [quality, rejects]
    return written


def stated_values(org: str | None, org_name: str | None, snapshot_date: str | None, survey_year: int | None) -> Given:
    """``--org``, ``--org-name``, ``--snapshot-date`` and ``--survey-year``, checked (docs/profiles.md)."""
    from wres.ingest.importer import Given

    if org_name is not None and org is None:
        raise UsageError("--org-name needs --org (the organisation's ODS code)")
    if org is not None and not org.strip():
        raise UsageError("--org: expected an ODS code such as RXX")
    date: dt.date | None = None
    if snapshot_date is not None:
        text = snapshot_date.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                date = dt.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if date is None:
            raise UsageError(f"--snapshot-date {snapshot_date!r}: expected a date such as 2025-03-31 or 31/03/2025")
    return Given(
        org_code=org.strip() if org is not None else None,
        org_name=org_name,
        snapshot_date=date,
        survey_year=survey_year,
    )


def run_import(
    files: list[Path],
    *,
    profile: str | None,
    source: str | None,
    sheet: str | None,
    store: Path | None,
    key_file: Path | None,
    max_invalid: float,
    report_dir: Path | None,
    dry_run: bool,
    new_key: bool = False,
    options_given: Given | None = None,
    accept_ethnicity_column: bool = False,
    complete_periods: list[str] | None = None,
) -> ImportReport:
    """Import (or with ``dry_run`` validate) ``files``: see :func:`wres.ingest.importer.import_files`.

    Nothing is created before the files are read and checked: paths are checked first; a store that does not exist
    yet is held in memory (a dry run validates without one, an import creates it only to commit); an existing store
    is opened read-only, and an import takes its write lock only to commit. Everything written (store, key,
    reports, DuckDB's write-ahead log) is owner-only.
    """
    from wres.ingest.importer import check_paths, import_files
    from wres.store import Store, default_store_path
    from wres.store.imports import activity_year
    from wres.store.owner_only import owner_only_umask

    if source is not None and source not in KINDS_OF_SOURCE:
        raise UsageError(f"unknown source {source!r}: expected one of {', '.join(sorted(KINDS_OF_SOURCE))}")
    periods: list[str] = []
    for stated in complete_periods or []:
        label = activity_year(stated)
        if label is None:
            raise UsageError(f"--complete-period {stated!r}: expected an activity year such as 2025/26")
        periods.append(label)
    check_paths(files)
    store_path = store if store is not None else default_store_path()
    with owner_only_umask():
        # A read-only view while the files are read and checked; an import takes the write lock only to commit
        # (Store.open_for_commit), so readers are not blocked meanwhile (issue 13).
        exists = store_path.exists()
        opened = Store(store_path, read_only=True, migrate=not dry_run) if exists else Store.in_memory(store_path)
        with opened as st, _progress(files) as progress:
            report = import_files(
                files,
                st,
                profile_name=profile,
                source=source,
                sheet=sheet,
                key_path=key_file,
                max_invalid_share=max_invalid,
                dry_run=dry_run,
                allow_new_key=new_key,
                given=options_given,
                accept_ethnicity_column=accept_ethnicity_column,
                complete_periods=periods,
                progress=progress,
            )
            report_store = st.path
        print_report(report)
        if report.key_throwaway is not None:
            console.print(
                markup(
                    "no pseudonymisation key at {key} yet: this dry run used a throwaway key (nothing kept); "
                    "`wres import` creates the key there",
                    key=report.key_throwaway,
                )
            )
        if report_dir is not None:
            for path in save_reports(report, report_dir):
                console.print(markup("wrote {path}", path=path))
    if report.key_created is not None:
        console.print(
            markup(
                "[bold]created the pseudonymisation key {key}[/] (key id {key_id}), readable only by you: back it "
                "up; without it next year's extracts will not link to these",
                key=report.key_created,
                key_id=report.key_id,
            )
        )
    if report.commit is not None:
        console.print(
            markup("[green]imported[/] into {store} (load {load})", store=report_store, load=report.commit.load_id)
        )
    elif not dry_run:
        console.print("nothing to import: every file is already in the store")
    return report


def _import_command(*, dry_run: bool, doc: str) -> Callable[..., None]:
    """``wres import`` (``dry_run=False``) or ``wres validate`` (``dry_run=True``): one set of options, which Typer
    reads from this signature."""

    def command(
        files: FilesArgument,
        profile: ProfileOption = None,
        source: SourceOption = None,
        sheet: SheetOption = None,
        store: StoreOption = None,
        key_file: KeyOption = None,
        max_invalid: MaxInvalidOption = DEFAULT_MAX_INVALID_SHARE,
        report_dir: ReportDirOption = None,
        new_key: NewKeyOption = False,
        org: OrgOption = None,
        org_name: OrgNameOption = None,
        snapshot_date: SnapshotDateOption = None,
        survey_year: SurveyYearOption = None,
        accept_ethnicity_column: AcceptEthnicityOption = False,
        complete_period: CompletePeriodOption = None,
    ) -> None:
        run_import(
            files,
            profile=profile,
            source=source,
            sheet=sheet,
            store=store,
            key_file=key_file,
            max_invalid=max_invalid,
            report_dir=report_dir,
            dry_run=dry_run,
            new_key=new_key,
            options_given=stated_values(org, org_name, snapshot_date, survey_year),
            accept_ethnicity_column=accept_ethnicity_column,
            complete_periods=complete_period,
        )
        if dry_run:
            console.print("[green]valid[/] (dry run: nothing was loaded)")

    command.__doc__ = doc
    return command


import_ = _import_command(
    dry_run=False,
    doc="Import raw extracts: map, pseudonymise, validate and load them in one transaction, with a ledger entry.",
)
validate = _import_command(dry_run=True, doc="Dry run of ``wres import``: the same report, nothing loaded.")


def imports(
    store: StoreOption = None,
    show: Annotated[int | None, typer.Option("--show", help="Details of one import: quality and rejects.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """The import history: every file imported, and whether a later import superseded it."""
    from dataclasses import asdict

    from wres.store import Store
    from wres.store.imports import MERGED, OUT_OF_SCOPE, import_record, import_rejects, list_imports

    rejects: pd.DataFrame | None = None
    aside: pd.DataFrame | None = None
    with Store(store, read_only=True) as st:
        if show is not None:
            record = import_record(st, show)
            if record is None:
                raise WresError(f"no import {show} in {st.path}")
            every = import_rejects(st, show, set_aside=True)
            by_design = every["outcome"].isin([OUT_OF_SCOPE, MERGED])
            rejects, aside = every[~by_design], every[by_design]
            records = [record]
        else:
            records = list_imports(st)
    if as_json:
        payload: Any = [asdict(r) for r in records]
        if rejects is not None and aside is not None:
            payload = {
                **payload[0],
                "rejects": rejects.to_dict(orient="records"),
                "set_aside": aside.to_dict(orient="records"),
            }
        console.print_json(json.dumps(payload, default=str))
        return
    if not records:
        console.print("no imports yet")
        return
    t = RichTable(title="Imports", title_justify="left")
    t.add_column("Import", justify="right")
    t.add_column("When (UTC)")
    t.add_column("By")
    t.add_column("File", no_wrap=True)
    t.add_column("Source")
    t.add_column("Periods")
    t.add_column("Loaded of read", justify="right")
    t.add_column("Rejected", justify="right")
    t.add_column("Status")
    for r in records:
        t.add_row(
            str(r.import_id),
            r.imported_at.strftime("%Y-%m-%d %H:%M"),
            literal(r.imported_by),
            literal(r.file_name),
            literal(f"{r.source} ({', '.join(r.organisations)})" if r.organisations else r.source),
            literal(", ".join(r.periods)),
            f"{r.rows_loaded:,} of {r.rows_read:,}",
            f"{r.rows_rejected:,}",
            literal(r.status),
        )
    console.print(t)
    if show is not None and rejects is not None:
        record = records[0]
        console.print(markup("profile {profile}, sha256 {sha256}", profile=record.profile, sha256=record.sha256))
        print_quality(record.file_name, record.quality)
        if aside is not None and not aside.empty:
            console.print(f"{len(aside):,} rows not loaded by design (out of scope or merged); the first 10:")
            for x in aside.head(10).itertuples(index=False):
                console.print(
                    markup("  row {row}:{value} {problem}", row=x.row, value=_value(x.value), problem=x.problem)
                )
        if rejects.empty:
            console.print("no rejected values")
        else:
            console.print(f"{len(rejects):,} problems; the first {min(len(rejects), 50)}:")
            for x in rejects.head(50).itertuples(index=False):
                console.print(
                    markup(
                        "  row {row}, column {column!r}:{value} {problem} ({outcome})",
                        row=x.row,
                        column=x.column,
                        value=_value(x.value),
                        problem=x.problem,
                        outcome=x.outcome,
                    )
                )


def register(app: typer.Typer) -> None:
    app.command(name="import")(import_)
    app.command(name="validate")(validate)
    app.command()(imports)
