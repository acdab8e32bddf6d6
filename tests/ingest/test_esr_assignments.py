"""The ESR one-person-per-snapshot rule with several assignments (wres-domain.md §4.4), on hand-written rows.

§4.4: the primary assignment counts, else the highest band; but a flagged primary that is bank or honorary never
wins over a substantive or fixed-term assignment (the person counts through the substantive post, highest band if
several), and a person is bank-only only when every assignment is bank. The expected rows below are read off the
hand-written extract, not computed by the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres.ingest.profiles import Profile, builtin_profiles, detect_profile
from wres.ingest.pseudonym import Pseudonymiser
from wres.ingest.readers import read_raw
from wres.ingest.transform import MERGED, TransformResult, apply_profile

PSEUDO = Pseudonymiser(bytes(32))
HEADER = (
    "Employee Number",
    "Assignment Number",
    "Organisation Code",
    "Ethnic Origin",
    "Staff Group",
    "Pay Band",
    "Assignment Category",
    "Primary Assignment",
)
NURSE = "Nursing and Midwifery Registered"


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return builtin_profiles()


def esr(tmp_path: Path, profiles: dict[str, Profile], rows: list[tuple[str, ...]]) -> TransformResult:
    """Import hand-written ESR rows (file row 2 is the first data row)."""
    path = tmp_path / "esr_staff_2025-03-31.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    raw = read_raw(path)
    return apply_profile(raw, detect_profile(raw.columns, profiles), PSEUDO)


def person(result: TransformResult, employee: str) -> pd.Series:
    table = result.table
    rows = table[table["person_id"] == PSEUDO.pseudonym(employee)]
    assert len(rows) == 1  # one row per person per snapshot
    return rows.iloc[0]


def merged_rows(result: TransformResult) -> list[int]:
    aside = result.set_aside
    return sorted(int(r) for r in aside.loc[aside["outcome"] == MERGED, "row"])


def test_primary_flagged_bank_loses_to_a_substantive_post(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    result = esr(
        tmp_path,
        profiles,
        [
            ("1", "1-2", "SY001", "A White - British", NURSE, "Band 3", "Bank", "Yes"),  # row 2
            ("1", "1", "SY001", "A White - British", NURSE, "Band 6", "Permanent", "No"),  # row 3
        ],
    )
    row = person(result, "1")
    assert (row["band"], row["contract"], bool(row["bank_only"])) == ("6", "substantive", False)
    assert result.merged == 1
    assert merged_rows(result) == [2]  # the bank row is the one set aside, and it says which row counts
    problem = str(result.set_aside.loc[result.set_aside["row"] == 2, "problem"].iloc[0])
    assert "row 3" in problem


def test_primary_flagged_bank_loses_to_a_fixed_term_post(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    result = esr(
        tmp_path,
        profiles,
        [
            ("1", "1", "SY001", "A White - British", NURSE, "Band 7", "Bank", "Yes"),
            ("1", "1-2", "SY001", "A White - British", NURSE, "Band 4", "Fixed Term Temp", "No"),
        ],
    )
    row = person(result, "1")
    assert (row["band"], row["contract"], bool(row["bank_only"])) == ("4", "fixed_term", False)


def test_primary_flagged_honorary_loses_to_the_higher_of_two_substantive_posts(
    tmp_path: Path, profiles: dict[str, Profile]
) -> None:
    result = esr(
        tmp_path,
        profiles,
        [
            ("2", "2", "SY001", "H Asian or Asian British - Indian", NURSE, "Band 8C", "Honorary", "Yes"),  # row 2
            ("2", "2-2", "SY001", "H Asian or Asian British - Indian", NURSE, "Band 5", "Permanent", "No"),  # row 3
            ("2", "2-3", "SY001", "H Asian or Asian British - Indian", NURSE, "Band 7", "Permanent", "No"),  # row 4
        ],
    )
    row = person(result, "2")
    assert (row["band"], row["contract"], bool(row["bank_only"])) == ("7", "substantive", False)
    assert row["ethnic_category"] == "H"
    assert result.merged == 2
    assert merged_rows(result) == [2, 3]


def test_every_assignment_bank_is_bank_only(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    result = esr(
        tmp_path,
        profiles,
        [
            ("3", "3", "SY001", "N Black or Black British - African", NURSE, "Band 2", "Bank", "Yes"),
            ("3", "3-2", "SY001", "N Black or Black British - African", NURSE, "Band 5", "Bank", "No"),
        ],
    )
    row = person(result, "3")
    assert (row["band"], row["contract"], bool(row["bank_only"])) == ("2", "bank", True)  # the primary, as before


def test_bank_and_honorary_without_a_substantive_post_is_not_bank_only(
    tmp_path: Path, profiles: dict[str, Profile]
) -> None:
    result = esr(
        tmp_path,
        profiles,
        [
            ("4", "4", "SY001", "A White - British", NURSE, "Band 5", "Bank", "No"),
            ("4", "4-2", "SY001", "A White - British", NURSE, "Band 6", "Honorary", "No"),
        ],
    )
    assert bool(person(result, "4")["bank_only"]) is False  # not every assignment is bank


def test_primary_among_substantive_and_fixed_term_still_wins(tmp_path: Path, profiles: dict[str, Profile]) -> None:
    result = esr(
        tmp_path,
        profiles,
        [
            ("5", "5", "SY001", "A White - British", NURSE, "Band 8A", "Permanent", "No"),
            ("5", "5-2", "SY001", "A White - British", NURSE, "Band 4", "Fixed Term Temp", "Yes"),
            ("5", "5-3", "SY001", "A White - British", NURSE, "Band 9", "Bank", "No"),
        ],
    )
    row = person(result, "5")
    assert (row["band"], row["contract"], bool(row["bank_only"])) == ("4", "fixed_term", False)


def test_one_assignment_twice_with_different_bands_is_a_conflict_not_a_merge(
    tmp_path: Path, profiles: dict[str, Profile]
) -> None:
    """Issue 13: the same assignment written twice in one snapshot with bands 5 and 7 is one post, not two; the
    §4.4 rule would silently count band 7. The first row is read; the second is a reject naming it, and the
    assignment number (personal) is not shown."""
    result = esr(
        tmp_path,
        profiles,
        [
            ("7", "70007777", "SY001", "A White - British", NURSE, "Band 5", "Permanent", "Yes"),  # row 2
            ("7", "70007777", "SY001", "A White - British", NURSE, "Band 7", "Permanent", "Yes"),  # row 3
            ("8", "80008888", "SY001", "A White - British", NURSE, "Band 4", "Permanent", "Yes"),  # row 4
            ("8", "80008888", "SY001", "A White - British", NURSE, "Band 4", "Permanent", "Yes"),  # row 5: a repeat
            ("9", "9", "SY001", "A White - British", NURSE, "Band 4", "Permanent", "No"),  # row 6
            ("9", "9-2", "SY001", "A White - British", NURSE, "Band 8a", "Permanent", "Yes"),  # row 7: a second post
        ],
    )
    assert person(result, "7")["band"] == "5"
    rejects = result.rejects
    assert list(rejects["row"]) == [3]
    problem = str(rejects["problem"].iloc[0])
    assert "row 2" in problem
    assert "band 5" in problem
    assert "band 7" in problem
    assert "70007777" not in " ".join(str(v) for v in rejects.to_numpy().ravel())
    # A repeated identical row is merged as before; different assignments still choose by §4.4.
    assert person(result, "8")["band"] == "4"
    assert person(result, "9")["band"] == "8a"
    assert merged_rows(result) == [5, 6]


def profiles_default() -> Profile:
    return builtin_profiles()["esr_staff"]


def test_the_assignment_number_column_is_a_resolver_setting(tmp_path: Path) -> None:
    import tomllib

    from wres.ingest.profiles import parse_profile

    text = (Path(__file__).parents[2] / "src/wres/ingest/builtin_profiles/esr_staff.toml").read_text()
    profile = parse_profile(tomllib.loads(text + '\n[resolver]\nassignment = "Post Ref"\n'), "test", "trust_esr")
    assert profile.assignment_column == "Post Ref"
    assert profiles_default().assignment_column == "Assignment Number"
    header = [h if h != "Assignment Number" else "Post Ref" for h in HEADER]
    assert "Post Ref" in profile.reads(header)
