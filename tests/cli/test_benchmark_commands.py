"""``wres benchmark`` end to end (issue 18): the packaged NHS Staff Survey results (real published values read from
the file itself, not copied by hand), roll-ups equal to a pooled recomputation, Better / Similar / Worse by hand,
non-trusts kept out of trust pools, the funnel chart, indicator 2 roll-ups by region beside the published figures,
and a bad file refused in one line."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from wres.cli.main import run
from wres.indicators.counts import COUNT_COLUMNS
from wres.ingest.published import INDICATOR2_BY_REGION_FILE, SURVEY_FILE, published_path

Z95 = 1.959963984540054
TRUST_GROUPS = {
    "Acute and Acute & Community Trusts",
    "Acute Specialist Trusts",
    "Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts",
    "Community Trusts",
    "Ambulance Trusts",
}
REGIONS = {
    "East of England",
    "London",
    "Midlands",
    "North East and Yorkshire",
    "North West",
    "South East",
    "South West",
}


def wilson(x: float, n: float) -> tuple[float, float]:
    """Wilson score interval (Wilson 1927), written out independently of wres.stats."""
    p = x / n
    centre = p + Z95**2 / (2 * n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n))
    return (centre - half) / (1 + Z95**2 / n), (centre + half) / (1 + Z95**2 / n)


def survey_rows(year: int) -> list[dict[str, str]]:
    with published_path(SURVEY_FILE).open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["Year"] == str(year)]


def count_of(row: dict[str, str], prefix: str) -> tuple[float, float]:
    base, rate = float(row[f"{prefix}_base"]), float(row[f"{prefix}_rate"])
    return math.floor(base * rate / 100 + 0.5), base


def region_of(row: dict[str, str]) -> str | None:
    return next((row[c] for c in ("Region", "ICS/STP") if row[c] in REGIONS), None)


def benchmark_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert run(["benchmark", "--format", "json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_named_trusts_published_rate_and_its_judgement(capsys: pytest.CaptureFixture[str]) -> None:
    got = benchmark_json(capsys, "--survey-published", "--measure", "discrimination_internal", "--year", "2024")
    row = next(r for r in survey_rows(2024) if r["ODS code"] == "RJ1")  # Guy's and St Thomas'
    x, n = count_of(row, "Discrimination_internal")
    org = next(o for o in got["organisations"] if o["org_code"] == "RJ1")
    assert org["org_name"] == row["Organisation name"]
    assert org["denominator"] == n
    assert org["numerator"] == x
    assert org["value"] == pytest.approx(float(row["Discrimination_internal_rate"]) / 100, abs=0.5 / n)
    low, high = wilson(x, n)
    assert (org["ci95_low"], org["ci95_high"]) == (pytest.approx(low, rel=1e-9), pytest.approx(high, rel=1e-9))
    trusts = [r for r in survey_rows(2024) if r["Benchmarking group"] in TRUST_GROUPS]
    pooled = [count_of(r, "Discrimination_internal") for r in trusts]
    england = sum(p[0] for p in pooled) / sum(p[1] for p in pooled)
    assert got["england"] == pytest.approx(england, rel=1e-12)
    expected = "Worse" if low > england else "Better" if high < england else "Similar"  # lower is better
    assert org["vs_england"] == expected
    assert org["ranked"] == len(trusts)  # only trusts ranked
    assert "not by ethnicity" in got["basis"]


def test_region_rollup_equals_pooled_counts_of_its_trusts(capsys: pytest.CaptureFixture[str]) -> None:
    got = benchmark_json(
        capsys, "--survey-published", "--measure", "physical_public", "--year", "2023", "--region", "London"
    )
    london = [r for r in survey_rows(2023) if r["Benchmarking group"] in TRUST_GROUPS and region_of(r) == "London"]
    pooled = [count_of(r, "Physical_public") for r in london if r["Physical_public_base"] not in ("", "NA")]
    x, n = sum(p[0] for p in pooled), sum(p[1] for p in pooled)
    roll = next(r for r in got["rollups"] if r["level"] == "region")
    assert roll["group"] == "London"
    assert roll["organisations"] == len(pooled)
    assert (roll["numerator"], roll["denominator"]) == (x, n)
    assert roll["value"] == pytest.approx(x / n, rel=1e-12)  # pooled, not a mean of the trusts' rates
    assert roll["value"] != pytest.approx(sum(p[0] / p[1] for p in pooled) / len(pooled), rel=1e-6)
    assert (roll["ci95_low"], roll["ci95_high"]) == tuple(pytest.approx(v, rel=1e-9) for v in wilson(x, n))
    assert {o["region"] for o in got["organisations"]} == {"London"}
    assert {r["level"] for r in got["rollups"]} == {"england", "region", "ics", "type"}


def test_non_trusts_stay_out_of_trust_pools(capsys: pytest.CaptureFixture[str]) -> None:
    got = benchmark_json(capsys, "--survey-published", "--measure", "discrimination_internal", "--year", "2021")
    by_code = {o["org_code"]: o for o in got["organisations"]}
    ccg = next(r for r in survey_rows(2021) if r["Benchmarking group"] == "CCGs" and r["ODS code"] in by_code)
    org = by_code[ccg["ODS code"]]
    assert org["org_type"] == "ccg"
    assert org["peer"] == "type:ccg"
    assert org["rank"] is None  # not ranked among trusts
    type_groups = {r["group"] for r in got["rollups"] if r["level"] == "type"}
    assert "ccg" not in type_groups
    assert type_groups <= {"acute", "acute_specialist", "mental_health", "community", "ambulance"}


def test_funnel_svg_highlights_the_trust_and_csv_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg, out = tmp_path / "funnel.svg", tmp_path / "london.csv"
    argv = ["benchmark", "--survey-published", "--measure", "discrimination_internal", "--year", "2024"]
    argv += ["--region", "North East & Yorkshire", "--highlight", "RR8", "--funnel-svg", str(svg)]
    assert run([*argv, "--format", "csv", "--out", str(out)]) == 0
    text = svg.read_text()
    assert text.startswith("<svg")
    assert 'role="img"' in text
    assert "Highlighted: RR8" in text
    frame = pd.read_csv(out)
    assert set(frame["region"]) == {"North East and Yorkshire"}
    expected = {r["ODS code"] for r in survey_rows(2024) if region_of(r) == "North East and Yorkshire"}
    assert set(frame["org_code"]) == expected


def test_a_bad_survey_file_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "survey.csv"
    bad.write_text("ODS code,Year,Organisation name\nRJ1,2024,Guy's\n")
    argv = ["benchmark", "--survey-file", str(bad), "--measure", "discrimination_internal"]
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}, column 'Benchmarking group': required column is missing")
    assert "Traceback" not in err


def test_an_unknown_measure_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["benchmark", "--survey-published", "--measure", "happiness"]) == 2
    assert "--measure for survey results" in capsys.readouterr().err


def appointment_counts(path: Path, figures: dict[str, tuple[int, int, int, int]], year: int) -> Path:
    rows = []
    for org, (ws, wa, bs, ba) in figures.items():
        for group, (s, a) in (("White", (ws, wa)), ("BME", (bs, ba)), ("Unknown", (0, 0))):
            key = [org, year, "2", "all", "all", "overall", "all", "wres", group]
            rows += [[*key, "shortlisted", s], [*key, "appointed", a]]
    pd.DataFrame(rows, columns=COUNT_COLUMNS).to_csv(path, index=False)
    return path


def test_indicator2_regional_rollup_is_the_pooled_ratio_beside_the_published_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Synthetic trusts built so that London's pooled ratio is known: White 600/2400 = 0.25, BME 400/2500 = 0.16,
    # ratio 1.5625; a mean of the trusts' own ratios (2.0 and 1.0) would be 1.5.
    store = tmp_path / "s.duckdb"
    registry = tmp_path / "orgs.csv"
    registry.write_text(
        "org_code,org_name,type,region\nRAA,A,Acute,London\nRBB,B,Acute,London\nRCC,C,Mental health,South West\n"
    )
    assert run(["orgs", "import", str(registry), "--store", str(store)]) == 0
    figures = {"RAA": (1200, 400, 1500, 200), "RBB": (1200, 200, 1000, 200), "RCC": (500, 100, 500, 50)}
    counts = appointment_counts(tmp_path / "counts.csv", figures, 2024)
    assert run(["import-counts", str(counts), "--store", str(store)]) == 0
    capsys.readouterr()
    got = benchmark_json(capsys, "--counts-store", "--measure", "indicator2", "--year", "2024", "--store", str(store))
    london = next(r for r in got["rollups"] if r["level"] == "region" and r["group"] == "London")
    assert london["value"] == pytest.approx((600 / 2400) / (400 / 2500), rel=1e-12)
    assert london["organisations"] == 2
    with published_path(INDICATOR2_BY_REGION_FILE).open(encoding="utf-8") as handle:
        published = next(r for r in csv.DictReader(handle) if r["region"] == "London" and r["year"] == "2024")
    assert london["published_value"] == float(published["relative_likelihood_white_vs_BME_appointed_from_shortlisting"])
    england = next(r for r in got["rollups"] if r["level"] == "england")
    assert england["value"] == pytest.approx((700 / 2900) / (450 / 3000), rel=1e-12)
    raa = next(o for o in got["organisations"] if o["org_code"] == "RAA")
    assert raa["value"] == pytest.approx((400 / 1200) / (200 / 1500))
    assert raa["peer"] == "type:acute"
    assert raa["peer_value"] == pytest.approx((600 / 2400) / (400 / 2500))  # the two acute trusts pooled


def test_records_of_several_synthetic_trusts_roll_up_to_their_pooled_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_canonical

    data = generate(SynthConfig(profile="national", n_orgs=6, size=300, seed=3, first_year=2025, last_year=2025))
    store = tmp_path / "s.duckdb"
    with Store(store) as st:
        st.load_folder(write_canonical(data, tmp_path / "canonical", fmt="parquet"))
    rows = tmp_path / "rows.csv"
    argv = ["indicators", "--year", "2025", "--format", "csv", "--out", str(rows), "--store", str(store)]
    assert run(argv) == 0
    capsys.readouterr()
    frame = pd.read_csv(rows)
    own = frame[(frame["indicator"].astype(str) == "2") & frame["headline"]]
    got = benchmark_json(capsys, "--records", "--measure", "indicator2", "--year", "2025", "--store", str(store))
    assert sorted(o["org_code"] for o in got["organisations"]) == sorted(own["org_code"])
    # the canonical folder's labels ("Mental health") are read as type codes, so peers are by type
    assert {o["org_type"] for o in got["organisations"]} <= {"acute", "mental_health", "community", "ambulance"}
    assert all(o["peer"] == f"type:{o['org_type']}" for o in got["organisations"])
    england = next(r for r in got["rollups"] if r["level"] == "england")
    pooled = (own["a"].sum() / own["n1"].sum()) / (own["c"].sum() / own["n2"].sum())
    assert england["value"] == pytest.approx(pooled, rel=1e-12)
    for region in {o["region"] for o in got["organisations"]}:
        members = {o["org_code"] for o in got["organisations"] if o["region"] == region}
        part = own[own["org_code"].isin(members)]
        roll = next(r for r in got["rollups"] if r["level"] == "region" and r["group"] == region)
        assert roll["value"] == pytest.approx(
            (part["a"].sum() / part["n1"].sum()) / (part["c"].sum() / part["n2"].sum())
        )


def test_an_ics_with_no_organisation_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["benchmark", "--survey-published", "--measure", "discrimination_internal", "--ics", "Atlantis"]
    assert run(argv) == 1
    assert "no organisation in Atlantis" in capsys.readouterr().err
