"""write_canonical round trips, and write_raw extracts that an importer can turn back into the canonical tables."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from wres.data.schema import TABLES, ColumnType
from wres.synth import TABLE_NAMES, SynthData, write_canonical, write_raw
from wres.synth.raw import (
    BOARD_COLUMNS,
    ER_COLUMNS,
    ESR_COLUMNS,
    LEARNING_COLUMNS,
    ORGANISATION_COLUMNS,
    RECRUITMENT_COLUMNS,
    SURVEY_COLUMNS,
)
from wres.vocab.bands import parse_band
from wres.vocab.ethnicity import parse_ethnicity


def as_text(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Every value as its canonical CSV text ("" for missing), in schema column order."""
    out = {}
    for col in TABLES[name].columns:
        s = df[col.name]
        if col.type is ColumnType.DATE:
            text = pd.to_datetime(s).dt.strftime("%Y-%m-%d")
        elif col.type is ColumnType.BOOLEAN:
            text = s.map(lambda v: "" if pd.isna(v) else str(bool(v)).lower(), na_action=None)
        elif col.type is ColumnType.FLOAT:
            text = s.map(lambda v: "" if pd.isna(v) else repr(round(float(v), 9)))
        else:
            text = s.astype(object).map(lambda v: "" if pd.isna(v) else str(v))
        out[col.name] = text.astype(object).where(s.notna(), "").to_numpy()
    return pd.DataFrame(out)


def read_canonical(path: Path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    return pq.read_table(path).to_pandas(date_as_object=False)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_write_canonical_round_trip(tiny: SynthData, tmp_path: Path, fmt: str) -> None:
    folder = write_canonical(tiny, tmp_path / fmt, fmt=fmt)  # type: ignore[arg-type]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == 1
    assert manifest["generator"] == "wres.synth"
    assert manifest["seed"] == tiny.config.seed
    assert manifest["profile"] == tiny.config.profile
    assert manifest["years"] == [tiny.config.first_year, tiny.config.last_year]
    for name in TABLE_NAMES:
        path = folder / f"{name}.{fmt}"
        assert manifest["tables"][name] == {"file": path.name, "rows": len(tiny.tables()[name])}
        back = read_canonical(path)
        assert list(back.columns) == list(TABLES[name].column_names)
        expected = as_text(tiny.tables()[name], name)
        got = back.astype(object).where(back.notna(), "") if fmt == "csv" else as_text(back, name)
        if fmt == "csv":
            for col in TABLES[name].columns:
                if col.type is ColumnType.FLOAT:
                    got[col.name] = got[col.name].map(lambda v: "" if v == "" else repr(round(float(v), 9)))
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected, check_dtype=False)


def test_canonical_csv_text_conventions(tiny: SynthData, tmp_path: Path) -> None:
    folder = write_canonical(tiny, tmp_path / "csv", fmt="csv")
    lines = (folder / "staff.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].replace('"', "").split(",") == list(TABLES["staff"].column_names)
    first = lines[1]
    assert f",{tiny.config.first_year}-03-31," in first
    bank_only = list(TABLES["staff"].column_names).index("bank_only")
    assert first.split(",")[bank_only] in ("false", "true")
    assert ",," in first  # clinical is empty (missing)


# ----------------------------------------------------------------------------------------------------------
# Raw extracts


def read_raw(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_write_raw_files_and_headers(tiny: SynthData, tmp_path: Path) -> None:
    folder = write_raw(tiny, tmp_path / "raw")
    years = tiny.config.years
    expected = {
        "organisations.csv": ORGANISATION_COLUMNS,
        "recruitment_applications.csv": RECRUITMENT_COLUMNS,
        "er_case_log.csv": ER_COLUMNS,
        "learning_records.csv": LEARNING_COLUMNS,
        "board_register.csv": BOARD_COLUMNS,
        **{f"esr_staff_{y}-03-31.csv": ESR_COLUMNS for y in years},
        **{f"staff_survey_{y - 1}.csv": SURVEY_COLUMNS for y in years},
    }
    assert {p.name for p in folder.iterdir()} == {*expected, "README.txt"}
    for name, header in expected.items():
        assert tuple(read_raw(folder / name).columns) == header, name
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    for name in ("esr_staff_YYYY-03-31.csv", "recruitment_applications.csv", "board_register.csv"):
        assert name in readme

    staff = tiny.staff
    for y in years:
        esr = read_raw(folder / f"esr_staff_{y}-03-31.csv")
        persons = staff[staff["snapshot_date"].dt.year == y]
        assert len(esr) > len(persons)  # second assignments
        assert esr["Employee Number"].nunique() == len(persons)
        assert (esr.groupby("Employee Number")["Primary Assignment"].agg(lambda s: (s == "Yes").sum()) == 1).all()
        assert esr["NI Number"].str.fullmatch(r"QQ\d{6}[A-D]").all()
        assert esr["Date of Birth"].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
        assert {"Permanent", "Bank"} <= set(esr["Assignment Category"])
        assert (esr["Ethnic Origin"] == "").any()
        assert esr["Pay Band"].str.contains("Range|AfC|Agenda").any() or esr["Pay Band"].nunique() > 5


def parse_ethnic(values: pd.Series) -> pd.Series:
    codes = {v: parse_ethnicity(v).canonical_code for v in values.unique()}
    return values.map(codes)


def parse_bands(values: pd.Series, groups: pd.Series) -> pd.Series:
    pairs = pd.Series(list(zip(values, groups, strict=True)), index=values.index)
    codes = {p: parse_band(p[0] or None, p[1] or None).code for p in pairs.unique()}
    return pairs.map(codes).where(values != "", "")


def person_id(employee_numbers: pd.Series) -> pd.Series:
    return "P" + (employee_numbers.astype(np.int64) - 10_000_000).astype(str).str.zfill(8)


def iso(dates: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(dates.where(dates != ""), format="%d/%m/%Y")
    return parsed.dt.strftime("%Y-%m-%d").fillna("")


def number(values: pd.Series) -> pd.Series:
    """Number text (``18.73``, ``37.5``, ``1``) as the canonical CSV text of the float (``as_text``)."""
    return values.map(lambda t: "" if t == "" else repr(round(float(t), 9)))


def yes(values: pd.Series) -> pd.Series:
    return values.map({"Yes": "true", "No": "false", "": ""})


def compare(imported: dict[str, pd.Series], data: SynthData, name: str, key: list[str]) -> None:
    got = pd.DataFrame(imported).astype(object).sort_values(key).reset_index(drop=True)
    expected = as_text(data.tables()[name], name).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got[expected.columns], expected, check_dtype=False)


def test_raw_extracts_reproduce_the_canonical_tables(tiny: SynthData, tmp_path: Path) -> None:
    folder = write_raw(tiny, tmp_path / "raw")

    parts = []
    for path in sorted(folder.glob("esr_staff_*.csv")):
        esr = read_raw(path)
        all_bank = (esr["Assignment Category"] == "Bank").groupby(esr["Employee Number"]).transform("all")
        esr = esr.assign(all_bank=all_bank)[esr["Primary Assignment"] == "Yes"]
        band_text = esr["Pay Band"].where(esr["Pay Band"] != "", esr["Grade"])
        contract = {"Permanent": "substantive", "Fixed Term Temp": "fixed_term", "Bank": "bank", "Honorary": "honorary"}
        parts.append(
            pd.DataFrame(
                {
                    "org_code": esr["Organisation Code"],
                    "snapshot_date": path.stem.removeprefix("esr_staff_"),
                    "person_id": person_id(esr["Employee Number"]),
                    "ethnic_category": parse_ethnic(esr["Ethnic Origin"]),
                    "band": parse_bands(band_text, esr["Staff Group"]),
                    "staff_group": esr["Staff Group"],
                    "clinical": "",
                    "occupation_code": esr["Occupation Code"],
                    "directorate": esr["Directorate"],
                    "site": esr["Location"],
                    "gender": esr["Gender"],
                    "contract": esr["Assignment Category"].map(contract),
                    "bank_only": esr["all_bank"].map({True: "true", False: "false"}),
                    "hourly_pay": number(esr["Hourly Rate"]),
                    "hours": number(esr["Contracted Hours"]),
                    "fte": number(esr["FTE"]),
                }
            )
        )
    staff = pd.concat(parts)
    compare({c: staff[c] for c in staff.columns}, tiny, "staff", ["snapshot_date", "person_id"])

    rec = read_raw(folder / "recruitment_applications.csv")
    compare(
        {
            "org_code": rec["Organisation Code"],
            "application_id": rec["Application ID"],
            "vacancy_id": rec["Vacancy Reference"],
            "applicant_id": rec["Candidate ID"],
            "ethnic_category": parse_ethnic(rec["Ethnic Group"]),
            "application_date": iso(rec["Application Date"]),
            "shortlisted": yes(rec["Shortlisted"]),
            "shortlisting_date": iso(rec["Shortlisting Date"]),
            "appointed": (rec["Outcome"] == "Appointed").map({True: "true", False: "false"}),
            "vacancy_band": parse_bands(rec["Job Band"], rec["Job Staff Group"]),
            "vacancy_staff_group": rec["Job Staff Group"],
            "internal": yes(rec["Internal Applicant"]),
            "international": yes(rec["Overseas Applicant"]),
            "bank_post": yes(rec["Bank Post"]),
        },
        tiny,
        "recruitment",
        ["application_id"],
    )

    er = read_raw(folder / "er_case_log.csv")
    assert {"Grievance", "Capability", "Bullying and harassment"} <= set(er["Case Type"])
    er = er[(er["Case Type"] == "Disciplinary") & (er["Stage"] == "Formal investigation")]
    compare(
        {
            "org_code": er["Organisation Code"],
            "case_id": er["Case Reference"],
            "person_id": person_id(er["Employee Number"]),
            "investigation_start": iso(er["Investigation Start Date"]),
            "outcome": er["Outcome"],
        },
        tiny,
        "disciplinary",
        ["case_id"],
    )

    learning = read_raw(folder / "learning_records.csv")
    compare(
        {
            "org_code": learning["Organisation Code"],
            "record_id": learning["Enrolment ID"],
            "person_id": person_id(learning["Employee Number"]),
            "course": learning["Course Title"],
            "start_date": iso(learning["Start Date"]),
            "mandatory": (learning["Competence Type"] == "Statutory/Mandatory").map({True: "true", False: "false"}),
        },
        tiny,
        "training",
        ["record_id"],
    )

    surveys = pd.concat([read_raw(p) for p in sorted(folder.glob("staff_survey_*.csv"))])
    compare(
        {
            "org_code": surveys["Organisation Code"],
            "survey_year": surveys["Survey Year"],
            "respondent_id": surveys["Respondent ID"],
            "ethnic_category": parse_ethnic(surveys["Ethnic Background"]),
            "staff_group": surveys["Staff Group"],
            "band": parse_bands(surveys["Band"], surveys["Staff Group"]),
            "weight": pd.Series("", index=surveys.index),
        },
        tiny,
        "survey_respondents",
        ["survey_year", "respondent_id"],
    )
    answers = surveys.melt(
        id_vars=["Organisation Code", "Survey Year", "Respondent ID"],
        value_vars=["Q14a", "Q14b", "Q14c", "Q15", "Q16b"],
        var_name="item",
        value_name="response",
    )
    answers = answers[answers["response"] != ""]
    compare(
        {
            "org_code": answers["Organisation Code"],
            "survey_year": answers["Survey Year"],
            "respondent_id": answers["Respondent ID"],
            "item": answers["item"],
            "response": answers["response"],
        },
        tiny,
        "survey_answers",
        ["survey_year", "respondent_id", "item"],
    )

    board = read_raw(folder / "board_register.csv")
    compare(
        {
            "org_code": board["Organisation Code"],
            "snapshot_date": iso(board["As At"]),
            "member_id": board["Member Ref"],
            "ethnic_category": parse_ethnic(board["Ethnicity"]),
            "voting": yes(board["Voting"]),
            "executive": yes(board["Executive"]),
            "role": board["Role"],
        },
        tiny,
        "board",
        ["snapshot_date", "org_code", "member_id"],
    )

    orgs = read_raw(folder / "organisations.csv")
    compare(
        {
            "org_code": orgs["Org Code"],
            "org_name": orgs["Organisation Name"],
            "region": orgs["Region"],
            "trust_type": orgs["Trust Type"],
        },
        tiny,
        "organisations",
        ["org_code"],
    )


def test_write_raw_is_deterministic(tiny: SynthData, tmp_path: Path) -> None:
    a = write_raw(tiny, tmp_path / "a")
    b = write_raw(tiny, tmp_path / "b")
    for path in sorted(a.iterdir()):
        assert path.read_bytes() == (b / path.name).read_bytes(), path.name
