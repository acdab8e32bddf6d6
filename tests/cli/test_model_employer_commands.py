"""``wres model-employer show`` and ``issue`` on a synthetic store (WRES years 2019–2022, so no 2018 baseline):
formats, the first-available-year note, "not issued" vs issued versions, progress judged against the trajectory as
issued after the data change, the public tier's protected counts, and one-line errors."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from wres.cli.main import _register, app, run
from wres.disclosure.wres_tables import protect_indicator_results
from wres.indicators import compute, from_store
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

YEARS = [2019, 2020, 2021, 2022]


def _synth(folder: Path, seed: int, bme_share: float | None) -> Path:
    data = generate(SynthConfig(size=2000, first_year=2019, last_year=2022, seed=seed, bme_share=bme_share))
    return write_canonical(data, folder)


@pytest.fixture(scope="module")
def canonical(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The store's data, and the same organisation's data changed (another seed, BME share 45%)."""
    folder = tmp_path_factory.mktemp("me_cli")
    return _synth(folder / "a", 3, None), _synth(folder / "b", 4, 0.45)


@pytest.fixture(scope="module")
def base_store(canonical: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("me_store") / "s.duckdb"
    with Store(path) as st:
        st.load_folder(canonical[0])
    return path


@pytest.fixture
def store(base_store: Path, tmp_path: Path) -> Path:
    """A copy of the store each test may issue into."""
    path = tmp_path / "s.duckdb"
    shutil.copy(base_store, path)
    return path


def _invoke(args: list[str]) -> Any:
    _register()
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _show_json(store: Path, *extra: str) -> dict[str, Any]:
    out = _invoke(["model-employer", "show", "--store", str(store), "--format", "json", *extra]).output
    payload: dict[str, Any] = json.loads(out)
    return payload


def _i1(frame: pd.DataFrame, year: int, breakdown: str, stratum: str) -> tuple[float, float]:
    row = frame[
        (frame.indicator == "1")
        & (frame.category == "all")
        & (frame.grouping == "wres")
        & (frame.group_a == "BME")
        & (frame.year == year)
        & (frame.breakdown == breakdown)
        & (frame.stratum == stratum)
    ]
    assert len(row) == 1
    return float(row["a"].iloc[0]), float(row["n1"].iloc[0])


def _results(path: Path, public: bool = False) -> pd.DataFrame:
    with Store(path, read_only=True) as st:
        res = compute(from_store(st), YEARS)
    return protect_indicator_results(res).results if public else res.frame


def _hand(frame: pd.DataFrame, band: str, year: int, ref_year: int = 2022) -> dict[str, Any]:
    """The §7.2 formulas by hand (floats, ceilings guarded) from indicator 1's counts; baseline 2019, the first
    available year."""
    b0, n0 = _i1(frame, 2019, "band", band)
    bs, ns = _i1(frame, ref_year, "overall", "all")
    by, ny = _i1(frame, year, "band", band)
    s0, s = b0 / n0, bs / ns
    share = s0 + (s - s0) * (year - 2019) / (2028 - 2019)
    heads = math.ceil(share * ny - 1e-9)
    return {
        "target_share": share,
        "target_heads": heads,
        "gap": heads - by,
        "required_gain_per_year": max(0, math.ceil((s * ny - by) / (2028 - year) - 1e-9)),
        "actual_heads": by,
        "headcount": ny,
    }


def test_help_lists_show_issue_and_issues() -> None:
    out = _invoke(["model-employer", "--help"]).output
    assert "show" in out
    assert "issue" in out
    assert "issues" in out


def test_issues_before_any_issue(base_store: Path) -> None:
    out = _invoke(["model-employer", "issues", "--store", str(base_store)]).output
    assert "no Model Employer trajectory issued for SY001 yet" in " ".join(out.split())


def test_show_table_not_issued_names_the_first_available_year(base_store: Path) -> None:
    out = _invoke(["model-employer", "show", "--store", str(base_store), "--tier", "internal"]).output
    text = " ".join(out.split())
    assert "trajectory not issued" in text
    assert "no 31 March 2018 staff snapshot" in text
    assert "31 March 2019, the first available year" in text
    for header in ("Baseline share", "Target share", "Actual share", "Target heads", "Actual heads", "Gap", "Status"):
        assert header in text
    assert "8a and above" in text


def test_show_json_internal_matches_the_formulas_by_hand(base_store: Path) -> None:
    payload = _show_json(base_store, "--tier", "internal")
    assert payload["metadata"]["trajectory"] == "not issued"
    assert payload["metadata"]["baseline_year_used"] == 2019
    frame = _results(base_store)
    rows = {r["band"]: r for r in payload["rows"]}
    assert list(rows) == ["8a", "8b", "8c", "8d", "9", "VSM", "8a and above"]
    for band in ("8a", "8b", "VSM"):
        hand = _hand(frame, band, 2022)
        got = rows[band]
        assert got["target_share"] == pytest.approx(hand["target_share"], abs=1e-6)
        for key in ("target_heads", "gap", "required_gain_per_year", "actual_heads", "headcount"):
            assert got[key] == hand[key], (band, key)
        assert got["status"] == ("on_or_above_target" if hand["gap"] <= 0 else "below_target")
    # 8a and above: the six bands summed
    senior = [_i1(frame, 2022, "band", b) for b in ("8a", "8b", "8c", "8d", "9", "VSM")]
    assert rows["8a and above"]["actual_heads"] == sum(a for a, _ in senior)
    assert rows["8a and above"]["headcount"] == sum(n for _, n in senior)


def test_csv_has_the_columns(base_store: Path) -> None:
    out = _invoke(["model-employer", "show", "--store", str(base_store), "--tier", "internal", "--format", "csv"])
    header = out.output.splitlines()[0].split(",")
    for column in (
        "band", "year", "baseline_share", "target_share", "actual_share", "target_heads", "actual_heads", "gap",
        "required_gain_per_year", "status", "trajectory", "trajectory_notes",
    ):  # fmt: skip
        assert column in header
    assert "31 March 2019, the first available year" in out.output  # the first available year, stated in the CSV


def test_trajectory_option_gives_every_year_to_the_target_year(base_store: Path) -> None:
    payload = _show_json(base_store, "--tier", "internal", "--band", "8a", "--trajectory")
    rows = payload["rows"]
    assert [r["year"] for r in rows] == list(range(2019, 2029))
    assert rows[0]["target_share"] == pytest.approx(rows[0]["baseline_share"])
    assert rows[-1]["target_share"] == pytest.approx(payload["metadata"]["reference_share"])
    assert all(r["status"] == "no_snapshot" for r in rows if r["year"] > 2022)


def test_issue_again_makes_a_new_version(store: Path) -> None:
    first = _invoke(["model-employer", "issue", "--store", str(store), "--year", "2021"]).output
    assert "version 1" in first
    second = _invoke(["model-employer", "issue", "--store", str(store), "--year", "2021"]).output
    assert "version 2" in second
    payload = _show_json(store, "--tier", "internal", "--year", "2022")
    assert payload["metadata"]["trajectory"] == "issued for 2021 (version 2)"
    assert payload["metadata"]["issued"]["issue_year"] == 2021
    assert payload["metadata"]["issued"]["version"] == 2
    assert payload["metadata"]["issued"]["issued_by"]
    assert payload["metadata"]["issued"]["issued_at"]
    listed = json.loads(_invoke(["model-employer", "issues", "--store", str(store), "--format", "json"]).output)
    assert [(i["issue_year"], i["version"]) for i in listed["issues"]] == [(2021, 1), (2021, 2)]
    assert all(i["issued_by"] and i["issued_at"] for i in listed["issues"])
    table = _invoke(["model-employer", "issues", "--store", str(store)]).output
    assert "Model Employer trajectories issued" in table
    # a year before any issue is judged against the computed trajectory
    assert _show_json(store, "--tier", "internal", "--year", "2020")["metadata"]["trajectory"] == "not issued"


def test_progress_is_judged_against_the_trajectory_as_issued_after_the_data_change(
    store: Path, canonical: tuple[Path, Path]
) -> None:
    before = _results(store)
    _invoke(["model-employer", "issue", "--store", str(store), "--year", "2021"])
    with Store(store) as st:
        st.load_folder(canonical[1])  # the same organisation's data, changed
    after = _results(store)
    assert _i1(after, 2021, "overall", "all") != _i1(before, 2021, "overall", "all")
    payload = _show_json(store, "--tier", "internal", "--year", "2022")
    rows = {r["band"]: r for r in payload["rows"]}
    # the target share is the issued one: from the data as it was, reference share 31 March 2021
    issued = _hand(before, "8a", 2022, ref_year=2021)["target_share"]
    recomputed = _hand(after, "8a", 2022, ref_year=2022)["target_share"]
    assert rows["8a"]["target_share"] == pytest.approx(issued, abs=1e-6)
    assert abs(issued - recomputed) > 1e-3
    # heads are judged on this year's (changed) counts against the issued share
    b, n = _i1(after, 2022, "band", "8a")
    assert rows["8a"]["actual_heads"] == b
    assert rows["8a"]["target_heads"] == math.ceil(issued * n - 1e-9)
    # an organisation with no issue would get the recomputed one, labelled "not issued"
    fresh = store.with_name("fresh.duckdb")
    with Store(fresh) as st:
        st.load_folder(canonical[1])
    other = _show_json(fresh, "--tier", "internal", "--year", "2022")
    assert other["metadata"]["trajectory"] == "not issued"
    assert {r["band"]: r for r in other["rows"]}["8a"]["target_share"] == pytest.approx(recomputed, abs=1e-6)


def test_public_tier_uses_the_protected_counts(base_store: Path) -> None:
    payload = _show_json(base_store)
    assert payload["metadata"]["tier"] == "public"
    public = _results(base_store, public=True)
    published = {r["band"]: r for r in payload["rows"]}
    assert any(published[b]["actual_share"] is not None for b in ("8a", "8b", "VSM"))  # something to check
    for band in ("8a", "8b", "VSM"):
        a, n = _i1(public, 2022, "band", band)
        got = published[band]
        assert got["actual_heads"] == (None if math.isnan(a) else a)
        assert got["headcount"] == (None if math.isnan(n) else n)
        for value in (got["actual_heads"], got["headcount"]):
            assert value is None or value % 5 == 0  # rounded to 5 (0 shown as 0)
        if got["actual_share"] is not None:
            assert got["actual_share"] == pytest.approx(a / n, abs=1e-6)  # share of the published counts
    # the public baseline shares come from the protected 2019 counts (none where they are suppressed)
    checked = 0
    for band in ("8a", "8b", "8c", "8d", "9", "VSM"):
        a0, n0 = _i1(public, 2019, "band", band)
        if math.isnan(a0) or math.isnan(n0) or n0 == 0:
            assert published[band]["baseline_share"] is None
            assert published[band]["status"] == "no_target"
        else:
            assert published[band]["baseline_share"] == pytest.approx(a0 / n0, abs=1e-6)
            checked += 1
    assert checked > 0


def test_public_tier_of_an_issued_trajectory_is_its_public_rows(store: Path) -> None:
    _invoke(["model-employer", "issue", "--store", str(store), "--year", "2022"])
    public = _show_json(store)
    internal = _show_json(store, "--tier", "internal")
    assert public["metadata"]["trajectory"] == "issued for 2022 (version 1)"
    pub = _results(store, public=True)
    a, n = _i1(pub, 2022, "overall", "all")
    assert public["metadata"]["reference_share"] == pytest.approx(a / n, abs=1e-6)
    exact = _results(store)
    a, n = _i1(exact, 2022, "overall", "all")
    assert internal["metadata"]["reference_share"] == pytest.approx(a / n, abs=1e-6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "NOPE"], "organisation not in the store: NOPE"),
        (["--year", "2030"], "no data for WRES year 2030"),
        (["--band", "8e"], "--band '8e' is not one of the Model Employer bands"),
        (["--tier", "secret"], "--tier must be one of public, internal"),
    ],
)
def test_errors_are_one_line(
    base_store: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["model-employer", "show", "--store", str(base_store), *args]) != 0
    captured = capsys.readouterr()
    assert message in " ".join(captured.err.split())
    assert "Traceback" not in captured.err + captured.out


def test_year_before_the_baseline_year_is_refused(
    base_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "wres.toml"
    config.write_text("[model_employer]\nbaseline_year = 2021\n", encoding="utf-8")
    assert run(["model-employer", "show", "--store", str(base_store), "--year", "2020", "--config", str(config)]) != 0
    assert "before the Model Employer baseline year 2021" in " ".join(capsys.readouterr().err.split())


def test_issue_into_a_missing_store_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.duckdb"
    assert run(["model-employer", "issue", "--store", str(missing)]) != 0
    assert "no wres store here yet" in capsys.readouterr().err
    assert not missing.exists()
