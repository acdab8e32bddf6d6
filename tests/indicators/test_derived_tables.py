"""The store's derived tables (:mod:`wres.store.derived`, ADR 23) change no result: every indicator computed with
them equals the same computed from the canonical tables alone (``from_store(..., derived=False)``, the expressions
Spark and ``--tables-from`` sources run), on a small synthetic store, overall and by each breakdown; and they are
kept current by every write: a load replacing an organisation, an import of survey and learning files, a registry
write, and not used once a write they did not see (an earlier wres's) has happened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from wres.config import DEFAULT_CONFIG, WresConfig, config_from_mapping
from wres.indicators import compute, from_store
from wres.store import Store, derived
from wres.store.imports import FileImport, commit_import

YEARS = [2025, 2026]


@pytest.fixture(scope="module")
def synth_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from wres.synth import SynthConfig, generate, write_canonical

    data = generate(SynthConfig(profile="london", n_orgs=3, size=900, seed=23))
    return write_canonical(data, tmp_path_factory.mktemp("derived") / "canonical", fmt="parquet")


@pytest.fixture
def store(synth_folder: Path, tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "s.duckdb") as st:
        st.load_folder(synth_folder)
        yield st


def _sorted(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts in key order (the order of a query's rows is the engine's, with or without derived tables)."""
    keys = [c for c in counts.columns if c != "value"]
    return counts.sort_values(keys).reset_index(drop=True)


def assert_same_results(
    st: Store,
    by: str | None = None,
    config: WresConfig = DEFAULT_CONFIG,
    expected: tuple[str, ...] = derived.DERIVED_TABLES,
) -> pd.DataFrame:
    with_derived = from_store(st)
    assert set(with_derived.derived) == set(expected)
    fast = compute(with_derived, YEARS, by=by, config=config)
    slow = compute(from_store(st, derived=False), YEARS, by=by, config=config)
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    pd.testing.assert_frame_equal(_sorted(fast.counts), _sorted(slow.counts))
    return fast.frame


def _derived_rows(st: Store) -> dict[str, pd.DataFrame]:
    out = {}
    for name in sorted(derived.current(st.con)):
        frame = st.con.execute(f"SELECT * FROM {name}").df()
        frame = frame[sorted(frame.columns)]
        out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


def assert_derived_as_rebuilt(st: Store) -> None:
    """The derived tables as kept up to date hold exactly the rows of a whole rebuild."""
    kept = _derived_rows(st)
    with st.transaction():
        st.con.execute("UPDATE wres_meta SET value = '-1' WHERE key = ?", [derived.STAMP])  # stale: rebuilt whole
        latest = st.con.execute("SELECT max(load_id) FROM load_ledger").fetchall()[0][0]
        derived.refresh(st.con, int(latest), {"survey_answers": ["x"], "training": ["x"]})
    rebuilt = _derived_rows(st)
    for name in kept:
        pd.testing.assert_frame_equal(kept[name], rebuilt[name], check_dtype=False)


@pytest.mark.parametrize("by", [None, "band", "staff_group", "ethnicity9"])
def test_results_with_derived_tables_equal_without(store: Store, by: str | None) -> None:
    frame = assert_same_results(store, by)
    survey = frame[frame["indicator"].isin(["4", "5", "6", "7", "8"]) & frame["headline"].astype(bool)]
    assert (survey["status"] != "not_computed").any()


@pytest.mark.parametrize(
    "settings",
    [{"indicator4": {"include_leavers": True}}, {"survey": {"i7_dont_know_in_base": False}}],
)
def test_configured_variants_equal_without(store: Store, settings: dict[str, dict[str, bool]]) -> None:
    assert_same_results(store, None, config_from_mapping(settings))


def test_one_row_per_respondent_who_answered(store: Store) -> None:
    rows = store.con.execute(f"SELECT count(*) FROM {derived.SURVEY_RESPONSES}").fetchall()[0][0]
    answered = store.con.execute(
        "SELECT count(*) FROM survey_respondents r WHERE EXISTS (SELECT 1 FROM survey_answers a WHERE "
        "a.org_code = r.org_code AND a.survey_year = r.survey_year AND a.respondent_id = r.respondent_id)"
    ).fetchall()[0][0]
    assert rows == answered > 0
    items = [r[0] for r in store.con.execute("SELECT DISTINCT item FROM survey_answers").fetchall()]
    columns = {r[0] for r in store.con.execute(f"DESCRIBE {derived.SURVEY_RESPONSES}").fetchall()}
    assert {derived.item_column(i) for i in items} <= columns


def test_item_columns_differ_where_items_do() -> None:
    names = [derived.item_column(i) for i in ("Q14a", "q14a", "Q14 a", "Q14-a", "Q14á")]
    assert len({n.casefold() for n in names}) == len(names)


def test_reloading_one_organisation_keeps_them_current(store: Store, synth_folder: Path, tmp_path: Path) -> None:
    org = store.organisations()[0]
    folder = tmp_path / "one"
    folder.mkdir()
    for name in ("organisations", "staff", "survey_respondents", "survey_answers", "training"):
        frame = pd.read_parquet(synth_folder / f"{name}.parquet")
        frame = frame[frame["org_code"] == org]
        if name == "survey_answers":  # some answers fewer, one item renamed: a new column
            frame = frame.iloc[::2].copy()
            frame.loc[frame["item"] == "Q15", "item"] = "Q15x"
        if name == "training":
            frame = frame.iloc[::3]
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    store.load_folder(folder)
    assert derived.item_column("Q15x") in {
        r[0] for r in store.con.execute(f"DESCRIBE {derived.SURVEY_RESPONSES}").fetchall()
    }
    assert_same_results(store)
    assert_derived_as_rebuilt(store)


def test_an_import_keeps_them_current(store: Store) -> None:
    org = store.organisations()[1]
    tables = {}
    for name in ("survey_respondents", "survey_answers", "training", "staff"):
        frame = store.con.execute(f"SELECT * EXCLUDE (_import_id) FROM {name} WHERE org_code = ?", [org]).df()
        tables[name] = frame
    latest = tables["staff"]["snapshot_date"].max()
    tables["staff"] = tables["staff"][tables["staff"]["snapshot_date"] == latest].iloc[1::2]  # half the staff left
    year = int(tables["survey_respondents"]["survey_year"].max())
    respondents, answers = tables["survey_respondents"], tables["survey_answers"]
    tables["survey_respondents"] = respondents[respondents["survey_year"] == year].iloc[::2]
    tables["survey_answers"] = answers[answers["survey_year"] == year].copy()
    tables["survey_answers"].loc[tables["survey_answers"]["response"] == "Never", "response"] = "1-2"
    tables["training"] = tables["training"].iloc[::4].assign(mandatory=False)
    for name, frame in tables.items():
        commit_import(store, [FileImport(sha256=f"test-{name}", file_name=f"{name}.csv", tables={name: frame})])
    assert_same_results(store)
    assert_derived_as_rebuilt(store)


def test_a_registry_write_keeps_them_current(store: Store) -> None:
    from wres.store.registry import REGISTRY_COLUMNS, upsert_organisations

    frame = pd.DataFrame([dict.fromkeys(REGISTRY_COLUMNS) | {"org_code": store.organisations()[0]}])
    upsert_organisations(store, frame, file_name="orgs.csv", sha256="r")
    assert derived.current(store.con) == set(derived.DERIVED_TABLES)


def test_a_write_they_did_not_see_stops_their_use(store: Store) -> None:
    """An earlier wres writes a ledger entry but not the stamp: the canonical tables are read again."""
    store.con.execute(
        "INSERT INTO load_ledger SELECT max(load_id) + 1, 'earlier wres', now()::TIMESTAMP, 'x', '[]', '{}', '{}' "
        "FROM load_ledger"
    )
    src = from_store(store)
    assert src.derived == {}
    before = compute(src, YEARS)
    # the next write of this wres rebuilds whole the ones whose tables it writes, and drops the others
    org = store.organisations()[0]
    frame = store.con.execute("SELECT * EXCLUDE (_import_id) FROM training WHERE org_code = ?", [org]).df()
    commit_import(store, [FileImport(sha256="t", file_name="t.csv", tables={"training": frame.iloc[::2]})])
    assert derived.current(store.con) == {derived.TRAINING_PEOPLE, derived.TRAINING_IN_POST}
    assert_same_results(store, expected=(derived.TRAINING_PEOPLE, derived.TRAINING_IN_POST))
    assert_derived_as_rebuilt(store)
    assert len(before.frame) > 0


def test_one_organisation_equal_without(store: Store) -> None:
    """``compute(..., orgs=...)`` filters the derived tables as it filters the canonical ones."""
    org = store.organisations()[2]
    fast = compute(from_store(store), YEARS, orgs=[org])
    slow = compute(from_store(store, derived=False), YEARS, orgs=[org])
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    pd.testing.assert_frame_equal(_sorted(fast.counts), _sorted(slow.counts))
    assert set(fast.frame["org_code"]) == {org}


def test_out_of_date_then_staff_only(store: Store) -> None:
    """Out of date, then a staff import: the in-post rows are rebuilt whole from the learning records themselves,
    the survey and learning person-years (tables not written) dropped."""
    store.con.execute(
        "INSERT INTO load_ledger SELECT max(load_id) + 1, 'earlier wres', now()::TIMESTAMP, 'x', '[]', '{}', '{}' "
        "FROM load_ledger"
    )
    org = store.organisations()[1]
    staff = store.con.execute("SELECT * EXCLUDE (_import_id) FROM staff WHERE org_code = ?", [org]).df()
    staff = staff[staff["snapshot_date"] == staff["snapshot_date"].max()].iloc[::3]
    commit_import(store, [FileImport(sha256="s", file_name="s.csv", tables={"staff": staff})])
    assert derived.current(store.con) == {derived.TRAINING_IN_POST}
    assert_same_results(store, expected=(derived.TRAINING_IN_POST,))
    assert_derived_as_rebuilt(store)
