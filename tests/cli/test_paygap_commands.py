"""``wres paygap`` on a small synthetic store: formats, tiers, options, and clear errors (no traceback)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from wres.analysis.paygap import PayGapOptions, pay_gap, pay_snapshot
from wres.cli.main import _register, app, run
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical

ARGS = ["--resamples", "99"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("paygap_cli")
    data = generate(SynthConfig(n_orgs=1, size=900, first_year=2025, last_year=2026, seed=12))
    path = folder / "s.duckdb"
    with Store(path) as st:
        st.load_folder(write_canonical(data, folder / "canonical"))
    return path


@pytest.fixture(scope="module")
def no_pay_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store loaded from a canonical folder without the pay columns (an extract from before issue 17)."""
    folder = tmp_path_factory.mktemp("paygap_nopay")
    data = generate(SynthConfig(n_orgs=1, size=300, first_year=2026, last_year=2026, seed=3))
    canonical = write_canonical(data, folder / "canonical", fmt="csv")
    staff = pd.read_csv(canonical / "staff.csv", dtype=str, keep_default_na=False)
    staff.drop(columns=["hourly_pay", "hours", "fte"]).to_csv(canonical / "staff.csv", index=False)
    path = folder / "s.duckdb"
    with Store(path) as st:
        st.load_folder(canonical)
    return path


def invoke(args: list[str]) -> str:
    _register()
    result = CliRunner().invoke(app, ["paygap", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def fails(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(["paygap", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, " ".join(err.split())


def test_json_internal_matches_the_library(store: Path) -> None:
    payload: dict[str, Any] = json.loads(
        invoke(["--store", str(store), "--tier", "internal", "--format", "json", *ARGS])
    )
    meta = payload["metadata"]
    assert (meta["tier"], meta["year"], meta["reference"], meta["grouping"]) == ("internal", 2026, "White", "wres")
    with Store(store, read_only=True) as st:
        expected = pay_gap(
            pay_snapshot(st, meta["org_code"], 2026),
            PayGapOptions(n_resamples=99),
            org_code=meta["org_code"],
            year=2026,
        )
    (bme,) = payload["gaps"]
    want = expected.gaps[0]
    assert bme["group"] == "BME"
    assert (bme["n_group"], bme["n_reference"]) == (want.n_group, want.n_reference)
    assert bme["mean_gap"] == pytest.approx(want.mean_gap)
    assert (bme["mean_gap_low"], bme["mean_gap_high"]) == (
        pytest.approx(want.mean_gap_low),
        pytest.approx(want.mean_gap_high),
    )
    assert len(payload["quartiles"]) == 4 * 3  # White, BME, Unknown
    assert [(q["quartile"], q["group"], q["count"], q["size"]) for q in payload["quartiles"]] == [
        (c.quartile, c.group, c.count, c.size) for c in expected.quartiles
    ]


def test_public_json_marks_suppressed_counts(store: Path) -> None:
    payload = json.loads(invoke(["--store", str(store), "--groups", "ethnicity9", "--format", "json", *ARGS]))
    assert payload["metadata"]["tier"] == "public"
    assert payload["metadata"]["disclosure"]["policy"] == "public-v2"
    counts = [g["n_group"] for g in payload["gaps"]] + [q["count"] for q in payload["quartiles"]]
    assert all(c == "[c]" or c % 5 == 0 for c in counts)
    withheld = [g for g in payload["gaps"] if g["status"] == "withheld"]
    assert withheld, "a 900-person trust has a 9-group below 8 people"
    assert all(g["mean_gap"] is None and "[c]" in g["reason"] for g in withheld)


def test_csv_has_gaps_and_quartiles(store: Path) -> None:
    text = invoke(
        ["--store", str(store), "--groups", "ethnicity5", "--reference", "white-british", "--format", "csv", *ARGS]
    )
    frame = pd.read_csv(io.StringIO(text))
    gaps = frame[frame["section"] == "gap"]
    assert list(gaps["group"]) == ["BME", "White other than British", "Mixed", "Asian", "Black", "Other"]
    assert set(gaps["reference"]) == {"White British"}
    assert (frame["section"] == "quartile").sum() == 4 * 7


def test_table_output(store: Path) -> None:
    out = invoke(["--store", str(store), "--tier", "internal", *ARGS])
    assert "Ethnicity pay gap, 31 March 2026" in out
    assert "INTERNAL (unsuppressed)" in out
    assert "Pay quartiles" in out
    assert "1 (lowest paid)" in out


def test_output_to_a_file(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "gap.json"
    invoke(["--store", str(store), "--format", "json", "--out", str(out), *ARGS])
    assert json.loads(out.read_text(encoding="utf-8"))["gaps"][0]["group"] == "BME"


def test_a_store_without_pay_says_so(no_pay_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = fails(["--store", str(no_pay_store)], capsys)
    assert code != 0
    assert "no pay data: import ESR extracts with hourly pay (columns Hourly Rate" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--groups", "ethnicity7"], "--groups must be one of wres, ethnicity5, ethnicity9"),
        (["--reference", "british"], "--reference must be one of white, white-british"),
        (["--tier", "secret"], "--tier must be one of public, internal"),
        (["--format", "xml"], "--format must be one of table, csv, json"),
        (["--year", "2019"], "no staff snapshot for"),
        (["--org", "NOPE"], "organisation not in the store: NOPE"),
    ],
)
def test_errors_are_clear(store: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, err = fails(["--store", str(store), *args], capsys)
    assert code != 0
    assert message in err


def test_json_has_no_nan_for_an_empty_quartile() -> None:
    from wres.cli.paygap_commands import _quartile_records

    # Three people: quartile 1 holds ranks 0 to floor(3/4) - 1, none; its share and pay range are not numbers.
    frame = pd.DataFrame(
        {"ethnic_category": ["A", "N", "Z"], "band": "5", "hourly_pay": [10.0, 11.0, 12.0], "contract": "substantive"}
    ).assign(bank_only=False)
    records = _quartile_records(pay_gap(frame, PayGapOptions(intervals=False)), None)
    assert [r["size"] for r in records if r["group"] == "White"] == [0, 1, 1, 1]
    json.dumps(records, allow_nan=False)  # raises on NaN
    assert records[0]["share"] is None
    assert records[0]["min_pay"] is None
