"""The race equality plan in the annual report (issue 15): the public report carries the published plan with role
titles only and statuses from its own (public) figures, the internal report the whole plan and its momentum; a
draft is not published. HTML and PDF are both read back (the PDF with pdftotext)."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from wres.config import DEFAULT_CONFIG, PlanOptions, WresConfig, config_from_mapping
from wres.plan import records as r
from wres.plan.demo import demo_plan
from wres.reports.build import ReportOutputs, write_tier
from wres.reports.content import Paragraphs, Section, Table
from wres.reports.data import PlanContext, ReportData, gather, tier_view
from wres.reports.sections import build_report
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

ORG = "SY001"
TODAY = date(2026, 12, 7)
NAMES = {
    "demo-edi-lead": "Efe Lead",
    "demo-board-member": "Bola Board",
    "demo-analyst": "Asha Analyst",
    "demo-admin": "Alex Admin",
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportData, r.Plan, Path]:
    folder = tmp_path_factory.mktemp("report-plan")
    data = generate(SynthConfig(size=600, first_year=2024, last_year=2026, seed=7))
    canonical = write_canonical(data, folder / "canonical")
    path = folder / "synth.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    with Store(path, read_only=True) as st:
        plan = demo_plan(st, ORG, DEFAULT_CONFIG, TODAY)
        gathered = gather(st, 2026, ORG, outlook=False)
    return gathered, plan, folder


def with_plan(data: ReportData, plan: r.Plan | None, config: WresConfig | None = None) -> ReportData:
    out = replace(data, plan=None if plan is None else PlanContext(plan, TODAY, names=NAMES))
    if config is not None:
        out = replace(out, config=config)
    return out


@pytest.fixture(scope="module")
def outputs(made: tuple[ReportData, r.Plan, Path]) -> dict[str, ReportOutputs]:
    data, plan, folder = made
    full = with_plan(data, plan)
    return {t: write_tier(full, t, folder / "out", workbook=False) for t in ("public", "internal")}


def texts(outputs: dict[str, ReportOutputs], tier: str) -> list[str]:
    """The tier's HTML (tags dropped) and PDF text, without white space and hyphens (pdftotext joins a word broken
    at a hyphen at the end of a line)."""
    out = outputs[tier]
    assert out.pdf is not None
    page = html.unescape(re.sub(r"<[^>]+>", " ", out.html.read_text(encoding="utf-8")))
    # the PDF in reading order (not -layout: a table cell's words stay together when it wraps)
    pdf = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [bare(page), bare(pdf)]


def bare(text: str) -> str:
    return "".join(text.split()).replace("-", "")


def plan_section(data: ReportData, tier: str) -> Section:
    report = build_report(data, tier_view(data, tier), charts=False)
    return next(s for s in report.sections if s.id == "action-plan")


def tables(section: Section) -> dict[str, Table]:
    found: dict[str, Table] = {}
    for block in section.blocks:
        if isinstance(block, Table):
            found[block.id] = block
        elif isinstance(block, Section):
            found |= tables(block)
    return found


def test_the_public_report_carries_the_published_plan_without_names(
    outputs: dict[str, ReportOutputs], made: tuple[ReportData, r.Plan, Path]
) -> None:
    _, plan, _ = made
    for text in texts(outputs, "public"):
        assert bare("Race equality plan 2024–2027") in text
        assert bare("approved by the board on 17 July 2024") in text
        # each objective and action by its first words (the PDF's reading order can split a long wrapped cell)
        for objective in plan.objectives:
            assert bare(objective.ref + " " + " ".join(objective.title.split()[:3])) in text
        for action in plan.actions:
            assert bare(" ".join(action.description.split()[:4])) in text
        assert bare("Chief People Officer") in text  # by role title
        assert "demo" not in text  # no user name (demo-edi-lead, ...)
        for name in NAMES.values():
            assert bare(name) not in text
        assert bare("Activity per quarter") not in text  # the momentum view is internal
        assert bare("What we learned") not in text  # and so are the reviews


def test_the_internal_report_carries_the_whole_plan_and_its_momentum(outputs: dict[str, ReportOutputs]) -> None:
    for text in texts(outputs, "internal"):
        assert bare("Race equality plan 2024–2027") in text
        assert bare("Activity per quarter") in text
        assert bare("Head of Equality, Diversity and Inclusion (Efe Lead)") in text
        assert bare("Action A6 is 120 days overdue") in text  # the flag of an action long overdue
        assert bare("Reviews (plan, do, study, act)") in text


def test_statuses_come_from_the_tiers_own_figures(made: tuple[ReportData, r.Plan, Path]) -> None:
    data, plan, _ = made
    full = with_plan(data, plan)
    black = next(o for o in plan.objectives if o.measures[0].grouping == "group5")
    # the public tier leaves the five-group figures out: the objective on Black staff says so, with no baseline
    public = {row[0].text: row for row in tables(plan_section(full, "public"))["plan-objectives"].rows}
    row = public[f"{black.ref} {black.title}"]
    assert row[2].text == "Not published"
    assert row[4].text.startswith("Not published. This measure is not published in the public tier")
    internal = {row[0].text: row for row in tables(plan_section(full, "internal"))["plan-objectives"].rows}
    assert internal[f"{black.ref} {black.title}"][4].text.split(".")[0] in ("On track", "Off track")
    # an overall measure the public tier publishes: its status and latest year are read from the public rows
    board = next(o for o in plan.objectives if o.measures[0].indicator == "9")
    shown = public[f"{board.ref} {board.title}"][4].text
    assert shown.split(".")[0] in ("On track", "Off track")
    assert "2026:" in shown


def test_a_draft_plan_is_not_published(made: tuple[ReportData, r.Plan, Path]) -> None:
    data, plan, _ = made
    draft = with_plan(data, replace(plan, status=r.PlanStatus.DRAFT, approved=None, minute_ref=""))
    public = plan_section(draft, "public")
    assert tables(public) == {}
    (words,) = [b for b in public.blocks if isinstance(b, Paragraphs)]
    assert "has not published a race equality plan" in words.texts[0]
    internal = plan_section(draft, "internal")
    assert "plan-objectives" in tables(internal)
    notices = [t for b in internal.blocks if isinstance(b, Paragraphs) for t in b.texts]
    assert any("a draft: the public report does not show it" in t for t in notices)
    assert "has not published" in plan_section(with_plan(data, None), "public").blocks[0].texts[0]  # type: ignore[union-attr]


def test_names_are_published_only_when_configured(made: tuple[ReportData, r.Plan, Path]) -> None:
    data, plan, _ = made
    config = config_from_mapping({"plan": {"publish_names": True}})
    assert config.plan == PlanOptions(publish_names=True)
    owners = [row[3].text for row in tables(plan_section(with_plan(data, plan, config), "public"))["plan-actions"].rows]
    assert "Head of Equality, Diversity and Inclusion, Efe Lead" in owners
    assert "Head of Resourcing" in owners  # an owner with no account: the role title alone
    hidden = [row[3].text for row in tables(plan_section(with_plan(data, plan), "public"))["plan-actions"].rows]
    assert not any("Efe Lead" in o for o in hidden)


@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("tier", ["public", "internal"])
def test_the_plan_section_passes_axe(outputs: dict[str, ReportOutputs], tier: str) -> None:
    from playwright.sync_api import sync_playwright
    from tests.reports.report_set import AXE, CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(outputs[tier].html.resolve().as_uri())
            page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
            result = page.evaluate(
                "async () => await axe.run('#action-plan', {runOnly: {type: 'tag', values: "
                "['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})"
            )
        finally:
            browser.close()
    serious = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"] if v["impact"] in
               ("serious", "critical")]  # fmt: skip
    assert not serious
    assert result["testEngine"]["name"] == "axe-core"  # axe ran over the section


def test_the_public_baseline_is_the_public_tiers_own_figure(made: tuple[ReportData, r.Plan, Path]) -> None:
    # The recorded baseline comes from the exact counts; the public report shows the public tier's figure for the
    # baseline year (from the published counts), or "not published" when its rows hold none for that year.
    data, plan, _ = made
    full = with_plan(data, plan)
    public = {row[0].text: row for row in tables(plan_section(full, "public"))["plan-objectives"].rows}
    internal = {row[0].text: row for row in tables(plan_section(full, "internal"))["plan-objectives"].rows}
    appointment = next(o for o in plan.objectives if o.measures[0].indicator == "2")
    rows = tier_view(full, "public").results
    own = rows[
        (rows["indicator"] == "2")
        & (rows["year"] == appointment.baseline_year)
        & (rows["grouping"] == "wres")
        & (rows["breakdown"] == "overall")
        & rows["headline"].astype(bool)
        & (rows["group_b"] == "BME")
    ]
    assert len(own) == 1
    key = f"{appointment.ref} {appointment.title}"
    assert public[key][2].text == f"{float(own['estimate'].iloc[0]):.2f} ({appointment.baseline_year})"
    assert internal[key][2].text == f"{appointment.baseline_value:.2f} ({appointment.baseline_year})"
    # indicator 1's band clusters are published for this year and last only: no public figure for the baseline
    band = next(o for o in plan.objectives if o.measures[0].indicator == "1")
    assert band.baseline_year < data.year - 1
    assert public[f"{band.ref} {band.title}"][2].text == f"not published ({band.baseline_year})"
