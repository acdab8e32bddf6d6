"""CSV of every figure: results.csv and counts.csv read back equal the frames; ``[c]`` exactly where suppressed."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from tests.reports.test_workbook import ORG_YEAR, Outputs, trust_outputs

from wres.disclosure import MARKER
from wres.indicators import RESULT_COLUMNS
from wres.indicators.counts import COUNT_COLUMNS
from wres.reports.figures import INTERNAL_STATEMENT, UNSUPPRESSED, write_figures_csv

RESULT_COUNTS = ("a", "n1", "c", "n2", "unknown")
KEY = ["org_code", "year", "indicator", "variant", "category", "breakdown", "stratum", "grouping", "group_a", "group_b"]


@pytest.fixture(scope="module")
def outputs() -> Outputs:
    return trust_outputs()


@pytest.fixture(scope="module")
def written(outputs: Outputs, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    root = tmp_path_factory.mktemp("csv")
    kw: dict[str, Any] = {"org_code": outputs.org, "year": ORG_YEAR}
    return {
        "internal": write_figures_csv(
            outputs.internal.frame,
            outputs.internal.counts,
            root / "internal",
            tier="internal",
            metadata=outputs.internal.metadata,
            **kw,
        ),
        "public": write_figures_csv(
            outputs.public.results,
            outputs.public.counts,
            root / "public",
            tier="public",
            metadata=outputs.public.metadata,
            **kw,
        ),
    }


def read(path: Path) -> pd.DataFrame:
    """A CSV as text, exactly as written (no type guessing, empty stays empty)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def same(text: str, value: Any) -> bool:
    """A CSV field holds the frame's value: empty for missing, the number read back exactly, or the text."""
    if missing(value):
        return text == ""
    if isinstance(value, bool):
        return text == str(value)
    if isinstance(value, int | float):
        return text != "" and float(text) == float(value)
    return text == str(value)


def test_files_and_order(written: dict[str, list[Path]]) -> None:
    for paths in written.values():
        assert [p.name for p in paths] == ["results.csv", "counts.csv", "metadata.json"]
        assert all(p.is_file() for p in paths)


def test_internal_csv_round_trip_equals_the_frames(outputs: Outputs, written: dict[str, list[Path]]) -> None:
    results_path, counts_path, _ = written["internal"]
    for path, frame, columns in (
        (results_path, outputs.internal.frame, RESULT_COLUMNS),
        (counts_path, outputs.internal.counts, COUNT_COLUMNS),
    ):
        csv = read(path)
        assert list(csv.columns) == [*columns, "disclosure"]
        assert len(csv) == len(frame)
        assert (csv["disclosure"] == UNSUPPRESSED).all()
        assert not (csv == MARKER).any().any()
        for col in columns:
            for text, value in zip(csv[col], frame[col], strict=True):
                assert same(text, value), (path.name, col, text, value)
    counts = read(counts_path)
    whole = counts["value"][counts["value"] != ""]
    assert not whole.str.contains(r"\.").any()  # counts are written as whole numbers


def test_public_csv_marks_every_suppressed_figure(outputs: Outputs, written: dict[str, list[Path]]) -> None:
    results_path, counts_path, _ = written["public"]
    public_counts = outputs.public.counts
    counts = read(counts_path)
    assert list(counts.columns) == [*COUNT_COLUMNS, "disclosure"]
    assert counts["disclosure"].tolist() == public_counts["disclosure"].tolist()
    suppressed = (public_counts["disclosure"] == "suppressed").to_numpy()
    assert suppressed.sum() > 100
    assert ((counts["value"] == MARKER).to_numpy() == suppressed).all()
    for text, value, hidden in zip(counts["value"], public_counts["value"], suppressed, strict=True):
        if not hidden:
            assert same(text, value)
    # results: [c] wherever the public tier blanked a figure the internal tier had; numbers equal elsewhere
    results = read(results_path)
    public, internal = outputs.public.results, outputs.internal.frame
    assert results[KEY].astype({"year": int}).equals(internal[KEY].astype({"year": int}).reset_index(drop=True))
    assert list(results.columns) == [*RESULT_COLUMNS, "disclosure"]
    marked = 0
    for col in RESULT_COLUMNS:
        numeric = internal[col].dtype.kind == "f"  # readings (status, side, reason, flags) are words
        for i, (text, value, before) in enumerate(zip(results[col], public[col], internal[col], strict=True)):
            if numeric and missing(value) and not missing(before):
                assert text == MARKER, (col, i)
                marked += 1
            elif text == MARKER:  # empty anyway in a row with a suppressed figure: marking it is allowed
                assert missing(value)
                assert public["disclosure"].iloc[i] == "suppressed"
            else:
                assert same(text, value), (col, i, text, value)
    assert marked > 1_000


def test_public_csv_has_no_count_of_1_to_7(written: dict[str, list[Path]]) -> None:
    results_path, counts_path, _ = written["public"]
    counts = read(counts_path)
    # public-v2 publishes the board's own counts exactly (methods.md §11.2 exemptions): their rows say "exempt"
    counts = counts[counts["disclosure"] != "exempt"]
    shown = counts[(counts["measure"] != "reconstructed") & ~counts["value"].isin(["", MARKER])]["value"].astype(float)
    assert not shown.between(1, 7).any()
    assert (shown % 5 == 0).all()  # rounded to 5, or zero
    results = read(results_path)
    board = results["indicator"] == "9"
    for col in RESULT_COUNTS:
        rows = results[~board] if col in ("a", "n1") else results  # a, n1 of indicator 9: board members (exempt)
        values = rows[col][~rows[col].isin(["", MARKER])].astype(float)
        assert not values.between(1, 7).any(), col


def test_metadata_json(outputs: Outputs, written: dict[str, list[Path]]) -> None:
    internal = json.loads(written["internal"][2].read_text(encoding="utf-8"))
    public = json.loads(written["public"][2].read_text(encoding="utf-8"))
    assert internal["tier"] == "internal"
    assert internal["tier_statement"] == INTERNAL_STATEMENT
    assert internal["marker"] is None
    assert public["tier"] == "public"
    assert public["marker"] == MARKER
    assert public["tier_statement"] == "Public — disclosure policy public-v2 (version 2.0)"
    assert public["footnote"] == outputs.public.metadata["disclosure"]["footnote"]
    assert public["metadata"]["disclosure"]["policy"] == "public-v2"
    for info in (internal, public):
        assert info["org_code"] == outputs.org
        assert info["year"] == ORG_YEAR
        assert info["metadata"]["computed_at"] == outputs.internal.metadata["computed_at"]
        assert info["metadata"]["config"]["indicator3"]["form"] == "rolling"
    assert internal["files"]["results.csv"]["rows"] == len(outputs.internal.frame)
    assert public["files"]["counts.csv"]["rows"] == len(outputs.public.counts)
    assert public["files"]["counts.csv"]["columns"] == [*COUNT_COLUMNS, "disclosure"]


def test_one_organisation_deterministic_and_tier_checked(outputs: Outputs, tmp_path: Path) -> None:
    frame, counts = outputs.internal.frame, outputs.internal.counts
    other_frame = pd.concat([frame, frame.assign(org_code="RZZ")], ignore_index=True)
    other_counts = pd.concat([counts, counts.assign(org_code="RZZ")], ignore_index=True)
    kw: dict[str, Any] = {"org_code": outputs.org, "year": ORG_YEAR, "metadata": outputs.internal.metadata}
    first = write_figures_csv(other_frame, other_counts, tmp_path / "a", tier="internal", **kw)
    again = write_figures_csv(frame, counts, tmp_path / "b", tier="internal", **kw)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    assert set(read(first[0])["org_code"]) == {outputs.org}
    with pytest.raises(ValueError, match="protect"):
        write_figures_csv(frame, counts, tmp_path / "c", tier="public", **kw)
    with pytest.raises(ValueError, match="unknown tier"):
        write_figures_csv(frame, counts, tmp_path / "c", tier="secret", **kw)
    assert not (tmp_path / "c").exists()
