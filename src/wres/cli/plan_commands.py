"""``wres plan export``, ``wres plan import`` and ``wres plan status``: the race equality plan (issue 15) kept in
the dashboard's database, from the command line.

The commands open the web application's database as ``wres serve`` does (SQLite in ``--web-data`` by default,
``$DATABASE_URL`` otherwise; the web extra is needed and named when it is missing) and read or write the plan with
:mod:`wres.web.plan.records_io`. An import is checked first (the spreadsheet's cells, then the plan's own rules,
:mod:`wres.plan.validate`, and the people against the organisation's accounts): every problem is printed, naming
the sheet, the row and the column, and nothing is saved unless there is none; a saved import is audited
("Imported a plan") under the account given by ``--as`` or the system.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wres.cli.helptext import WresTyper
from wres.cli.main import console, err_console
from wres.cli.markup import markup
from wres.cli.options import StoreOption
from wres.cli.web_commands import WebDataOption
from wres.errors import DataError, UsageError, WresError

if TYPE_CHECKING:
    from wres.plan import records as r
    from wres.plan.validate import Problem as PlanProblem

plan_app = WresTyper(
    help="The race equality plan: export it to a spreadsheet, import one, print its status.", no_args_is_help=True
)

OrgOption = Annotated[str, typer.Option("--org", help="ODS code of the organisation.")]
STATUS_FORMATS = ("table", "csv", "json")


def _open_web(store: Path | None, web_data: Path) -> None:
    """Set up the dashboard's database as ``wres serve`` does (migrations applied, organisations from the
    warehouse); a clear error when the web extra is missing (``wres.web`` names it on import)."""
    from wres.store.warehouse import default_store_path

    store = store or default_store_path()
    if not store.exists():
        raise WresError(f"{store}: no warehouse here yet (run `wres import` first, or `wres demo`)")
    from wres.web.serve import configure, prepare

    configure(store, web_data)
    prepare()


def _organisation(code: str) -> Any:
    from wres.web.models import Organisation

    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise WresError(f"organisation {code!r} is not in the dashboard (it holds only the warehouse's organisations)")
    return found


def _accounts(org: Any) -> set[str]:
    from wres.web.models import Membership

    return set(Membership.objects.filter(organisation=org).values_list("user__username", flat=True))


# ------------------------------------------------------------------------------------------------------ export


def export(
    org: OrgOption,
    out: Annotated[Path | None, typer.Option("--out", help="The workbook to write (default plan-ORG.xlsx).")] = None,
    csv_folder: Annotated[
        Path | None, typer.Option("--csv", help="Write the template's CSV files into this folder instead.")
    ] = None,
    published: Annotated[
        bool,
        typer.Option(
            "--published",
            help="The published plan only, as the public sees it: people by role title (no accounts), no reviews, "
            "engagement records or recorded baselines.",
        ),
    ] = False,
    store: StoreOption = None,
    web_data: WebDataOption = Path("wres-data/web"),
) -> None:
    """Export the organisation's current plan as the spreadsheet template (docs/plan-template.md)."""
    if out is not None and csv_folder is not None:
        raise UsageError("give --out FILE.xlsx or --csv FOLDER, not both")
    _open_web(store, web_data)
    from wres.plan.spreadsheet import write_csv, write_xlsx
    from wres.web.plan.models import Plan, current_plan
    from wres.web.plan.records_io import plan_record

    organisation = _organisation(org)
    if published:
        plan = Plan.objects.filter(organisation=organisation, status="published").order_by("-start_year", "-id").first()
        if plan is None:
            raise WresError(f"{org} has no published plan yet")
    else:
        plan = current_plan(organisation.pk)
        if plan is None:
            raise WresError(f"{org} has no plan yet (import one with `wres plan import FILE --org {org}`)")
    record = plan_record(plan)
    if published:
        # as the public sees it (the web's download for regional viewers): no reviews (their frozen figures may be
        # internal), engagement records, "you said, we did" or commitments, and no recorded baselines (they come
        # from the exact counts; the public report shows the public tier's own figures)
        record = dataclasses.replace(
            record,
            objectives=tuple(dataclasses.replace(o, baseline_value=None) for o in record.objectives),
            reviews=(),
            engagements=(),
            said_did=(),
            commitments=(),
        )
    if csv_folder is not None:
        files = write_csv(record, csv_folder, names=not published)
        console.print(markup("{title}: {n} CSV files in {folder}", title=record.title, n=len(files), folder=csv_folder))
        return
    path = out or Path(f"plan-{org}.xlsx")
    write_xlsx(record, path, names=not published)
    console.print(markup("{title}: {path}", title=record.title, path=path))


# ------------------------------------------------------------------------------------------------------ import


def read_plan(path: Path) -> r.Plan:
    """The plan in the template's workbook, or in a folder of its CSV files (or one of them)."""
    from wres.plan.spreadsheet import read_csv, read_xlsx

    if path.is_dir():
        return read_csv(path)
    if path.suffix.lower() == ".csv":
        return read_csv(path.parent)
    if not path.exists():
        raise WresError(f"{path}: no such file")
    return read_xlsx(path)


FIELD_HEADINGS: dict[str, dict[str, tuple[str, str]]] = {
    "plan": {"end_year": ("Plan", "End year"), "start_year": ("Plan", "Start year")},
    "objective": {
        "ref": ("Objectives", "Objective ref"),
        "measures": ("Measures", "Indicator"),
        "baseline_value": ("Objectives", "Baseline value"),
        "baseline_year": ("Objectives", "Baseline year"),
        "target_value": ("Objectives", "Target value"),
        "target_year": ("Objectives", "Target year"),
        "high_impact_actions": ("Objectives", "High impact actions"),
        "sponsor": ("Objectives", "Sponsor (account)"),
        "owner": ("Objectives", "Owner (account)"),
    },
    "action": {
        "ref": ("Actions", "Action ref"),
        "due": ("Actions", "Due date"),
        "completed": ("Actions", "Completed on"),
        "objectives": ("Actions", "Objective refs"),
        "owner": ("Actions", "Owner (account)"),
        "start": ("Actions", "Start date"),
        "status": ("Actions", "Status"),
    },
    "review": {"objective": ("Reviews", "Objective ref"), "held": ("Reviews", "Held on")},
    "engagement": {
        "participants": ("Engagement", "Participants"),
        "leaders": ("Engagement", "Board and senior leaders"),
    },
    "said_did": {"objectives": ("You said we did", "Objective refs"), "actions": ("You said we did", "Action refs")},
    "commitment": {"member": ("Board commitments", "Board member (account)")},
}
"""Where a field of a plan's item is on the template: (sheet, column heading)."""

SHEET_OF_KIND = {
    "plan": "Plan",
    "objective": "Objectives",
    "action": "Actions",
    "review": "Reviews",
    "engagement": "Engagement",
    "said_did": "You said we did",
    "commitment": "Board commitments",
}


@dataclass(frozen=True)
class _Rows:
    """Each sheet's data rows as the user numbers them (the n-th item of a kind is on the n-th data row)."""

    where: dict[str, str]
    rows: dict[str, list[int]]

    @classmethod
    def of(cls, path: Path) -> _Rows:
        from wres.ingest.limits import configured_limits
        from wres.plan.spreadsheet.cells import csv_sheets, xlsx_sheets

        try:
            folder = path if path.is_dir() else path.parent if path.suffix.lower() == ".csv" else None
            sheets, _ = csv_sheets(folder, configured_limits()) if folder else xlsx_sheets(path, configured_limits())
        except WresError:
            return cls({}, {})
        return cls({k: s.where for k, s in sheets.items()}, {k: [n for n, _ in s.rows] for k, s in sheets.items()})

    def place(self, kind: str, position: int | None, field: str, ref: str = "") -> str:
        sheet, column = FIELD_HEADINGS.get(kind, {}).get(field, (SHEET_OF_KIND.get(kind, kind), field))
        where = self.where.get(sheet, f"sheet {sheet!r}")
        rows = self.rows.get(sheet, [])
        if sheet == "Measures":
            return f"{where}, the rows of objective {ref}, column {column!r}"
        if kind == "plan":
            row = rows[0] if rows else None
        else:
            row = rows[position - 1] if position is not None and 0 < position <= len(rows) else None
        at = f", row {row}" if row is not None else (f", {kind} {ref}" if ref else "")
        return f"{where}{at}, column {column!r}"


def _placed(problem: PlanProblem, rows: _Rows) -> str:
    shown = ""
    if problem.value is not None:
        text = problem.value if len(problem.value) <= 60 else problem.value[:57] + "..."
        shown = f" (value {text!r})"
    return f"{rows.place(problem.kind, problem.position, problem.field, problem.ref)}: {problem.problem}{shown}"


def _refuse(lines: list[str], what: str) -> None:
    for line in lines:
        err_console.print(markup("  {line}", line=line), soft_wrap=True)
    count = "1 problem" if len(lines) == 1 else f"{len(lines)} problems"
    raise WresError(f"{what}: {count} (listed above); nothing was saved")


def _save_error_place(where: str, record: r.Plan, rows: _Rows) -> str:
    """A :class:`PlanSaveError` field (``actions[A3].owner``, ``engagements[2].participants``) on the template."""
    import re

    match = re.fullmatch(r"(\w+)\[([^\]]*)\](?:\.(\w+))?(?:\..*)?", where)
    if match is None:
        return rows.place("plan", None, where)
    plural, key, field = match.group(1), match.group(2), match.group(3) or ""
    kind = {"objectives": "objective", "actions": "action", "reviews": "review", "engagements": "engagement",
            "said_did": "said_did", "commitments": "commitment"}.get(plural, plural)  # fmt: skip
    refs = {"objective": [o.ref for o in record.objectives], "action": [a.ref for a in record.actions]}
    position = int(key) if key.isdigit() else (refs[kind].index(key) + 1 if key in refs.get(kind, []) else None)
    return rows.place(kind, position, field, key)


def import_plan(
    file: Annotated[Path, typer.Argument(help="The plan: a workbook (.xlsx) or a folder of the template's CSV files.")],
    org: OrgOption,
    as_user: Annotated[
        str | None,
        typer.Option("--as", help="The account the import is recorded under (an account of the organisation)."),
    ] = None,
    store: StoreOption = None,
    web_data: WebDataOption = Path("wres-data/web"),
) -> None:
    """Import a plan from the spreadsheet template: checked in full, every problem listed, saved all or nothing."""
    _open_web(store, web_data)
    from django.contrib.auth import get_user_model

    from wres.plan.validate import problems
    from wres.web.models import AuditEvent
    from wres.web.plan.records_io import PlanSaveError, save_plan

    organisation = _organisation(org)
    accounts = _accounts(organisation)
    user = None
    if as_user is not None:
        if as_user not in accounts:
            raise WresError(f"--as {as_user!r} is not an account of {org}")
        user = get_user_model().objects.get(username=as_user)
    try:
        record = read_plan(file)
    except DataError as exc:
        _refuse([str(p) for p in exc.problems], f"{file} was not imported")
        raise  # pragma: no cover - _refuse raises
    if record.org_code != org:
        raise WresError(f"{file}: the plan is of organisation {record.org_code!r}, not {org} (sheet 'Plan')")
    rows = _Rows.of(file)
    found = problems(record, accounts)
    if found:
        _refuse([_placed(p, rows) for p in found], f"{file} was not imported")
    try:
        plan = save_plan(organisation, record, user)
    except PlanSaveError as exc:
        _refuse([f"{_save_error_place(w, record, rows)}: {why}" for w, why in exc.problems], f"{file} was not imported")
        raise  # pragma: no cover
    AuditEvent.objects.create(
        user=user,
        username=as_user or "system",
        organisation=organisation.code,
        action=AuditEvent.Action.PLAN_IMPORTED,
        path="wres plan import",
        detail={
            "file": file.name,
            "plan": plan.pk,
            "title": record.title,
            "objectives": len(record.objectives),
            "actions": len(record.actions),
        },
    )
    console.print(
        markup(
            "imported {title} for {org}: {o} objectives, {a} actions, {v} reviews, {e} engagement records",
            title=record.title,
            org=org,
            o=len(record.objectives),
            a=len(record.actions),
            v=len(record.reviews),
            e=len(record.engagements),
        )
    )


# ------------------------------------------------------------------------------------------------------ status


def status_payload(record: r.Plan, accounts: set[str], today: date, progress: dict[str, Any]) -> dict[str, Any]:
    """What ``wres plan status`` prints, as plain data: the plan, each objective's status and actions, the
    quarters and the flags (``progress`` each objective's :class:`wres.plan.progress.Progress` by ref)."""
    from wres.plan.momentum import momentum

    m = momentum(record, accounts, today)
    objectives = []
    for o in record.objectives:
        p = progress.get(o.ref)
        counts = m.by_objective[o.ref]
        last = m.last_review.get(o.ref)
        objectives.append(
            {
                "ref": o.ref,
                "title": o.title,
                "status": p.label if p is not None else "Too early to tell",
                "sentence": p.sentence if p is not None else "",
                "year": p.year if p is not None else None,
                "estimate": p.estimate if p is not None else None,
                "actions": counts.total,
                "done": counts.done,
                "overdue": counts.overdue,
                "due_soon": counts.due_soon,
                "last_review": last.isoformat() if last else None,
            }
        )
    return {
        "organisation": record.org_code,
        "plan": record.title,
        "status": str(record.status),
        "today": today.isoformat(),
        "objectives": objectives,
        "actions": {
            "total": m.plan.total,
            "done": m.plan.done,
            "overdue": m.plan.overdue,
            "due_soon": m.plan.due_soon,
        },
        "quarters": [
            {
                "quarter": q.label,
                "financial_quarter": q.financial,
                "actions_started": q.actions_started,
                "actions_completed": q.actions_completed,
                "reviews": q.reviews,
                "engagements": q.engagements,
                "participants": q.participants,
                "leaders": q.leaders,
            }
            for q in m.quarters
        ],
        "flags": [{"kind": f.kind, "item": f.item, "sentence": f.sentence} for f in m.flags],
    }


def _status_csv(payload: dict[str, Any]) -> str:
    """Long form: one row per (section, item, field, value)."""
    from wres.spreadsheet import spreadsheet_safe

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["section", "item", "field", "value"])
    for o in payload["objectives"]:
        for k, v in o.items():
            if k != "ref":
                w.writerow(["objective", o["ref"], k, spreadsheet_safe("" if v is None else str(v))])
    for k, v in payload["actions"].items():
        w.writerow(["actions", "plan", k, v])
    for q in payload["quarters"]:
        for k, v in q.items():
            if k != "quarter":
                w.writerow(["quarter", q["quarter"], k, v])
    for f in payload["flags"]:
        w.writerow(["flag", f["item"], f["kind"], spreadsheet_safe(f["sentence"])])
    return buf.getvalue()


def _status_table(payload: dict[str, Any]) -> None:
    from rich.table import Table

    console.print(
        markup(
            "[bold]{plan}[/] ({org}, {status}) on {today}",
            plan=payload["plan"],
            org=payload["organisation"],
            status=payload["status"],
            today=payload["today"],
        )
    )
    table = Table(title="Objectives")
    for column in ("ref", "objective", "status", "actions done", "overdue", "due soon", "last review"):
        table.add_column(column)
    for o in payload["objectives"]:
        table.add_row(
            o["ref"],
            o["title"],
            o["status"],
            f"{o['done']} of {o['actions']}",
            str(o["overdue"]),
            str(o["due_soon"]),
            o["last_review"] or "none",
        )
    console.print(table)
    for o in payload["objectives"]:
        if o["sentence"]:
            console.print(markup("  {ref}: {sentence}", ref=o["ref"], sentence=o["sentence"]), soft_wrap=True)
    a = payload["actions"]
    console.print(
        markup(
            "Actions: {done} of {total} done, {overdue} overdue, {soon} due in the next 30 days",
            done=a["done"],
            total=a["total"],
            overdue=a["overdue"],
            soon=a["due_soon"],
        )
    )
    quarters = Table(title="Momentum per quarter")
    for column in ("quarter", "financial", "started", "completed", "reviews", "engagement", "participants", "leaders"):
        quarters.add_column(column, justify="left" if column in ("quarter", "financial") else "right")
    for q in payload["quarters"]:
        quarters.add_row(
            q["quarter"],
            q["financial_quarter"],
            *(
                str(q[k])
                for k in ("actions_started", "actions_completed", "reviews", "engagements", "participants", "leaders")
            ),
        )
    console.print(quarters)
    if payload["flags"]:
        console.print("[bold]Flags[/]")
        for f in payload["flags"]:
            console.print(markup("  ! {sentence}", sentence=f["sentence"]), soft_wrap=True)
    else:
        console.print("No flags: every objective reviewed in the last six months, no action long overdue.")


def objective_progress(store: Path | None, record: r.Plan, config_path: Path | None) -> dict[str, Any]:
    """Each objective's status from the warehouse's figures (internal tier), by ref."""
    from wres.config import load_config
    from wres.plan.progress import objective_status
    from wres.plan.series import series_for
    from wres.store import Store
    from wres.store.warehouse import default_store_path

    config = load_config(config_path)
    firsts = [o.measures[0] for o in record.objectives if o.measures]
    with Store(store or default_store_path(), read_only=True) as st:
        series = series_for(st, record.org_code, firsts, None, config)
    return {o.ref: objective_status(o, series.get(o.measures[0], [])) for o in record.objectives if o.measures}


def status(
    org: OrgOption,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    today: Annotated[
        str | None, typer.Option("--today", help="The date to read the plan on (YYYY-MM-DD; default today).")
    ] = None,
    config_path: Annotated[Path | None, typer.Option("--config", help="Configuration TOML file.")] = None,
    store: StoreOption = None,
    web_data: WebDataOption = Path("wres-data/web"),
) -> None:
    """The plan's status: each objective on track, off track or too early (from the warehouse's figures), actions
    done, overdue and due soon, activity per quarter and the flags of a plan losing energy."""
    if fmt not in STATUS_FORMATS:
        raise UsageError(f"--format must be one of {', '.join(STATUS_FORMATS)}, not {fmt!r}")
    try:
        day = date.fromisoformat(today) if today else date.today()
    except ValueError:
        raise UsageError(f"--today must be a date YYYY-MM-DD, not {today!r}") from None
    _open_web(store, web_data)
    from wres.web.plan.models import current_plan
    from wres.web.plan.records_io import plan_record

    organisation = _organisation(org)
    plan = current_plan(organisation.pk)
    if plan is None:
        raise WresError(f"{org} has no plan yet (import one with `wres plan import FILE --org {org}`)")
    record = plan_record(plan)
    payload = status_payload(record, _accounts(organisation), day, objective_progress(store, record, config_path))
    if fmt == "json":
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        typer.echo(_status_csv(payload), nl=False)
    else:
        _status_table(payload)


def register(app: typer.Typer) -> None:
    plan_app.command("export")(export)
    plan_app.command("import")(import_plan)
    plan_app.command("status")(status)
    app.add_typer(plan_app, name="plan")
