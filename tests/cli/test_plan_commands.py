"""``wres plan export / import / status`` against the dashboard's (test) database and a small synthetic warehouse:
the round trip gives the same plan, a corrupted template is refused with every problem placed on its sheet, row
and column and nothing saved, and the status is checked against a plan built by hand."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from wres.cli.main import run
from wres.config import DEFAULT_CONFIG
from wres.plan import records as r
from wres.plan.demo import DEMO_PEOPLE, demo_plan
from wres.plan.spreadsheet import read_xlsx, write_xlsx
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

pytestmark = pytest.mark.django_db(transaction=True)

ORG = "SY001"
TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("plan-cli")
    data = generate(SynthConfig(size=600, first_year=2024, last_year=2026, seed=7))
    canonical = write_canonical(data, folder / "canonical")
    path = folder / "synth.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    return path


@pytest.fixture(scope="module")
def plan(store_path: Path) -> r.Plan:
    with Store(store_path, read_only=True) as st:
        return demo_plan(st, ORG, DEFAULT_CONFIG, TODAY)


@pytest.fixture
def web(store_path: Path, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The options every command takes, the test database holding the warehouse's organisation and the demo
    accounts (each a member of it)."""
    monkeypatch.setenv("WRES_STORE", str(store_path))
    monkeypatch.setenv("WRES_WEB_DATA", str(tmp_path / "web"))
    settings.STORE_PATH = store_path
    from wres.web.models import Organisation
    from wres.web.roles import Role
    from wres.web.seed import add_user, sync_organisations

    sync_organisations()
    org = Organisation.objects.get(code=ORG)
    for person in DEMO_PEOPLE.values():
        add_user(person.username, "a long test password 1", [org], Role.EDI_LEAD)
    return ["--store", str(store_path), "--web-data", str(tmp_path / "web")]


def test_export_import_export_gives_the_same_plan(
    web: list[str], plan: r.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wres.web.models import AuditEvent

    source = write_xlsx(plan, tmp_path / "source.xlsx")
    assert run(["plan", "import", str(source), "--org", ORG, "--as", "demo-edi-lead", *web]) == 0
    assert "imported Race equality plan 2024–2027" in capsys.readouterr().out
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_IMPORTED)
    assert event.user is not None
    assert (event.username, event.organisation, event.user.get_username()) == ("demo-edi-lead", ORG, "demo-edi-lead")
    assert run(["plan", "export", "--org", ORG, "--out", str(tmp_path / "first.xlsx"), *web]) == 0
    first = read_xlsx(tmp_path / "first.xlsx")
    assert first == plan
    # the exported file imported again (by the system) and exported again: the same plan
    assert run(["plan", "import", str(tmp_path / "first.xlsx"), "--org", ORG, *web]) == 0
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_IMPORTED, username="system").count() == 1
    assert run(["plan", "export", "--org", ORG, "--csv", str(tmp_path / "csv"), *web]) == 0
    from wres.plan.spreadsheet import read_csv

    assert read_csv(tmp_path / "csv") == plan


def test_the_published_export_names_no_accounts(
    web: list[str], plan: r.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["plan", "import", str(write_xlsx(plan, tmp_path / "p.xlsx")), "--org", ORG, *web]) == 0
    assert run(["plan", "export", "--org", ORG, "--published", "--out", str(tmp_path / "public.xlsx"), *web]) == 0
    text = " ".join(
        str(c) for ws in load_workbook(tmp_path / "public.xlsx").worksheets for row in ws.iter_rows(values_only=True)
        for c in row if c is not None
    )  # fmt: skip
    assert "Chief People Officer" in text
    assert "demo-" not in text
    from wres.plan.spreadsheet import read_xlsx

    got = read_xlsx(tmp_path / "public.xlsx")
    assert any(v.data for v in plan.reviews)  # the plan's reviews hold frozen (internal) figures: none go out
    assert (got.reviews, got.engagements) == ((), ())
    assert [o.baseline_value for o in got.objectives] == [None] * len(plan.objectives)


def test_a_corrupted_template_is_refused_row_by_row_and_nothing_saved(
    web: list[str], plan: r.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wres.web.models import AuditEvent, Plan

    path = write_xlsx(plan, tmp_path / "bad.xlsx")
    wb = load_workbook(path)
    actions = wb["Actions"]
    heads = [c.value for c in actions[1]]
    actions.cell(row=3, column=heads.index("Due date") + 1, value="not a date")  # the second action
    actions.cell(row=4, column=heads.index("Owner (role title)") + 2, value="x")  # a value under no heading?
    objectives = wb["Objectives"]
    oheads = [c.value for c in objectives[1]]
    objectives.cell(row=2, column=oheads.index("Baseline year") + 1, value="twenty")
    wb.save(path)
    code = run(["plan", "import", str(path), "--org", ORG, *web])
    err = capsys.readouterr().err
    assert code != 0
    assert "sheet 'Actions', row 3, column 'Due date'" in err
    assert "sheet 'Objectives', row 2, column 'Baseline year'" in err
    assert "nothing was saved" in err
    assert "Traceback" not in err
    assert Plan.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_IMPORTED).exists()


def test_broken_rules_and_unknown_people_are_placed_on_their_rows(
    web: list[str], plan: r.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wres.web.models import Plan

    o2 = plan.objectives[1]  # indicator 2: the target lies on the adverse side (further from parity)
    a3 = plan.actions[2]
    bad = replace(
        plan,
        objectives=(plan.objectives[0], replace(o2, target_value=o2.baseline_value + 1.0), *plan.objectives[2:]),  # type: ignore[operator]
        actions=(*plan.actions[:2], replace(a3, owner=r.Person("nobody-here", "Head of Nothing")), *plan.actions[3:]),
    )
    code = run(["plan", "import", str(write_xlsx(bad, tmp_path / "rules.xlsx")), "--org", ORG, *web])
    err = capsys.readouterr().err
    assert code != 0
    assert "sheet 'Objectives', row 3, column 'Target value'" in err
    assert "sheet 'Actions', row 4, column 'Owner (account)'" in err
    assert "nobody-here" in err
    assert "2 problems" in err
    assert Plan.objects.count() == 0


def test_import_as_someone_who_is_not_an_account_of_the_organisation(
    web: list[str], plan: r.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["plan", "import", str(write_xlsx(plan, tmp_path / "p.xlsx")), "--org", ORG, "--as", "mallory", *web])
    assert code != 0
    assert "--as 'mallory' is not an account of SY001" in capsys.readouterr().err


HAND = r.Plan(
    org_code=ORG,
    title="Hand plan",
    start_year=2025,
    end_year=2027,
    status=r.PlanStatus.APPROVED,
    approved=date(2025, 4, 10),
    minute_ref="M1",
    objectives=(
        r.Objective("O1", "Board", (r.Measure(indicator="9"),), 2025, -5.0, 0.0, 2027, owner=r.Person("", "Chair")),
    ),
    actions=(
        # due 100 days before TODAY, in progress: overdue and long overdue
        r.Action("A1", "Late", ("O1",), start=date(2026, 7, 1), due=date(2026, 8, 29),
                 status=r.ActionStatus.IN_PROGRESS),
        r.Action("A2", "Soon", ("O1",), start=date(2026, 10, 1), due=date(2026, 12, 20)),
        r.Action("A3", "Done", ("O1",), start=date(2026, 10, 5), due=date(2026, 11, 1), status=r.ActionStatus.DONE,
                 completed=date(2026, 10, 20), evidence="minutes"),
    ),
    reviews=(r.Review("O1", date(2026, 11, 2), "p", "h", r.Decision.ADOPT),),
    engagements=(r.Engagement(date(2026, 11, 12), r.EngagementKind.SESSION, "listening event", ("Network",), 30),),
)  # fmt: skip


def test_status_against_a_plan_built_by_hand(
    web: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wres.web.models import Organisation
    from wres.web.plan.records_io import save_plan

    # indicator 9's baseline is not checked against the store here: -5.0 is the plan's own figure
    save_plan(Organisation.objects.get(code=ORG), HAND, None)
    capsys.readouterr()
    assert run(["plan", "status", "--org", ORG, "--format", "json", "--today", TODAY.isoformat(), *web]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["actions"] == {"total": 3, "done": 1, "overdue": 1, "due_soon": 1}
    assert payload["flags"] == [
        {
            "kind": "long_overdue",
            "item": "A1",
            "sentence": "Action A1 is 100 days overdue: it was due on 29 August 2026.",
        }
    ]
    (o1,) = payload["objectives"]
    assert (o1["done"], o1["overdue"], o1["due_soon"], o1["last_review"]) == (1, 1, 1, "2026-11-02")
    assert o1["status"] in ("On track", "Off track")  # the store holds 2026, after the 2025 baseline
    assert o1["year"] == 2026
    q4 = next(q for q in payload["quarters"] if q["quarter"] == "2026 Q4")
    assert q4 == {
        "quarter": "2026 Q4",
        "financial_quarter": "2026/27 Q3",
        "actions_started": 2,
        "actions_completed": 1,
        "reviews": 1,
        "engagements": 1,
        "participants": 30,
        "leaders": 0,
    }
    assert payload["quarters"][0]["quarter"] == "2025 Q2"  # from the plan's start, 1 April 2025
    assert run(["plan", "status", "--org", ORG, "--format", "csv", "--today", TODAY.isoformat(), *web]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "section,item,field,value"
    assert "actions,plan,overdue,1" in lines
    assert run(["plan", "status", "--org", ORG, "--today", TODAY.isoformat(), *web]) == 0
    table = capsys.readouterr().out
    assert "Action A1 is 100 days overdue" in table
    assert "Momentum per quarter" in table


def test_status_of_an_organisation_without_a_plan(web: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["plan", "status", "--org", ORG, *web]) != 0
    err = capsys.readouterr().err
    assert "SY001 has no plan yet" in err
    assert run(["plan", "status", "--org", "NOPE", *web]) != 0
    assert "'NOPE' is not in the dashboard" in capsys.readouterr().err


def test_the_demo_seeds_its_plan_through_save_plan_with_comments(
    web: list[str], plan: r.Plan, store_path: Path
) -> None:
    from wres.cli.demo import seed_plan
    from wres.web.models import AuditEvent, Organisation
    from wres.web.plan.models import Comment
    from wres.web.plan.records_io import plan_record

    org = Organisation.objects.get(code=ORG)
    seed_plan(store_path, org, plan)
    seed_plan(store_path, org, plan)  # again (a second `wres demo` on the same folder): nothing doubles
    (saved,) = org.plans.all()
    assert plan_record(saved) == plan
    assert saved.objectives.get(ref="O1").history.first().history_user.get_username() == "demo-edi-lead"
    comments = list(Comment.objects.order_by("id"))
    assert len(comments) == 6  # three comments by the network member, each with the owner's reply
    assert {c.author.get_username() for c in comments if c.reply_to is None} == {"demo-network-member"}
    assert {c.author.get_username() for c in comments if c.reply_to is not None} == {"demo-edi-lead"}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_IMPORTED, organisation=ORG).count() == 2


def test_the_report_takes_the_plan_from_the_dashboard_or_a_file(
    web: list[str], plan: r.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wres.web import report_files
    from wres.web.figures import org_version

    assert report_files.version_text(ORG) == json.dumps(org_version(ORG))  # no plan: the data version alone
    assert run(["plan", "import", str(write_xlsx(plan, tmp_path / "p.xlsx")), "--org", ORG, *web]) == 0
    stamped = report_files.version_text(ORG)
    assert json.loads(stamped)["data"] == json.loads(json.dumps(org_version(ORG)))  # the set made before: stale
    # the dashboard's database is read when it exists ($DATABASE_URL says so; the tests' database is already open)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///set-by-the-test-settings")
    out = tmp_path / "reports"
    report = ["report", "--tier", "public", "--no-pdf", "--out", str(out), "--year", "2026", "--org", ORG, *web]
    assert run(report) == 0
    page = (out / f"wres-report-2026-{ORG}-public.html").read_text(encoding="utf-8")
    assert "Race equality plan 2024–2027" in page
    assert "Head of Equality, Diversity and Inclusion" in page
    assert "demo-edi-lead" not in page
    # --plan FILE: a draft is not published
    draft = write_xlsx(replace(plan, status=r.PlanStatus.DRAFT, approved=None, minute_ref=""), tmp_path / "d.xlsx")
    assert run([*report, "--plan", str(draft)]) == 0
    page = (out / f"wres-report-2026-{ORG}-public.html").read_text(encoding="utf-8")
    assert "has not published a race equality plan" in page
    assert "Race equality plan 2024–2027" not in page
