"""``wres orgs import`` / ``wres orgs list`` and ``wres import-counts`` (issue 18): a registry of ~220
organisations, validation naming file, row, column and problem, upserts, supersession of stored counts, the ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from wres.cli.main import run
from wres.indicators.counts import COUNT_COLUMNS
from wres.store import Store
from wres.vocab.organisations import REGIONS

TYPES = ("Acute", "Mental health", "Community", "Ambulance", "Acute Specialist Trusts", "ICBs")
REGION_SPELLINGS = (
    "East of England",
    "London",
    "Midlands",
    "North East & Yorkshire",
    "north west",
    "NHS England South East",
    "South West",
)


def registry_file(path: Path, n: int = 220) -> Path:
    rows = [
        {
            "ODS code": f"R{i:03d}",
            "Organisation name": f"Example Trust {i}",
            "type": TYPES[i % len(TYPES)],
            "Region": REGION_SPELLINGS[i % 7],
            "ICS": f"ICS {i % 42}",
            "peer_group": "teaching" if i % 10 == 0 else "",
        }
        for i in range(n)
    ]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_220_organisations_import_and_list_by_region(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "s.duckdb"
    assert run(["orgs", "import", str(registry_file(tmp_path / "orgs.csv")), "--store", str(store)]) == 0
    assert "220 organisation(s) added, 0 updated" in capsys.readouterr().out
    with Store(store, read_only=True) as st:
        assert len(st.organisations()) == 220
        regions = {r[0] for r in st.con.execute("SELECT DISTINCT region FROM organisations").fetchall()}
        ledger = st.con.execute("SELECT source, rows_loaded FROM imports").fetchall()
    assert regions == set(REGIONS)  # "North East & Yorkshire", "north west" ... stored as NHS England spells them
    assert ledger == [("organisations registry", 220)]
    assert run(["orgs", "list", "--region", "North East and Yorkshire", "--format", "json", "--store", str(store)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [o["org_code"] for o in listed] == [f"R{i:03d}" for i in range(220) if i % 7 == 3]
    assert {o["region"] for o in listed} == {"North East and Yorkshire"}
    assert run(["orgs", "list", "--type", "ambulance", "--format", "csv", "--store", str(store)]) == 0
    frame = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert sorted(frame["org_code"]) == [f"R{i:03d}" for i in range(220) if i % 6 == 3]


def test_a_second_import_updates_and_keeps_what_it_leaves_empty(tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    assert run(["orgs", "import", str(registry_file(tmp_path / "orgs.csv", 10)), "--store", str(store)]) == 0
    update = tmp_path / "update.csv"
    pd.DataFrame(
        [{"org_code": "R000", "org_name": "Renamed Trust", "ics": ""}, {"org_code": "RZZ9", "org_name": "New"}]
    ).to_csv(update, index=False)
    assert run(["orgs", "import", str(update), "--store", str(store)]) == 0
    with Store(store, read_only=True) as st:
        row = st.con.execute("SELECT org_name, region, ics FROM organisations WHERE org_code = 'R000'").fetchone()
        assert len(st.organisations()) == 11
    assert row == ("Renamed Trust", "East of England", "ICS 0")


@pytest.mark.parametrize(
    ("cell", "value", "problem"),
    [
        ("ODS code", "r1", "row 3, column 'org_code': not an ODS code"),
        ("ODS code", "R000", "row 3, column 'org_code': duplicate organisation code (first on row 2)"),
        ("Region", "Wales", "row 3, column 'region': not one of the seven NHS England regions"),
        ("type", "Hospice", "row 3, column 'trust_type': unknown organisation type"),
    ],
)
def test_a_bad_registry_is_refused_naming_the_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str, value: str, problem: str
) -> None:
    path = registry_file(tmp_path / "orgs.csv", 5)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[1, cell] = value
    frame.to_csv(path, index=False)
    store = tmp_path / "s.duckdb"
    assert run(["orgs", "import", str(path), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, {problem}" in " ".join(err.split())
    assert "Traceback" not in err
    assert not store.exists()  # nothing written


def test_an_unexpected_column_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("org_code,org_name,regoin\nRAA,A,London\n")
    assert run(["orgs", "import", str(path), "--store", str(tmp_path / "s.duckdb")]) == 2
    assert "column 'regoin': unexpected column" in capsys.readouterr().err


def test_an_xlsx_registry_imports(tmp_path: Path) -> None:
    csv = registry_file(tmp_path / "orgs.csv", 12)
    xlsx = tmp_path / "orgs.xlsx"
    pd.read_csv(csv, dtype=str, keep_default_na=False).to_excel(xlsx, index=False)
    store = tmp_path / "s.duckdb"
    assert run(["orgs", "import", str(xlsx), "--store", str(store)]) == 0
    with Store(store, read_only=True) as st:
        assert len(st.organisations()) == 12


def appointment_counts(path: Path, figures: dict[str, tuple[int, int, int, int]], year: int = 2024) -> Path:
    """Indicator 2 counts: organisation → (White shortlisted, appointed, BME shortlisted, appointed)."""
    rows = []
    for org, (ws, wa, bs, ba) in figures.items():
        for group, (s, a) in (("White", (ws, wa)), ("BME", (bs, ba)), ("Unknown", (0, 0))):
            key = [org, year, "2", "all", "all", "overall", "all", "wres", group]
            rows += [[*key, "shortlisted", s], [*key, "appointed", a]]
    pd.DataFrame(rows, columns=COUNT_COLUMNS).to_csv(path, index=False)
    return path


def test_import_counts_for_many_trusts_then_indicators_from_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s.duckdb"
    assert run(["orgs", "import", str(registry_file(tmp_path / "orgs.csv", 220)), "--store", str(store)]) == 0
    capsys.readouterr()
    figures = {f"R{i:03d}": (400 + i, 100, 300, 50 + i % 20) for i in range(220)}
    path = appointment_counts(tmp_path / "counts.csv", figures)
    assert run(["import-counts", str(path), "--store", str(store)]) == 0
    assert "1320 count rows for 220 organisation(s), 2024 stored (0 earlier" in capsys.readouterr().out
    # a later file for one trust's indicator 2 in 2024 supersedes the earlier rows
    later = appointment_counts(tmp_path / "later.csv", {"R005": (1000, 250, 1000, 125)})
    assert run(["import-counts", str(later), "--store", str(store)]) == 0
    assert "(6 earlier row(s) superseded" in capsys.readouterr().out
    with Store(store, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM published_counts").fetchone() == (1320,)
        sources = st.con.execute("SELECT source FROM imports ORDER BY import_id").fetchall()
    assert sources == [("organisations registry",), ("aggregated counts",), ("aggregated counts",)]
    out = tmp_path / "r.csv"
    argv = ["indicators", "--counts-store", "--org", "R005", "--year", "2024", "--format", "csv", "--out", str(out)]
    assert run([*argv, "--store", str(store)]) == 0
    rows = pd.read_csv(out)
    head = rows[(rows["indicator"].astype(str) == "2") & rows["headline"]]
    assert head["estimate"].iloc[0] == pytest.approx((250 / 1000) / (125 / 1000))  # 2.0, from the later file


def test_import_counts_refuses_an_organisation_not_in_the_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "s.duckdb"
    assert run(["orgs", "import", str(registry_file(tmp_path / "orgs.csv", 3)), "--store", str(store)]) == 0
    path = appointment_counts(tmp_path / "counts.csv", {"R000": (10, 5, 10, 5), "RQQ": (10, 5, 10, 5)})
    assert run(["import-counts", str(path), "--store", str(store)]) == 1
    assert "organisation(s) RQQ are not in the registry" in capsys.readouterr().err
    with Store(store, read_only=True) as st:
        assert st.con.execute("SELECT count(*) FROM published_counts").fetchone() == (0,)


def test_import_counts_refuses_a_bad_file_with_its_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = appointment_counts(tmp_path / "counts.csv", {"R000": (10, 5, 10, 5)})
    frame = pd.read_csv(path, dtype=str)
    frame.loc[2, "value"] = "-3"
    frame.to_csv(path, index=False)
    assert run(["import-counts", str(path), "--store", str(tmp_path / "s.duckdb")]) == 2
    assert "row 4, column 'value': not a non-negative count" in capsys.readouterr().err


def test_a_folder_or_missing_file_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["orgs", "import", str(tmp_path), "--store", str(tmp_path / "s.duckdb")]) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert run(["orgs", "import", str(tmp_path / "none.csv"), "--store", str(tmp_path / "s.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "none.csv: file not found" in err
    assert len(err.strip().splitlines()) == 1


def test_import_counts_reads_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "s.duckdb"
    assert run(["orgs", "import", str(registry_file(tmp_path / "orgs.csv", 30)), "--store", str(store)]) == 0
    csv_path = appointment_counts(tmp_path / "c.csv", {f"R{i:03d}": (100, 20, 80, 10) for i in range(30)}, 2025)
    parquet = tmp_path / "c.parquet"
    pd.read_csv(csv_path, dtype=str).to_parquet(parquet)
    assert run(["import-counts", str(parquet), "--store", str(store)]) == 0
    with Store(store, read_only=True) as st:
        got = st.con.execute("SELECT count(DISTINCT org_code), sum(value) FROM published_counts").fetchone()
    assert got == (30, 30 * (100 + 20 + 80 + 10))
