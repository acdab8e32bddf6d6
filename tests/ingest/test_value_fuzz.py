"""Property tests for issue 13's values (dates outside the range, huge integers, lower-case ESR codes): whatever
is written, a value is either stored exactly as written or rejected, never stored as something else, and never
an internal error."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from wres.config import IngestOptions
from wres.ingest.profiles import builtin_profiles
from wres.ingest.pseudonym import Pseudonymiser
from wres.ingest.readers import read_raw
from wres.ingest.transform import TransformResult, apply_profile
from wres.vocab import parse_ethnicity

PSEUDO = Pseudonymiser(bytes(32))
PROFILES = builtin_profiles()
TODAY = dt.date(2026, 12, 7)


def _map(profile: str, header: str, lines: list[str]) -> tuple[TransformResult, list[int]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "extract.csv"
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        result = apply_profile(read_raw(path), PROFILES[profile], PSEUDO, options=IngestOptions(), today=TODAY)
    return result, sorted(int(r) for r in result.rejects["row"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 28), st.integers(1, 12), st.integers(1, 9999)), min_size=1, max_size=8))
def test_a_date_is_stored_as_written_or_rejected(dates: list[tuple[int, int, int]]) -> None:
    header = "Enrolment ID,Employee Number,Organisation Code,Course Title,Competence Type,Start Date"
    lines = [f"E{i},{i},RXX,Coaching,CPD,{d:02d}/{m:02d}/{y:04d}" for i, (d, m, y) in enumerate(dates)]
    result, rejected = _map("learning_records", header, lines)
    written = [dt.date(y, m, d) for d, m, y in dates]
    expected_rejects = [i + 2 for i, w in enumerate(written) if not 1900 <= w.year <= 2100]
    assert rejected == expected_rejects
    stored = [t.date() for t in result.table["start_date"]]
    assert stored == [w for w in written if 1900 <= w.year <= 2100]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-(10**30), 10**30) | st.integers(1990, 2030), min_size=1, max_size=8))
def test_a_survey_year_is_stored_as_written_or_rejected(years: list[int]) -> None:
    header = "Respondent ID,Survey Year,Ethnic Background,Organisation Code,Q14a"
    lines = [f"R{i},{y},A,RXX,Yes" for i, y in enumerate(years)]
    result, rejected = _map("staff_survey", header, lines)
    assert rejected == [i + 2 for i, y in enumerate(years) if not 2000 <= y <= 2027]
    stored = list(result.tables["survey_respondents"]["survey_year"])
    assert stored == [y for y in years if 2000 <= y <= 2027]


ESR_LABELS = {
    "A": "White - British",
    "H": "Asian or Asian British - Indian",
    "N": "Black or Black British - African",
    "R": "Chinese",
    "S": "Any Other Ethnic Group",
    "D": "Mixed - White & Black Caribbean",
}


@given(st.sampled_from(sorted(ESR_LABELS)), st.data())
def test_any_casing_of_an_esr_value_reads_as_its_code(code: str, data: st.DataObject) -> None:
    value = f"{code} {ESR_LABELS[code]}"
    flips = data.draw(st.lists(st.booleans(), min_size=len(value), max_size=len(value)))
    cased = "".join(c.swapcase() if flip else c for c, flip in zip(value, flips, strict=True))
    assert parse_ethnicity(cased).code == code, cased


_CELL_CHARACTERS = st.sampled_from(
    [*(chr(c) for c in range(0x3001) if chr(c).isspace()), "\ufeff", "\u200b", "a", "1", "é", "\x00", "😀"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_CELL_CHARACTERS, max_size=6), max_size=30))
def test_cells_are_cleaned_in_bulk_exactly_as_one_at_a_time(cells: list[str]) -> None:
    """The bulk cleaner (which asks Arrow which cells need cleaning, for speed) reads every cell as Python's
    ``str.strip()`` with byte-order marks and zero-width spaces removed does, one at a time."""
    import numpy as np

    from wres.ingest.transform import _clean_all

    assert _clean_all(np.array(cells, dtype=object)) == [
        c.replace("\ufeff", "").replace("\u200b", "").strip() for c in cells
    ]
