"""Monthly staff extracts through the real import path (issue 16): one raw ESR file per month end, imported in one
``wres import`` with the rest of the trust's extracts, give the store a staff-in-post snapshot at every month end,
and the monthly staff-in-post counts the SPC series read (:func:`wres.indicators.periodic.periodic_counts`) equal
those of the same trust loaded from its canonical tables (the generator's own truth, no import involved)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from wres.cli.main import run
from wres.config import DEFAULT_CONFIG
from wres.indicators.periodic import periodic_counts
from wres.indicators.source import from_store
from wres.store import Store
from wres.synth import SynthConfig, generate, write_canonical, write_raw


def _staff_counts(path: Path) -> pd.DataFrame:
    with Store(path, read_only=True) as st:
        src = from_store(st)
        org = str(src.organisations()["org_code"].iloc[0])
        staff = periodic_counts(src, DEFAULT_CONFIG, "month", [org]).staff
    keys = [c for c in staff.columns if not pd.api.types.is_numeric_dtype(staff[c]) or c == "snapshot_date"]
    return staff.sort_values(keys).reset_index(drop=True)


def test_monthly_raw_extracts_import_as_monthly_snapshots(tmp_path: Path) -> None:
    data = generate(SynthConfig(n_orgs=1, size=400, first_year=2025, last_year=2026, seed=5, monthly=True))
    raw = write_raw(data, tmp_path / "raw")
    files = sorted(str(p) for p in raw.glob("*.csv"))
    store = tmp_path / "imported.duckdb"
    assert run(["import", *files, "--store", str(store), "--key-file", str(tmp_path / "k.key")]) == 0

    month_ends = list(pd.date_range("2025-03-31", "2026-03-31", freq="ME"))
    with Store(store, read_only=True) as st:
        dates = st.con.execute("select distinct snapshot_date from staff order by 1").fetchdf()["snapshot_date"]
    assert [pd.Timestamp(d) for d in dates] == month_ends

    canonical = tmp_path / "canonical.duckdb"
    with Store(canonical) as st:
        st.load_folder(write_canonical(data, tmp_path / "canonical"))
    imported, truth = _staff_counts(store), _staff_counts(canonical)
    assert len(truth) > 13  # every month end, several ethnic categories each
    pd.testing.assert_frame_equal(imported, truth, check_dtype=False)
