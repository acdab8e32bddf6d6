"""reports.outlook_data (issue 17): the Model Employer view and the projection for one organisation, year and tier.

On the report tests' synthetic trust (WRES 2022–2025: no 2018 snapshot) and on a store with a single year. Oracles:
indicator 1's published counts (:func:`wres.disclosure.wres_tables.protect_indicator_results`, read independently of
the Model Employer code), the rounding rule of the public tier (every published count a multiple of 5), the formulas
of wres-domain.md §7.2 by hand, and :func:`wres.analysis.projection.project` called directly with the same seed.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pytest
from tests.analysis.projection_synth import ORG as SYNTH_ORG
from tests.analysis.projection_synth import generate as generate_chain
from tests.analysis.projection_synth import write_folder
from tests.reports.report_set import YEAR, ReportSet, report_set
from typer.testing import CliRunner

from wres.analysis.projection import parse_scenario, project
from wres.cli.main import _register, app
from wres.config import DEFAULT_CONFIG, config_from_mapping
from wres.disclosure.wres_tables import protect_indicator_results
from wres.errors import WresError
from wres.indicators import compute, from_store
from wres.reports.outlook_data import (
    DEFAULT_SCENARIOS,
    STARTING_SHARE_WITHHELD,
    Outlook,
    outlook,
    outlooks,
)
from wres.store import Store

RUNS = 40


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ReportSet:
    return report_set(tmp_path_factory.getbasetemp())


@dataclass(frozen=True)
class Both:
    org: str
    internal: Outlook
    public: Outlook


@pytest.fixture(scope="module")
def both(reports: ReportSet) -> Both:
    with Store(reports.store, read_only=True) as st:
        org = st.organisations()[0]
        got = outlooks(st, org, YEAR, DEFAULT_CONFIG, runs=RUNS)
    return Both(org, got["internal"], got["public"])


def _published(reports: ReportSet, org: str) -> dict[tuple[int, str], tuple[float, float]]:
    """(year, band or cluster or overall) → indicator 1's published (a, n1) of the BME row (NaN: suppressed)."""
    with Store(reports.store, read_only=True) as st:
        res = compute(from_store(st), [2022, 2023, 2024, 2025], orgs=[org], config=DEFAULT_CONFIG)
    frame = protect_indicator_results(res, config=DEFAULT_CONFIG).results
    rows = frame[
        (frame["indicator"].astype(str) == "1")
        & (frame["category"] == "all")
        & (frame["grouping"] == "wres")
        & (frame["group_a"] == "BME")
        & frame["breakdown"].isin(["overall", "band", "cluster"])
    ]
    out = {}
    for r in rows.to_dict("records"):
        key = "overall" if r["breakdown"] == "overall" else str(r["stratum"])
        out[(int(r["year"]), key)] = (float(r["a"]), float(r["n1"]))
    return out


def test_both_tiers_are_gathered(both: Both) -> None:
    assert both.internal.tier == "internal"
    assert both.public.tier == "public"
    for o in (both.internal, both.public):
        assert o.model_employer is not None
        assert o.projection is not None
        assert o.notes == []
        assert o.model_employer.trajectory.tier == o.tier
        assert not o.model_employer.issued
        assert o.model_employer.trajectory.label == "not issued"
    assert both.public.projection is not None
    assert both.public.projection.tier == "public"
    assert both.internal.projection is not None
    assert both.internal.projection.tier == "internal"


def test_public_heads_are_published_counts(reports: ReportSet, both: Both) -> None:
    """Every public head count is a multiple of 5 or withheld, and equals indicator 1's published count."""
    me = both.public.model_employer
    assert me is not None
    published = _published(reports, both.org)
    seen = withheld = 0
    for p in [*me.rows, *(q for q in me.path if q.year <= YEAR)]:
        for value in (p.actual.bme, p.actual.headcount):
            if value is None:
                withheld += 1
            else:
                seen += 1
                assert value % 5 == 0, (p.band, p.year, value)
        if p.band != "8a and above":
            a, n1 = published[(p.year, p.band)]
            assert (p.actual.bme is None) == math.isnan(a)
            assert (p.actual.headcount is None) == math.isnan(n1)
            if p.actual.bme is not None:
                assert p.actual.bme == a
            if p.actual.headcount is not None:
                assert p.actual.headcount == n1
    assert seen > 10
    assert withheld > 0
    ref = me.trajectory.reference
    assert ref.bme is not None
    assert ref.headcount is not None
    assert ref.bme % 5 == 0
    assert ref.headcount % 5 == 0
    assert (ref.bme, ref.headcount) == published[(YEAR, "overall")]


def test_public_targets_are_computed_from_the_published_counts(reports: ReportSet, both: Both) -> None:
    """Band 8a in the public tier by hand (wres-domain.md §7.2) from indicator 1's published counts."""
    me = both.public.model_employer
    assert me is not None
    published = _published(reports, both.org)
    a0, n0 = published[(2022, "8a")]
    a, n = published[(YEAR, "8a")]
    s_bme, s_n = published[(YEAR, "overall")]
    assert not any(math.isnan(v) for v in (a0, n0, a, n, s_bme, s_n))
    s0, s = Fraction(int(a0), int(n0)), Fraction(int(s_bme), int(s_n))
    target = s0 + (s - s0) * Fraction(YEAR - 2022, 2028 - 2022)
    heads = math.ceil(target * int(n))
    row = next(p for p in me.rows if p.band == "8a")
    assert row.target_share == target
    assert row.target_heads == heads
    assert row.gap == heads - int(a)
    assert row.required_gain == max(0, math.ceil((s * int(n) - int(a)) / (2028 - YEAR)))


def test_public_projection_holds_no_counts(both: Both) -> None:
    pub, internal = both.public.projection, both.internal.projection
    assert pub is not None
    assert internal is not None
    for frame in (pub.transitions, pub.hires, pub.reclassifications, pub.headcounts):
        assert frame.empty
    assert not internal.transitions.empty
    assert not internal.headcounts.empty
    # the shares at the latest snapshot are exact counts' ratios: withheld in public, shown internally
    assert (internal.shares["year"] == internal.latest_year).any()
    assert not (pub.shares["year"] == pub.latest_year).any()
    assert STARTING_SHARE_WITHHELD in pub.withheld
    # a band whose BME or other headcount is 1 to 7 is withheld with its sentence
    small = [
        str(r["band"])
        for r in internal.headcounts.to_dict("records")
        if 1 <= int(r["bme"]) <= 7 or 1 <= int(r["other"]) <= 7
    ]
    assert small
    for band in small:
        assert band not in pub.bands
        assert band not in pub.sentences
        assert not (pub.shares["band"] == band).any()
        assert any(w.startswith(f"band {band} withheld") for w in pub.withheld)


def test_projection_is_the_analysis_projection_run_once(reports: ReportSet, both: Both) -> None:
    """outlooks() simulates once: the internal projection is project() with the same seed and scenarios."""
    internal = both.internal.projection
    assert internal is not None
    with Store(reports.store, read_only=True) as st:
        direct = project(
            from_store(st),
            both.org,
            DEFAULT_CONFIG,
            scenarios=[parse_scenario(s) for s in DEFAULT_SCENARIOS],
            runs=RUNS,
            seed=internal.seed,
            target_year=2028,
            latest=YEAR,
        )
        single = outlook(st, both.org, YEAR, DEFAULT_CONFIG, "public", runs=RUNS)
    assert direct.sentences == internal.sentences
    assert direct.shares.equals(internal.shares)
    assert single.projection is not None
    assert both.public.projection is not None
    assert single.projection.shares.equals(both.public.projection.shares)
    assert single.projection.withheld == both.public.projection.withheld


def test_a_store_with_a_single_year_gives_notes_not_an_error(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "canonical", generate_chain(years=(2024,), scale=0.05))
    with Store(tmp_path / "one.duckdb") as st:
        st.load_folder(folder)
    with Store(tmp_path / "one.duckdb", read_only=True) as st:
        for tier in ("public", "internal"):
            got = outlook(st, SYNTH_ORG, 2024, DEFAULT_CONFIG, tier, runs=20)
            assert got.projection is None
            assert len(got.notes) == 1
            assert got.notes[0].startswith("Pipeline projection: ")
            assert got.model_employer is not None  # one snapshot is a baseline: the first available year
            assert got.model_employer.trajectory.baseline_year == 2024
        late = config_from_mapping({"model_employer": {"baseline_year": 2025, "target_year": 2030}})
        got = outlooks(st, SYNTH_ORG, 2024, late, runs=20)["internal"]
        assert got.model_employer is None
        assert got.projection is None
        assert [n.split(":")[0] for n in got.notes] == ["Model Employer targets", "Pipeline projection"]
        assert "before the Model Employer baseline year 2025" in got.notes[0]


def test_an_issued_trajectory_is_judged_as_issued(reports: ReportSet, tmp_path: Path) -> None:
    path = tmp_path / "issued.duckdb"
    shutil.copy(reports.store, path)
    _register()
    done = CliRunner().invoke(app, ["model-employer", "issue", "--store", str(path), "--year", str(YEAR)])
    assert done.exit_code == 0, done.output
    with Store(path, read_only=True) as st:
        org = st.organisations()[0]
        got = outlooks(st, org, YEAR, DEFAULT_CONFIG, runs=20)
    for tier in ("public", "internal"):
        me = got[tier].model_employer
        assert me is not None
        assert me.issued
        assert me.trajectory.label == f"issued for {YEAR} (version 1)"


def test_outlooks_refuses_an_unknown_tier(reports: ReportSet) -> None:
    with Store(reports.store, read_only=True) as st, pytest.raises(WresError, match="tier must be public or internal"):
        outlooks(st, st.organisations()[0], YEAR, DEFAULT_CONFIG, ("secret",), runs=20)
