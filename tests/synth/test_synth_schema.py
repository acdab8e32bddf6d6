"""Schema conformance of the generated tables, consistency across tables, and determinism."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from wres.data.canonical import FolderValidator
from wres.data.schema import TABLES, ColumnType
from wres.synth import TABLE_NAMES, SynthConfig, SynthData, generate, write_canonical

ETHNIC_CODES = set("ABCDEFGHJKLMNPRST") | {"ROMA", "ARAB", "BME", "Z", "99"}
BAND_CODES = {"U1", "1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "VSM"} | {
    "MD_CONS",
    "MD_NCCG",
    "MD_TRAIN",
    "MD_OTHER",
    "OTHER_PAY",
}
STAFF_GROUPS = {
    "Add Prof Scientific and Technic",
    "Additional Clinical Services",
    "Administrative and Clerical",
    "Allied Health Professionals",
    "Estates and Ancillary",
    "Healthcare Scientists",
    "Medical and Dental",
    "Nursing and Midwifery Registered",
    "Students",
}


def check_dtype(series: pd.Series, kind: ColumnType, nullable: bool) -> None:
    if kind is ColumnType.STRING:
        assert pd.api.types.is_string_dtype(series.dtype)
        assert series.dtype != object
    elif kind is ColumnType.DATE:
        assert pd.api.types.is_datetime64_dtype(series.dtype)
    elif kind is ColumnType.BOOLEAN:
        assert series.dtype == ("boolean" if nullable else bool)
    elif kind is ColumnType.INTEGER:
        assert series.dtype == "int64"
    else:
        assert series.dtype == "float64"


def test_every_canonical_table_is_generated() -> None:
    assert tuple(TABLES) == TABLE_NAMES


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_tables_follow_the_schema(national: SynthData, name: str) -> None:
    df = national.tables()[name]
    table = TABLES[name]
    assert tuple(df.columns) == table.column_names
    assert len(df) > 0
    for col in table.columns:
        check_dtype(df[col.name], col.type, col.nullable)
        if not col.nullable:
            assert df[col.name].notna().all(), col.name
        values = set(df[col.name].dropna().unique()) if col.type is ColumnType.STRING else set()
        if col.values:
            assert values <= set(col.values), col.name
        if col.check is not None and col.check.value == "ethnic_code":
            assert values <= ETHNIC_CODES
        if col.check is not None and col.check.value == "band_code":
            assert values <= BAND_CODES
        if col.check is not None and col.check.value == "staff_group":
            assert values <= STAFF_GROUPS
    assert not df.duplicated(list(table.key)).any()


def test_ids_are_consistent_across_tables(national: SynthData) -> None:
    staff_ids = set(national.staff["person_id"])
    assert set(national.disciplinary["person_id"]) <= staff_ids
    assert set(national.training["person_id"]) <= staff_ids
    orgs = set(national.organisations["org_code"])
    for name, df in national.tables().items():
        if name != "organisations":
            assert set(df["org_code"]) <= orgs, name
    keys = ["org_code", "survey_year", "respondent_id"]
    answered = national.survey_answers[keys].drop_duplicates()
    assert len(answered.merge(national.survey_respondents[keys])) == len(answered)
    assert national.staff["person_id"].str.fullmatch(r"P\d{8}").all()


def test_events_fall_in_the_activity_years(national: SynthData) -> None:
    cfg = national.config
    lo, hi = pd.Timestamp(cfg.first_year - 1, 4, 1), pd.Timestamp(cfg.last_year, 3, 31)
    for df, col in (
        (national.disciplinary, "investigation_start"),
        (national.training, "start_date"),
        (national.recruitment, "shortlisting_date"),
    ):
        dates = df[col].dropna()
        assert dates.between(lo, hi).all(), col
    snapshots = set(national.staff["snapshot_date"])
    assert snapshots == {pd.Timestamp(y, 3, 31) for y in cfg.years}
    assert set(national.board["snapshot_date"]) == snapshots


def test_events_happen_while_employed(single: SynthData) -> None:
    staff = single.staff
    span = staff.groupby("person_id")["snapshot_date"].agg(["min", "max"])
    for df, col in ((single.disciplinary, "investigation_start"), (single.training, "start_date")):
        joined = df.join(span, on="person_id")
        # Not before the year before the first snapshot they appear in, nor after the year after the last one.
        assert (joined[col] > joined["min"] - pd.Timedelta(days=366)).all()
        assert (joined[col] < joined["max"] + pd.Timedelta(days=366)).all()


def test_generated_folder_passes_validation(tiny: SynthData, tmp_path: Path) -> None:
    folder = write_canonical(tiny, tmp_path / "canonical", fmt="csv")
    counts = FolderValidator(duckdb.connect(), folder).validate()
    assert counts == {name: len(df) for name, df in tiny.tables().items()}
    folder = write_canonical(tiny, tmp_path / "parquet", fmt="parquet")
    assert FolderValidator(duckdb.connect(), folder).validate() == counts


def test_same_seed_same_data() -> None:
    config = SynthConfig(n_orgs=3, size=800, first_year=2024, last_year=2025, seed=9)
    a, b = generate(config), generate(config)
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(a.tables()[name], b.tables()[name], check_exact=True)


def test_other_seed_other_data() -> None:
    a = generate(SynthConfig(n_orgs=1, size=800, first_year=2025, last_year=2025, seed=1))
    b = generate(SynthConfig(n_orgs=1, size=800, first_year=2025, last_year=2025, seed=2))
    assert not a.staff["ethnic_category"].equals(b.staff["ethnic_category"])
    assert not a.recruitment.equals(b.recruitment)
