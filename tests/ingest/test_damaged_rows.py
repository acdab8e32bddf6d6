"""Rows that lost or gained cells, damaged filter columns and conflicting duplicates (issue 13, "never doubles, never
silently loses").

A CSV row with fewer cells than the header (a deleted cell shifted its values left) or more (an unquoted comma
split a value, shifting them right) is rejected whole, naming the file, row and cell counts, never padded or cut;
its values are never shown. The expected rejects below are read off the hand-written files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wres.errors import DataError
from wres.ingest.importer import Given, import_files
from wres.ingest.profiles import Profile, builtin_profiles
from wres.ingest.pseudonym import Pseudonymiser
from wres.ingest.readers import read_raw
from wres.ingest.transform import ROW_NOT_LOADED, apply_profile
from wres.store import Store

PSEUDO = Pseudonymiser(bytes(32))
ESR_HEADER = (
    "Employee Number,Assignment Number,Organisation Code,Ethnic Origin,Staff Group,Pay Band,"
    "Assignment Category,Primary Assignment,Full Name"
)
NURSE = "Nursing and Midwifery Registered"
ORG = Given(org_code="SY001")


def esr_row(n: int, name: str = "Ann Example") -> str:
    return f"{1000 + n},{1000 + n}-1,SY001,A White - British,{NURSE},Band 5,Permanent,Yes,{name}"


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return builtin_profiles()


def test_csv_rows_with_too_few_or_too_many_cells_are_set_aside_not_padded(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    #                  row 1     2        3 (short)  4 (long)    5 (short by an empty cell)  6
    path.write_bytes(b"A,B,C\n1,2,3\n4,5\n6,7,8,9\n10,11\n12,13,14\n")
    table = read_raw(path)
    assert table.frame.to_numpy().tolist() == [["1", "2", "3"], ["12", "13", "14"]]
    assert list(table.source_rows) == [2, 6]
    assert table.damaged == ((3, 2), (4, 4), (5, 2))
    assert table.header_cells == 3


def test_a_trailing_delimiter_on_every_line_is_not_damage(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_bytes(b"A,B,\n1,2,\n3,4,\n")
    table = read_raw(path)
    assert table.frame.to_numpy().tolist() == [["1", "2"], ["3", "4"]]
    assert table.damaged == ()


def test_an_unquoted_comma_before_an_empty_last_cell_is_damage(tmp_path: Path) -> None:
    """``Smith, Ann`` unquoted in the first column of a row whose last cell is empty: one cell more than the header,
    the extra one empty; cutting it would load every value one column to the right."""
    path = tmp_path / "extract.csv"
    path.write_bytes(b"Name,Band,Note\nSmith, Ann,5,\nJones,6,x\n")
    table = read_raw(path)
    assert table.frame.to_numpy().tolist() == [["Jones", "6", "x"]]
    assert table.damaged == ((2, 4),)


def test_short_xlsx_rows_are_still_padded(tmp_path: Path) -> None:
    """A workbook row ends at its last value (trailing empty cells are not stored): not damage."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["A", "B", "C"], ["1", "2", "3"], ["4", None, None]):
        sheet.append(row)
    path = tmp_path / "extract.xlsx"
    book.save(path)
    table = read_raw(path)
    assert table.frame.to_numpy().tolist() == [["1", "2", "3"], ["4", "", ""]]
    assert table.damaged == ()


def test_a_shifted_esr_row_is_a_reject_naming_its_cells_and_showing_no_value(
    tmp_path: Path, profiles: dict[str, Profile]
) -> None:
    path = tmp_path / "esr_staff_2025-03-31.csv"
    lines = [
        ESR_HEADER,
        esr_row(1),  # row 2
        esr_row(2, name="Doe, Jane"),  # row 3: unquoted comma, 10 cells
        esr_row(3).replace(",Band 5", "", 1),  # row 4: the band cell deleted, 8 cells
        esr_row(4),  # row 5
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_raw(path)
    result = apply_profile(raw, profiles["esr_staff"], PSEUDO)
    assert result.rows_read == 4
    assert len(result.table) == 2
    rejects = result.rejects
    assert rejects["row"].tolist() == [3, 4]
    assert rejects["problem"].str.startswith("has 10 cells, the header has 9").tolist() == [True, False]
    assert rejects["problem"].str.startswith("has 8 cells, the header has 9").tolist() == [False, True]
    assert set(rejects["outcome"]) == {ROW_NOT_LOADED}
    assert rejects["value"].isna().all()
    text = rejects.to_csv() + result.set_aside.to_csv()
    for secret in ("Jane", "Doe", "1002", "1003"):
        assert secret not in text


def test_damaged_rows_count_towards_max_invalid(tmp_path: Path) -> None:
    path = tmp_path / "esr_staff_2025-03-31.csv"
    lines = [ESR_HEADER, *(esr_row(n) for n in range(1, 19)), esr_row(19).replace(",Band 5", "", 1), esr_row(20)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Store.in_memory() as store:
        report = import_files([path], store, key_path=tmp_path / "k.key", dry_run=True, given=ORG)
        (file,) = report.files
        assert (file.rows_read, file.rows_rejected, file.rows_loaded) == (20, 1, 19)
        lines[5] = esr_row(5, name="Doe, Jane")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(DataError, match=r"refused: 2 of 20 rows \(10.0%\)") as info:
            import_files([path], store, key_path=tmp_path / "k.key", dry_run=True, given=ORG)
        assert "Jane" not in str(info.value)


# ------------------------------------------------------------------------------ damaged filter columns

CASE_HEADER = "Case Reference,Organisation Code,Employee Number,Case Type,Stage,Investigation Start Date,Outcome"


def case_row(n: int, case_type: str, stage: str = "Formal investigation") -> str:
    return f"C{n},SY001,{1000 + n},{case_type},{stage},01/06/2024,Upheld"


def test_an_unknown_value_of_a_filter_column_is_a_reject_and_a_known_one_is_set_aside(
    tmp_path: Path, profiles: dict[str, Profile]
) -> None:
    """Issue 13: a case log's Case Type (or Stage) holding a value neither in scope nor a known out-of-scope type is
    damage, a reject counted towards --max-invalid; a grievance or an informal stage stays out of scope by design."""
    path = tmp_path / "er_cases.csv"
    lines = [
        CASE_HEADER,
        case_row(1, "Disciplinary"),  # row 2: loaded
        case_row(2, "Grievance"),  # row 3: out of scope by design
        case_row(3, "Disciplinary", "Informal"),  # row 4: out of scope by design
        case_row(4, "01/06/2024"),  # row 5: a date in Case Type: damaged
        case_row(5, ""),  # row 6: Case Type empty: damaged
        case_row(6, "Disciplinary", "Formal investgation"),  # row 7: Stage misspelt: damaged
        case_row(7, "bullying AND harassment"),  # row 8: a known type in another case: out of scope
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = apply_profile(read_raw(path), profiles["er_case_log"], PSEUDO)
    assert result.rows_read == 7
    assert len(result.table) == 1
    assert result.out_of_scope == 3
    assert sorted(result.set_aside["row"].tolist()) == [3, 4, 8]
    rejects = result.rejects
    assert rejects["row"].tolist() == [5, 6, 7]
    assert rejects["column"].tolist() == ["Case Type", "Case Type", "Stage"]
    assert set(rejects["outcome"]) == {ROW_NOT_LOADED}
    assert rejects["problem"].str.contains("neither in scope", regex=False).all()


def test_rows_with_damaged_filter_columns_count_towards_max_invalid(tmp_path: Path) -> None:
    path = tmp_path / "er_cases.csv"
    lines = [CASE_HEADER, *(case_row(n, "Disciplinary") for n in range(1, 19))]
    lines += [case_row(n, "Grievance") for n in range(19, 60)]  # many set aside by design: not invalid
    lines += [case_row(60, "Disciplinery"), case_row(61, "Discipinary")]  # 2 of 20 in scope or unknown
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Store.in_memory() as store, pytest.raises(DataError, match=r"refused: 2 of 20 rows \(10.0%\)"):
        import_files([path], store, key_path=tmp_path / "k.key", dry_run=True, given=ORG)


def test_out_of_scope_values_must_belong_to_a_filter_column_and_not_be_in_scope() -> None:
    import tomllib

    from wres.errors import WresError
    from wres.ingest.profiles import parse_profile

    base = (Path(__file__).parents[2] / "src/wres/ingest/builtin_profiles/er_case_log.toml").read_text("utf-8")
    data = tomllib.loads(base)
    assert parse_profile(data, "x.toml", "x").out_of_scope["Stage"] == frozenset({"informal", "informal resolution"})
    data["out_of_scope"] = {"Outcome": ["Upheld"]}
    with pytest.raises(WresError, match=r"key 'out_of_scope.Outcome': not a column of \[filter\]"):
        parse_profile(data, "x.toml", "x")
    data["out_of_scope"] = {"Case Type": ["Grievance", " DISCIPLINARY "]}
    with pytest.raises(WresError, match=r"also in \[filter\]: disciplinary"):
        parse_profile(data, "x.toml", "x")


# --------------------------------------------------------------------- one person, conflicting assignments


def test_assignments_of_one_person_disagreeing_on_ethnicity_are_a_listed_conflict_read_as_unknown(
    tmp_path: Path, profiles: dict[str, Profile]
) -> None:
    """Issue 13 (ADR 9): ethnicity belongs to the person, so two assignments of one person in one snapshot that
    disagree on it are damage. The person still counts once (wres-domain.md §4.4), as Unknown (99, as a conflicting
    value reads in §3.3), and the counted row is a reject naming the other rows; bands may differ (§4.4 chooses)."""
    path = tmp_path / "esr_staff_2025-03-31.csv"
    black = "N Black or Black British - African"
    lines = [
        ESR_HEADER,
        esr_row(1),  # row 2: person 1001, White, counted (primary)
        f"1001,1001-2,SY001,{black},{NURSE},Band 3,Bank,No,Ann Example",  # row 3: the same person, Black African
        esr_row(2),  # row 4: person 1002, White
        f"1002,1002-2,SY001,A White - British,{NURSE},Band 7,Permanent,No,Bo Example",  # row 5: another band
        esr_row(3),  # row 6
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = apply_profile(read_raw(path), profiles["esr_staff"], PSEUDO)
    table = result.table.set_index("person_id")
    assert table.loc[PSEUDO.pseudonym("1001"), "ethnic_category"] == "99"
    assert table.loc[PSEUDO.pseudonym("1002"), "ethnic_category"] == "A"
    assert table.loc[PSEUDO.pseudonym("1003"), "ethnic_category"] == "A"
    assert len(table) == 3
    rejects = result.rejects
    assert rejects["row"].tolist() == [2]
    assert rejects["column"].tolist() == ["Ethnic Origin"]
    problem = str(rejects["problem"].iloc[0])
    assert "disagree on ethnicity" in problem
    assert "row 3" in problem
    assert result.merged == 2  # rows 3 and 5 are still set aside as further assignments


def test_one_person_twice_in_a_staff_file_without_the_esr_resolver_is_rejected(tmp_path: Path) -> None:
    """A staff file of one row per person (no resolver) holding a person id twice: both rows are rejects (a
    duplicate key), whether they agree or not; neither is merged into the other (this held before issue 13)."""
    import tomllib

    from wres.ingest.importer import _validate
    from wres.ingest.profiles import parse_profile

    data = tomllib.loads(
        (Path(__file__).parents[2] / "src/wres/ingest/builtin_profiles/esr_staff.toml").read_text("utf-8")
    )
    del data["resolve"]
    data["columns"]["contract"] = {
        "source": "Assignment Category",
        "transform": "map",
        "values": {"Permanent": "substantive"},
    }
    data["columns"]["bank_only"] = {"transform": "constant", "value": False}
    profile = parse_profile(data, "people.toml", "people")
    path = tmp_path / "staff_2025-03-31.csv"
    lines = [ESR_HEADER, esr_row(1), esr_row(2), esr_row(1).replace("A White - British", "N Black or Black British")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = apply_profile(read_raw(path), profile, PSEUDO)
    tables, invalid, repeated = _validate(result, str(path))
    assert len(tables["staff"]) == 1
    assert sorted(set(invalid["row"].tolist())) == [2, 4]
    assert repeated == 2
