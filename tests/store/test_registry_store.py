"""Store schema 4 (issue 18): a version-3 store gains organisations.ics and .peer_group and the published_counts
table, its organisations kept."""

from __future__ import annotations

from pathlib import Path

from wres.store import SCHEMA_VERSION, Store
from wres.store.registry import list_organisations


def test_a_version_3_store_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as st:
        st.con.execute("ALTER TABLE organisations DROP COLUMN ics")
        st.con.execute("ALTER TABLE organisations DROP COLUMN peer_group")
        st.con.execute("DROP TABLE published_counts")
        st.con.execute("UPDATE wres_meta SET value = '3' WHERE key = 'schema_version'")
        st.con.execute("INSERT INTO organisations (org_code, org_name, region) VALUES ('RXX', 'Example', 'London')")
    with Store(path, read_only=True, migrate=True) as st:
        assert st.schema_version() == SCHEMA_VERSION == 4
        frame = list_organisations(st)
        assert st.con.execute("SELECT count(*) FROM published_counts").fetchone() == (0,)
    assert frame.to_dict(orient="records") == [
        {
            "org_code": "RXX",
            "org_name": "Example",
            "trust_type": None,
            "region": "London",
            "ics": None,
            "peer_group": None,
        }
    ]
