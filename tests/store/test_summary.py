"""``wres summary`` counts the same staff as the indicators."""

from __future__ import annotations

from pathlib import Path

from wres.config import WresConfig
from wres.indicators import from_store
from wres.indicators.people import snapshots
from wres.store import Store
from wres.store.summary import headcount_by_year
from wres.synth import SynthConfig, generate, write_canonical


def test_summary_headcount_uses_the_indicator_scope(tmp_path: Path) -> None:
    data = generate(SynthConfig(profile="london", n_orgs=1, size=400, seed=3, first_year=2025, last_year=2026))
    folder = write_canonical(data, tmp_path / "canonical", fmt="parquet")
    with Store(tmp_path / "s.duckdb") as st:
        st.load_folder(folder)
        # some honorary contracts (out of scope by default), so the rule is exercised
        st.con.execute(
            "UPDATE staff SET contract = 'honorary' WHERE NOT bank_only AND person_id IN "
            "(SELECT person_id FROM staff ORDER BY person_id LIMIT 25)"
        )
        summary = headcount_by_year(st.con)
        staff = snapshots(from_store(st).table("staff"), [2025, 2026], WresConfig())
        scoped = staff.group_by("year").aggregate(n=staff.count()).to_pandas()
    assert dict(zip(summary["year"], summary["headcount"], strict=True)) == dict(
        zip(scoped["year"], scoped["n"], strict=True)
    )
