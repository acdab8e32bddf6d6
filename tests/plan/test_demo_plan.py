"""The demo trust's plan (wres.plan.demo) on a small synthetic store: it passes the plan's own checks, its
baselines are the store's results, and it shows the whole loop (every action state, every review decision, a flag
of a plan losing energy)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from wres.config import DEFAULT_CONFIG
from wres.plan.demo import DEMO_PEOPLE, demo_plan
from wres.plan.momentum import is_due_soon, is_overdue, momentum
from wres.plan.records import ActionStatus, Decision, EngagementKind, Plan, PlanStatus
from wres.plan.series import baseline_value
from wres.plan.validate import problems
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

ORG = "SY001"
TODAY = date(2026, 12, 7)
ACCOUNTS = {p.username for p in DEMO_PEOPLE.values()}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("demo-plan")
    data = generate(SynthConfig(size=600, first_year=2024, last_year=2026, seed=7))
    canonical = write_canonical(data, folder / "canonical")
    path: Path = folder / "synth.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    with Store(path, read_only=True) as st:
        yield st


@pytest.fixture(scope="module")
def plan(store: Store) -> Plan:
    return demo_plan(store, ORG, DEFAULT_CONFIG, TODAY)


def test_the_demo_plan_passes_the_plans_checks(plan: Plan) -> None:
    assert problems(plan, ACCOUNTS) == []


def test_a_published_three_year_plan_dated_from_the_data(plan: Plan) -> None:
    # the store holds WRES 2024-2026: the plan runs 2024-2027, approved by the board in its first year
    assert (plan.start_year, plan.end_year) == (2024, 2027)
    assert plan.title == "Race equality plan 2024–2027"
    assert plan.status is PlanStatus.PUBLISHED
    assert plan.approved is not None
    assert plan.approved.year == 2024
    assert plan.minute_ref
    assert 5 <= len(plan.objectives) <= 6


def test_baselines_are_the_stores_results(store: Store, plan: Plan) -> None:
    indicators = {o.measures[0].indicator for o in plan.objectives}
    assert {"1", "2", "9"} <= indicators
    assert any(o.measures[0].grouping == "group5" and o.measures[0].group == "Black" for o in plan.objectives)
    for objective in plan.objectives:
        assert objective.baseline_year == 2024
        from_store = baseline_value(store, ORG, objective.measures[0], 2024, DEFAULT_CONFIG)
        assert objective.baseline_value == pytest.approx(from_store, abs=1e-6)  # kept to six decimal places
        assert objective.target_year == 2027
        assert objective.sponsor.username in ACCOUNTS
        assert objective.sponsor.title
        assert objective.high_impact_actions
        assert objective.networks


def test_actions_in_every_state(plan: Plan) -> None:
    assert 14 <= len(plan.actions) <= 16
    assert {a.status for a in plan.actions} == set(ActionStatus)
    assert any(is_overdue(a, TODAY) for a in plan.actions)
    assert any(is_due_soon(a, TODAY) for a in plan.actions)
    assert all(a.evidence for a in plan.actions if a.status is ActionStatus.DONE)
    assert any(not a.owner.username and a.owner.title for a in plan.actions)  # owned by a role title alone


def test_reviews_engagement_and_commitments(plan: Plan) -> None:
    assert {v.decision for v in plan.reviews} == set(Decision)
    assert all(v.data for v in plan.reviews)
    assert all(s.year <= v.held.year for v in plan.reviews for s in v.data)  # frozen: no figure from the future
    leadership = [e for e in plan.engagements if e.kind is EngagementKind.LEADERSHIP]
    assert any(e.format == "reverse mentoring" and e.leaders > 0 for e in leadership)
    assert plan.said_did
    assert any(c.member.username == "demo-board-member" for c in plan.commitments)


def test_at_least_one_flag_of_a_plan_losing_energy(plan: Plan) -> None:
    flags = momentum(plan, ACCOUNTS, TODAY).flags
    kinds = {f.kind for f in flags}
    assert "long_overdue" in kinds
    assert "no_review" in kinds
