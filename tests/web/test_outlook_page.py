"""Issue 17's Progress page, "Where today's rates lead": Model Employer per band (table, trajectory label, chart of
the chosen band) and the pipeline projection (sentences, chances in words, chart with its text alternative and data
table, scenario notes), in both tiers; the public page holds only the public tier's numbers; the outlook is computed
once until the warehouse changes; a missing part is a note, not an error; the page is in the organisation's menu."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People

from wres.analysis.model_employer import STATUSES, target_headcount
from wres.config import load_config
from wres.plan import records as r
from wres.plan.series import baseline_value
from wres.reports import outlook_data
from wres.reports.outlook_data import Outlook, model_employer_view
from wres.store import Store
from wres.web import figures as fig
from wres.web import outlook_page as page_module
from wres.web.models import AuditEvent, Organisation
from wres.web.plan.models import Objective, ObjectiveMeasure, Plan
from wres.web.roles import Role, tiers

YEAR = 2025
INTERNAL, PUBLIC = Role.ANALYST, Role.NETWORK_MEMBER
TIER = {INTERNAL: "internal", PUBLIC: "public"}


@pytest.fixture(autouse=True)
def _few_runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """200 Monte Carlo runs (not 1,000): the page's content does not depend on the number, the tests' time does."""
    monkeypatch.setattr(page_module, "RUNS", 200)
    fig.clear()
    yield
    fig.clear()


def url(org: str, **query: str) -> str:
    out = reverse("progress", kwargs={"org": org})
    return out + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def get(client: Client, target: str) -> str:
    response = client.get(target)
    assert response.status_code == 200, target
    return response.content.decode()


def plain(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def table_rows(body: str, table_id: str) -> dict[str, list[str]]:
    """The rows of table ``table_id`` by their header cell, each cell's text (the responsive heading left out)."""
    start = body.index(f'id="{table_id}"')
    markup = body[start : body.index("</table>", start)]
    out = {}
    for row in re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", markup, re.S)[1:]:
        head = plain(re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1))  # type: ignore[union-attr]
        cells = [
            plain(re.sub(r'<span class="nhsuk-table-responsive__heading".*?</span>', "", c, flags=re.S))
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        out[head] = cells
    return out


def pct(value: Fraction | None) -> str:
    return "–" if value is None else f"{100 * float(value):.1f}%"


def heads(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


@pytest.mark.parametrize("role", [INTERNAL, PUBLIC], ids=lambda r: r.value)
def test_model_employer_table_is_the_tiers_own(
    role: Role, store_path: Path, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org, tier = people.org_a.code, TIER[role]
    body = get(client_as(role), url(org))
    with Store(store_path, read_only=True) as st:
        view = model_employer_view(st, org, YEAR, load_config(), tier)
    rows = table_rows(body, "outlook-me-table")
    assert set(rows) == {p.band for p in view.rows}
    for p in view.rows:
        got = rows[p.band]
        assert got[0] == pct(p.baseline_share), p.band
        assert got[2] == pct(p.actual_share), p.band
        assert got[3] == heads(p.actual.headcount), p.band
        assert got[5] == heads(p.actual.bme), p.band
        assert got[8].startswith(STATUSES[p.status]), p.band
        if p.target_share is not None and p.actual.headcount:
            # §7.2 by hand: target heads = ceil(target share × headcount), gap = target − actual BME
            expected = -((-p.target_share.numerator * p.actual.headcount) // p.target_share.denominator)
            assert got[4] == heads(expected) == heads(target_headcount(p.target_share, p.actual.headcount))
            assert got[6] == heads(expected - (p.actual.bme or 0))
    # the trajectory's label, as computed (this store has no issued trajectory) and its note on the missing 2018
    text = plain(body)
    assert "Trajectory not issued" in text
    assert f"the baselines are from 31 March {view.trajectory.baseline_year}" in text


def test_public_page_holds_no_internal_only_count(
    store_path: Path, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    with Store(store_path, read_only=True) as st:
        internal = {p.band: p for p in model_employer_view(st, org, YEAR, load_config(), "internal").rows}
        public = {p.band: p for p in model_employer_view(st, org, YEAR, load_config(), "public").rows}
    rows = table_rows(get(client_as(PUBLIC), url(org)), "outlook-me-table")
    differ = 0
    for band, p in internal.items():
        q = public[band]
        for col, mine, theirs in ((3, p.actual.headcount, q.actual.headcount), (5, p.actual.bme, q.actual.bme)):
            if mine != theirs:
                differ += 1
                assert rows[band][col] == heads(theirs), (band, col)
                assert rows[band][col] != heads(mine), (band, col)
    assert differ >= 2  # the store's counts are not all multiples of 5: the check bites
    body = get(client_as(PUBLIC), url(org, band="8b"))
    assert "withheld" in plain(body)
    assert 'id="outlook-projection-table"' not in body  # band 8b's projection is withheld in the public tier


@pytest.mark.parametrize("role", [INTERNAL, PUBLIC], ids=lambda r: r.value)
def test_projection_sentences_chances_and_chart(
    role: Role, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org, tier = people.org_a.code, TIER[role]
    body = get(client_as(role), url(org))
    got: Outlook = page_module.outlook_for(org, YEAR, tier)  # the cached outlook the page was built from
    proj = got.projection
    assert proj is not None
    text = plain(body)
    for band, sentence in proj.sentences.items():
        # the library's sentence, its chances listed in words below it instead of in its last clause
        assert sentence.split(". Chance of reaching it by")[0] in text, band
        assert f"Chance of reaching it by {proj.target_year}:" not in text
    base = proj.parity[(proj.parity["scenario"] == "baseline") & (proj.parity["band"] == "8a and above")].iloc[0]
    chance = f"at today's rates: {100 * float(base['p_parity_by_target']):.0f}% chance by {int(base['target_year'])}"
    assert chance in text
    # the chart: accessible SVG (title and description) for the default band, with its data table
    chart = re.search(r'<svg[^>]*aria-labelledby="outlook-projection-title"[^>]*>', body)
    assert chart is not None
    assert 'role="img"' in chart.group(0)
    assert "Projected BME share, band 8a and above, baseline and scenarios" in body
    rows = table_rows(body, "outlook-projection-table")
    first = proj.shares[(proj.shares["band"] == "8a and above") & (proj.shares["scenario"] == "baseline")].iloc[-1]
    assert rows[str(int(first["year"]))][0].startswith(f"{100 * float(first['median']):.1f}%")
    for kind in ("equal-promotion", "equal-leaving"):
        assert page_module.SCENARIO_NOTES[kind] in text
    if tier == "public":
        assert all(w in text for w in proj.withheld)
        assert "Withheld in the public tier" in text
    else:
        assert "Withheld in the public tier" not in text


def test_band_chosen_on_the_page(people: People, client_as: Callable[[Role | None], Client]) -> None:
    client = client_as(INTERNAL)
    org = people.org_a.code
    body = get(client, url(org, band="8a"))
    assert "Trajectory and actual share: band 8a</h3>" in body
    assert 'id="outlook-me-chart-table"' in body
    assert '<option value="8a" selected>' in body
    fallback = get(client, url(org, band="nonsense"))
    assert "Trajectory and actual share: band 8a and above</h3>" in fallback


def test_outlook_computed_once_until_the_warehouse_changes(
    monkeypatch: pytest.MonkeyPatch, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    calls: list[tuple[Any, ...]] = []
    real = outlook_data.outlooks

    def counted(*args: Any, **kwargs: Any) -> dict[str, Outlook]:
        calls.append(args[1:3])
        return real(*args, **kwargs)

    monkeypatch.setattr(outlook_data, "outlooks", counted)
    client, org = client_as(INTERNAL), people.org_a.code
    for query in ({}, {"band": "8a"}, {}, {"band": "VSM"}):
        get(client, url(org, **query))
    assert len(calls) == 1
    get(client_as(PUBLIC), url(org))
    assert len(calls) == 1  # both tiers come from the one computation (one simulation)
    # a report set of the same year reuses it too (its runs set to the page's here, as they are by default)
    monkeypatch.setattr(outlook_data, "DEFAULT_RUNS", 200)
    assert fig.report_extras(org, calls[0][1]).outlook["public"].tier == "public"
    assert len(calls) == 1
    # the organisation's data change (a new load): computed again, once
    monkeypatch.setattr(fig, "org_version", lambda code: ("loads", (999,), ()))
    get(client, url(org))
    get(client, url(org, band="8a"))
    get(client_as(PUBLIC), url(org))
    assert len(calls) == 2


def test_missing_parts_are_notes(
    monkeypatch: pytest.MonkeyPatch, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    note_me = "Model Employer targets: WRES year 2025 is before the Model Employer baseline year 2030"
    note_proj = "Pipeline projection: too few years to estimate flows"

    def empty(store: object, org: str, year: int, config: object, *_: object, **__: object) -> dict[str, Outlook]:
        return {t: Outlook(org, year, t, None, None, [note_me, note_proj]) for t in ("public", "internal")}

    monkeypatch.setattr(outlook_data, "outlooks", empty)
    text = plain(get(client_as(INTERNAL), url(people.org_a.code)))
    assert note_me in text
    assert note_proj in text
    assert "The Model Employer targets cannot be shown for 2025" in text
    assert "The projection cannot be shown for 2025" in text


def test_year_not_held_is_a_clear_error(people: People, client_as: Callable[[Role | None], Client]) -> None:
    response = client_as(INTERNAL).get(url(people.org_a.code, year="1999"))
    assert response.status_code == 400
    assert "There are no figures for the year “1999”" in response.content.decode()


@pytest.mark.parametrize("role", [INTERNAL, PUBLIC, Role.BOARD_MEMBER], ids=lambda r: r.value)
def test_menu_links_the_progress_page(role: Role, people: People, client_as: Callable[[Role | None], Client]) -> None:
    org = people.org_a.code
    response = client_as(role).get(reverse("dashboard", kwargs={"org": org}))
    assert response.status_code == 200
    assert f'href="{url(org)}"' in response.content.decode()


# --- the plan link: an objective takes the Model Employer trajectory ------------------------------------------


def _objective(org: Organisation, measure: dict[str, str]) -> Objective:
    plan = Plan.objects.create(organisation=org, title="Plan", start_year=2025, end_year=2028, status="draft")
    objective = Objective.objects.create(
        plan=plan, ref="O1", title="Senior BME representation", baseline_year=2024, target_value=0.3, target_year=2027
    )
    ObjectiveMeasure.objects.create(objective=objective, **measure)
    return objective


def link(org: str, objective: Objective) -> str:
    return reverse("plan_objective_model_employer", kwargs={"org": org, "objective": objective.pk})


def test_objective_takes_the_model_employer_trajectory(
    store_path: Path, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    objective = _objective(people.org_a, {"indicator": "1", "breakdown": "band", "stratum": "8a"})
    client = client_as(Role.EDI_LEAD)
    with Store(store_path, read_only=True) as st:
        config = load_config()
        # oracles: the band's BME share at the baseline from the plan's own series (indicator 1's result rows),
        # the reference share from the trajectory as computed (not issued in this store)
        traj = model_employer_view(st, org, YEAR, config, "internal").trajectory
        base = baseline_value(st, org, r.Measure(indicator="1", breakdown="band", stratum="8a"), 2022, config)
    assert traj.baseline_year == 2022  # the store starts in 2022: no 2018 snapshot
    assert base is not None
    page = client.get(link(org, objective))
    assert page.status_code == 200
    assert f"{100 * base:.1f}% in 2022" in plain(page.content.decode())
    assert "Take the Model Employer trajectory for objective O1?" in plain(page.content.decode())
    history_before = objective.history.count()  # type: ignore[attr-defined]
    response = client.post(link(org, objective))
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.baseline_year == 2022
    assert objective.baseline_value == pytest.approx(base, abs=1e-12)
    assert objective.target_year == config.model_employer.target_year == 2028
    assert objective.target_value == pytest.approx(float(traj.reference_share), abs=1e-12)  # type: ignore[arg-type]
    assert objective.trajectory == "model_employer"
    # saved with its history (the user recorded) and in the audit log
    assert objective.history.count() == history_before + 1  # type: ignore[attr-defined]
    assert objective.history.first().history_user == people.user(Role.EDI_LEAD)  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_CHANGED)
    assert event.detail["model_employer"] == "not issued"
    assert event.detail["band"] == "8a"
    # the straight line between the two points is the §7.2 trajectory: its 2025 value is the table's target share
    line = base + (objective.target_value - base) * (YEAR - 2022) / (2028 - 2022)
    target_2025 = traj.target_for(traj.band("8a"), YEAR)  # type: ignore[arg-type]
    assert line == pytest.approx(float(target_2025), abs=1e-9)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "measure",
    [
        {"indicator": "2"},
        {"indicator": "1", "breakdown": "cluster", "stratum": "8a-8b"},
        {"indicator": "1", "breakdown": "band", "stratum": "5"},  # a band without Model Employer targets
        {"indicator": "1", "breakdown": "band", "stratum": "8a", "grouping": "group5", "group": "Black"},
    ],
    ids=["indicator-2", "cluster", "band-5", "black-share"],
)
def test_plan_link_refused_where_the_measure_is_not_a_band_share(
    measure: dict[str, str], people: People, client_as: Callable[[Role | None], Client]
) -> None:
    org = people.org_a.code
    objective = _objective(people.org_a, measure)
    client = client_as(Role.EDI_LEAD)
    page = client.get(link(org, objective))
    assert page.status_code == 200
    assert "Take the Model Employer trajectory for objective O1?" not in plain(page.content.decode())  # no form
    text = plain(page.content.decode())
    assert "applies only to an objective whose first measure is the BME share of a band" in text
    before = objective.history.count()  # type: ignore[attr-defined]
    assert client.post(link(org, objective)).status_code == 400
    objective.refresh_from_db()
    assert (objective.baseline_year, objective.target_value, objective.trajectory) == (2024, 0.3, "straight")
    assert objective.history.count() == before  # type: ignore[attr-defined]
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PLAN_CHANGED).exists()


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_plan_link_is_for_plan_editors_only(
    role: Role, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    objective = _objective(people.org_a, {"indicator": "1", "breakdown": "band", "stratum": "8a"})
    response = client_as(role).post(link(people.org_a.code, objective))
    assert response.status_code == (302 if role in (Role.ADMIN, Role.EDI_LEAD) else 403)
    objective.refresh_from_db()
    assert (objective.trajectory == "model_employer") is (role in (Role.ADMIN, Role.EDI_LEAD))


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_sees_its_own_tier(role: Role, people: People, client_as: Callable[[Role | None], Client]) -> None:
    """Every role that sees the figures opens the page; a public-tier role gets the public tier even when it asks
    for the internal one."""
    text = plain(get(client_as(role), url(people.org_a.code, tier="internal")))
    internal = "internal" in tiers(role)
    assert ("These are the internal figures" in text) is internal
    assert ("These are the public figures" in text) is not internal


def test_trajectory_as_issued(
    tmp_path: Path, store_path: Path, settings: Any, people: People, client_as: Callable[[Role | None], Client]
) -> None:
    """With a trajectory issued for 2023 (`wres model-employer issue`), 2025 is judged against it: the label says
    so, the targets are the issued ones (reference share at 31 March 2023, not 2025), and the plan link takes it."""
    from wres.cli.model_employer_commands import issue_command

    copy = tmp_path / "wres.duckdb"
    shutil.copy(store_path, copy)
    org = people.org_a.code
    issue_command(org=org, year=2023, config_path=None, store=copy)
    settings.STORE_PATH = copy
    fig.clear()
    with Store(copy, read_only=True) as st:
        issued = model_employer_view(st, org, YEAR, load_config(), "internal")
    assert issued.trajectory.label == "issued for 2023 (version 1)"
    assert issued.trajectory.reference_year == 2023
    body = get(client_as(INTERNAL), url(org))
    assert "Trajectory issued for 2023 (version 1)" in plain(body)
    rows = table_rows(body, "outlook-me-table")
    for p in issued.rows:
        assert rows[p.band][1] == pct(p.target_share), p.band
    objective = _objective(people.org_a, {"indicator": "1", "breakdown": "band", "stratum": "8a"})
    assert client_as(Role.EDI_LEAD).post(link(org, objective)).status_code == 302
    objective.refresh_from_db()
    assert objective.target_value == pytest.approx(float(issued.trajectory.reference_share))  # type: ignore[arg-type]
    assert AuditEvent.objects.get(action=AuditEvent.Action.PLAN_CHANGED).detail["model_employer"] == (
        "issued for 2023 (version 1)"
    )
