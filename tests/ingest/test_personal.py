"""What is personal and how it is shown (issue 13, "Never prints or stores personal data"):
:mod:`wres.ingest.personal`, header detection in :mod:`wres.ingest.readers` (a data row is never the header) and
masked values in rejects. The end-to-end check through the CLI is ``test_privacy.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.ingest import rawfiles as rf

NAME = "Zebedee Quux"
NI_NUMBER = "QQ123456C"
BIRTH_DATE = "29/02/1964"
BAD_BIRTH_DATE = "31/02/1971"  # a date of birth that is no date
EMPLOYEE_NUMBER = "E99887766"
COMMENT = "Planted remark about Wobblethorpe"
PLANTED = (NAME, NI_NUMBER, BIRTH_DATE, BAD_BIRTH_DATE, EMPLOYEE_NUMBER, COMMENT, "Wobblethorpe")
"""The personal values planted (and pieces of them that must not turn up either)."""


def _hits(text: str) -> list[str]:
    return [value for value in PLANTED if value.casefold() in text.casefold()]


# ------------------------------------------------------------------------ header detection (wres.ingest.readers)

DATA_ROW = [EMPLOYEE_NUMBER, "SY001", NAME, NI_NUMBER, BIRTH_DATE, "Female", "A White - British", "Band 5"]


@pytest.mark.parametrize(
    "row",
    [
        DATA_ROW,
        [NAME, NI_NUMBER, "Nursing and Midwifery Registered", "Female"],  # an NI number is a value
        [NAME, BIRTH_DATE, "Nursing and Midwifery Registered", "Female"],  # so is a date
        [NAME, EMPLOYEE_NUMBER, "Nursing and Midwifery Registered", "Female"],  # and an id
        [NAME, "1964-02-29", "Nursing and Midwifery Registered", "Female"],
    ],
)
def test_a_data_row_is_never_taken_for_the_header(row: list[str]) -> None:
    from wres.ingest.readers import find_header

    assert find_header([row, row]) is None


def test_the_header_is_found_under_title_rows_and_survey_items_are_column_names() -> None:
    from wres.ingest.readers import find_header

    header = ["Respondent ID", "Survey Year", "Ethnic Background", "Q10", "Q14a", "Q101", "Q16b"]
    rows = [["Staff Survey 2024"], ["Run date: 01/04/2025 09:14"], header, ["R1", "2024", "A", "x", "y", "z", "w"]]
    assert find_header(rows) == 2


def test_a_file_without_its_header_row_is_refused_without_showing_a_value(tmp_path: Path) -> None:
    from wres.errors import DataError
    from wres.ingest.readers import read_raw

    path = tmp_path / "esr_staff_2025-03-31.csv"
    path.write_text(rf.csv_text([DATA_ROW] * 5), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_raw(path)
    assert "no header row" in str(caught.value)
    assert not _hits(str(caught.value))
